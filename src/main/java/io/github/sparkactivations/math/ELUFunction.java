package io.github.sparkactivations.math;

/**
 * ELU (Clevert et al., 2015): {@code f(x) = x} if {@code x > 0}, else {@code alpha * expm1(x)};
 * {@code f'(x) = 1} if {@code x > 0}, else {@code alpha * exp(x)}. {@code f(-Infinity) = -alpha}.
 */
public final class ELUFunction {
  private ELUFunction() {}

  /**
   * f(x); NaN gives NaN. Within 2 ulp of the exact value (see the README); expm1 is this
   * library's ({@code NegativeExpm1}, within 0.83 ulp), not {@code StrictMath.expm1}.
   */
  public static double value(double x, double alpha) {
    return x > 0.0 ? x : alpha * NegativeExpm1.of(x);
  }

  /**
   * f at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #value}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void valueAll(double[] values, int from, int n, double alpha) {
    NegativeExpm1.negativeBranch(values, from, n, 1.0, alpha);
  }

  /**
   * f'(x); NaN gives NaN. e^x is this library's ({@code NegativeExpm1.exp}, within 0.6 ulp; below
   * x = -708, where e^x is subnormal, alpha e^x is computed so as to keep its bits).
   */
  public static double derivative(double x, double alpha) {
    return NegativeExpm1.expBranch(x, 1.0, alpha, 0.0);
  }

  /**
   * f' at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #derivative}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void derivativeAll(double[] values, int from, int n, double alpha) {
    NegativeExpm1.expBranch(values, from, n, 1.0, alpha, 0.0);
  }
}
