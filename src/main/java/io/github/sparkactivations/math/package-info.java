/**
 * The scalar mathematics of each activation, with no Spark in it: one small final class per
 * activation, each a pair of pure static functions {@code value} and {@code derivative}.
 *
 * <p>All functions follow IEEE 754 double arithmetic on the documented formula: NaN in gives NaN
 * out, infinities give the formula's limit, and ELU/SELU/CELU use an expm1 (never
 * {@code exp(x) - 1}, which loses up to eight significant digits near zero). Every function gives
 * the same bits on every JVM: they use {@code StrictMath} (as Spark SQL's {@code exp},
 * {@code log1p}, ... do) or, for the values of ELU, SELU, CELU (alpha &gt; 0), SiLU, Mish,
 * Softplus and GELU (both forms) and the derivatives of ELU, SELU, CELU (alpha &gt; 0), SiLU,
 * Mish, Softplus and GELU, this library's own expm1, exp, log1p and erfcx of plain IEEE operations
 * ({@code NegativeExpm1}, {@code GELUFunction}), whose SIMD
 * form for whole rows gives the same bits as its one-element form. Numeric columns of these
 * therefore go through the library's expression too, not Spark SQL's {@code expm1}, so that
 * every column type agrees.
 */
package io.github.sparkactivations.math;
