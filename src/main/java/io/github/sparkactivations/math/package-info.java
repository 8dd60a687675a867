/**
 * The scalar mathematics of each activation, with no Spark in it: one small final class per
 * activation, each a pair of pure static functions {@code value} and {@code derivative}.
 *
 * <p>All functions follow IEEE 754 double arithmetic on the documented formula: NaN in gives NaN
 * out, infinities give the formula's limit, and ELU/SELU use {@link java.lang.StrictMath#expm1}
 * (never {@code exp(x) - 1}, which loses up to eight significant digits near zero). They use
 * {@code StrictMath} so that the results are the same bits on every JVM and equal to those of
 * Spark SQL's {@code exp}/{@code expm1}, which call {@code StrictMath} too.
 */
package io.github.sparkactivations.math;
