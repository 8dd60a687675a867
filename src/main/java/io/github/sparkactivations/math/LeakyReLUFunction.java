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
    if (x > 0.0) {
      return x;
    }
    if (alpha == 0.0) {
      return x != x ? x : 0.0;
    }
    return alpha * x;
  }

  /** f'(x); NaN gives NaN. */
  public static double derivative(double x, double alpha) {
    if (x > 0.0) {
      return 1.0;
    }
    return x != x ? x : alpha;
  }
}
