package io.github.sparkactivations.math;

/**
 * SELU (Klambauer et al., 2017): {@code f(x) = LAMBDA * x} if {@code x > 0}, else
 * {@code LAMBDA * ALPHA * expm1(x)}; {@code f'(x) = LAMBDA} if {@code x > 0}, else
 * {@code LAMBDA * ALPHA * exp(x)}. {@code f(-Infinity) = -LAMBDA * ALPHA}.
 */
public final class SELUFunction {
  private SELUFunction() {}

  /** λ = 1.0507009873554804934193349852946, rounded to the nearest double. */
  public static final double LAMBDA = 1.0507009873554804934193349852946;

  /** α = 1.6732632423543772848170429916717, rounded to the nearest double. */
  public static final double ALPHA = 1.6732632423543772848170429916717;

  /**
   * λ·α of the exact constants, rounded once (not the product of the two rounded doubles), which
   * keeps the negative branch within 2 ulp.
   */
  public static final double LAMBDA_ALPHA = 1.758099340847376859940217520812319342060;

  /** λα - LAMBDA_ALPHA, so that the derivative's λα e^x is not off by the constant's rounding. */
  static final double LAMBDA_ALPHA_LO = 0x1.05161b045a1fep-56;

  /**
   * f(x); NaN gives NaN. Within 2 ulp of the exact value (see the README); expm1 is this
   * library's ({@code NegativeExpm1}, within 0.83 ulp), not {@code StrictMath.expm1}.
   */
  public static double value(double x) {
    return x > 0.0 ? LAMBDA * x : LAMBDA_ALPHA * NegativeExpm1.of(x);
  }

  /**
   * f at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #value}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void valueAll(double[] values, int from, int n) {
    NegativeExpm1.negativeBranch(values, from, n, LAMBDA, LAMBDA_ALPHA);
  }

  /** f'(x); NaN gives NaN. e^x is this library's, as in {@link ELUFunction#derivative}. */
  public static double derivative(double x) {
    return NegativeExpm1.expBranch(x, LAMBDA, LAMBDA_ALPHA, LAMBDA_ALPHA_LO);
  }

  /**
   * f' at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #derivative}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void derivativeAll(double[] values, int from, int n) {
    NegativeExpm1.expBranch(values, from, n, LAMBDA, LAMBDA_ALPHA, LAMBDA_ALPHA_LO);
  }
}
