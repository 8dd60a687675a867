/**
 * The activations as Spark SQL: {@link io.github.sparkactivations.sql.ActivationFunctions}
 * (static {@code Column} functions for Java) and
 * {@link io.github.sparkactivations.sql.ActivationExtensions} (SQL functions, enabled with
 * {@code spark.sql.extensions=io.github.sparkactivations.sql.ActivationExtensions}).
 *
 * <p>{@link io.github.sparkactivations.sql.ElementwiseExpression} is the Catalyst expression
 * behind both and behind the element-wise stages' vector and array columns: generated code over
 * Spark's internal form of the column, with an interpreted twin for when code generation is off.
 * It is the only class of the library that touches Catalyst internals.
 */
package io.github.sparkactivations.sql;
