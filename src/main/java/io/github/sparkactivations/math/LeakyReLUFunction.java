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

  /** f(x); NaN gives NaN. */
  public static double value(double x, double alpha) {
    // Branch-free forms where they give exactly the same values, signed zeros included (a
    // data-dependent branch costs about twice as much on inputs of random sign).
    if (alpha == 0.0) {
      return Math.max(x, 0.0);
    }
    if (alpha > 0.0 && alpha <= 1.0) {
      return valueForSlopeInUnitInterval(x, alpha);
    }
    if (alpha > 1.0) {
      return Math.min(x, alpha * x);
    }
    // alpha < 0: Math.max would give +0.0 at x = +0.0, where the contract gives alpha * x = -0.0.
    return x > 0.0 ? x : alpha * x;
  }

  /**
   * f(x) for a slope with {@code 0 < alpha <= 1}: what {@link #value} gives for it, with no
   * branch on alpha, so that a loop over elements with different slopes in that range (PReLU)
   * compiles to SIMD code.
   */
  public static double valueForSlopeInUnitInterval(double x, double alpha) {
    return Math.max(x, alpha * x);
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
}
