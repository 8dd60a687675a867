package io.github.sparkactivations.sql;

import io.github.sparkactivations.ml.ElementwiseFunction;
import io.github.sparkactivations.ml.InvalidRowException;

import java.io.Serializable;

/**
 * What an {@link ElementwiseExpression} applies, and what it does with invalid rows: the scalar
 * function of one activation (f or f'), its name and constant arguments as SQL shows them, and
 * the wording of its errors. Immutable; shared by the copies Catalyst makes of the expression, so
 * that they compare equal.
 */
public final class ElementwiseKernel implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a null input and an invalid row (null element, wrong length) give. */
  public enum Mode {
    /** Both fail the query (a stage with {@code handleInvalid = "error"}). */
    ERROR,
    /** Both give null (a stage with {@code handleInvalid = "keep"} or {@code "skip"}). */
    NULL,
    /** A null input gives null, as SQL functions do; an invalid row fails the query. */
    SQL
  }

  private final String name;
  private final String arguments;
  private final ElementwiseFunction function;
  private final Mode mode;
  private final String messagePrefix;
  private final String messageSuffix;
  private final boolean preservesZero;
  private final int size;

  /**
   * @param name the function's name in SQL text and plans, e.g. {@code relu_derivative}
   * @param arguments its constant arguments after the column as SQL text, e.g. {@code 0.0, 6.0}
   *     (empty for none)
   * @param function the scalar function applied to each element
   * @param mode what null inputs and invalid rows give
   * @param messagePrefix the start of an error message, naming the stage or function and the
   *     column; the problem follows it
   * @param messageSuffix the end of an error message (e.g. how to avoid the error)
   */
  public ElementwiseKernel(String name, String arguments, ElementwiseFunction function, Mode mode,
      String messagePrefix, String messageSuffix) {
    this.name = name;
    this.arguments = arguments;
    this.function = function;
    this.mode = mode;
    this.messagePrefix = messagePrefix;
    this.messageSuffix = messageSuffix;
    this.preservesZero = function.preservesZero();
    this.size = function.size();
  }

  public String name() {
    return name;
  }

  public String arguments() {
    return arguments;
  }

  public ElementwiseFunction function() {
    return function;
  }

  public Mode mode() {
    return mode;
  }

  /** True when f(+0.0) = +0.0 for every element, so sparse vectors stay sparse. */
  public boolean preservesZero() {
    return preservesZero;
  }

  /** The number of elements the function is defined for, or -1 for any. */
  public int size() {
    return size;
  }

  /** The error for an invalid row (generated code throws it). */
  public InvalidRowException invalid(String problem) {
    return new InvalidRowException(messagePrefix + problem + messageSuffix);
  }

  /** The problem with a row of {@code n} elements, or null if its length fits. */
  public String lengthProblem(int n) {
    return size < 0 || size == n ? null
        : "has a row of " + n + " elements, but " + size + " are expected";
  }

  /**
   * The problem with a sparse row of size n whose output is dense (f(0) is not 0), or null if a
   * dense vector of that size fits in a Spark row ({@link VectorRows#MAX_DENSE}).
   */
  public String denseProblem(int n) {
    return n <= VectorRows.MAX_DENSE ? null
        : "has a sparse row of size " + n + ", whose output is dense (" + name + "(0) = "
            + function.apply(0, 0.0) + ", not 0), but a dense vector holds at most "
            + VectorRows.MAX_DENSE + " values in Spark";
  }

  @Override
  public String toString() {
    return name + (arguments.isEmpty() ? "" : "(" + arguments + ")");
  }
}
