package io.github.sparkactivations.math;

/**
 * ReLU with a threshold {@code t} and a cap {@code m}: {@code f(x) = min(x, m)} if {@code x > t},
 * else {@code +0.0}; {@code f'(x) = 1} if {@code t < x < m}, else 0.
 *
 * <p>With {@code t = 0, m = +Infinity} this is the plain ReLU; {@code m = 6} gives ReLU6. With no
 * cap ({@code m = +Infinity}) the upper bound is absent, so {@code f'(+Infinity) = 1}, as for
 * LeakyReLU. The callers guarantee {@code m > t}.
 */
public final class ReLUFunction {
  private ReLUFunction() {}

  /** f(x); NaN gives NaN. */
  public static double value(double x, double threshold, double maxValue) {
    if (threshold == 0.0) {
      // The same values (x <= 0 and -0.0 give +0.0, NaN stays NaN) without a data-dependent
      // branch: Math.max/min compile to branch-free instructions, which is about twice as fast
      // on inputs of random sign (mispredicted branches).
      return Math.max(Math.min(x, maxValue), 0.0);
    }
    if (x > threshold) {
      return x < maxValue ? x : maxValue;
    }
    return x != x ? x : 0.0;
  }

  /**
   * f at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #value}, with SIMD instructions and no branch on the data where the JVM has
   * {@code jdk.incubator.vector}.
   */
  public static void valueAll(double[] values, int from, int n, double threshold,
      double maxValue) {
    NegativeExpm1.relu(values, from, n, threshold, maxValue);
  }

  /** f'(x); NaN gives NaN. */
  public static double derivative(double x, double threshold, double maxValue) {
    return NegativeExpm1.step(x, threshold, maxValue, 0.0, 1.0);
  }

  /**
   * f' at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #derivative}, with SIMD instructions and no branch on the data where the JVM has
   * {@code jdk.incubator.vector}.
   */
  public static void derivativeAll(double[] values, int from, int n, double threshold,
      double maxValue) {
    NegativeExpm1.step(values, from, n, threshold, maxValue, 0.0, 1.0);
  }
}
