package io.github.sparkactivations.math;

/**
 * Leaky ReLU with slope {@code alpha}: {@code f(x) = x} if {@code x > 0}, else {@code alpha * x};
 * {@code f'(x) = 1} if {@code x > 0}, else {@code alpha}. PReLU is this function with a slope per
 * element.
 *
 * <p>{@code alpha = 0} behaves exactly as ReLU: every {@code x <= 0}, including {@code -0.0} and
 * {@code -Infinity}, gives {@code +0.0} (IEEE would give {@code -0.0} and NaN).
 */
public final class LeakyReLUFunction {
  private LeakyReLUFunction() {}

  /** f(x); a NaN gives itself, bit for bit (except for alpha &lt; 0, where alpha times it). */
  public static double value(double x, double alpha) {
    // Branch-free forms where they give exactly the same values, signed zeros included (a
    // data-dependent branch costs about twice as much on inputs of random sign); the one branch
    // left, on NaN, is never taken on numbers.
    if (alpha == 0.0) {
      return Math.max(x, 0.0);
    }
    if (alpha < 0.0) {
      // Math.max would give +0.0 at x = +0.0, where the contract gives alpha * x = -0.0.
      return x > 0.0 ? x : alpha * x;
    }
    if (x != x) {
      // Both arguments of the max or min below would be NaN, and Java does not say which one
      // they return: for a signalling NaN (alpha times it is another NaN, the quiet one) the
      // interpreter returned x and compiled code alpha * x.
      return x;
    }
    return alpha <= 1.0 ? Math.max(x, alpha * x) : Math.min(x, alpha * x);
  }

  /**
   * f at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #value}, with SIMD instructions and no branch on the data where the JVM has
   * {@code jdk.incubator.vector}.
   */
  public static void valueAll(double[] values, int from, int n, double alpha) {
    NegativeExpm1.leakyRelu(values, from, n, alpha);
  }

  /** f'(x); NaN gives NaN. */
  public static double derivative(double x, double alpha) {
    return NegativeExpm1.step(x, 0.0, Double.POSITIVE_INFINITY, alpha, 1.0);
  }

  /**
   * f' at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #derivative}, with SIMD instructions and no branch on the data where the JVM has
   * {@code jdk.incubator.vector}.
   */
  public static void derivativeAll(double[] values, int from, int n, double alpha) {
    NegativeExpm1.step(values, from, n, 0.0, Double.POSITIVE_INFINITY, alpha, 1.0);
  }

  /**
   * f with the slope {@code alphas[i]} at {@code values[from + i]} for i in [0, n), in place
   * (PReLU): the same bits as {@link #value}, with SIMD instructions and no branch on the data or
   * the slopes where the JVM has {@code jdk.incubator.vector}.
   */
  public static void valueAll(double[] values, int from, int n, double[] alphas) {
    NegativeExpm1.leakyRelu(values, from, n, alphas);
  }

  /**
   * f' with the slope {@code alphas[i]} at {@code values[from + i]} for i in [0, n), in place
   * (PReLU): the same bits as {@link #derivative}, with SIMD instructions where the JVM has
   * {@code jdk.incubator.vector}.
   */
  public static void derivativeAll(double[] values, int from, int n, double[] alphas) {
    NegativeExpm1.leakyReluDerivative(values, from, n, alphas);
  }
}
