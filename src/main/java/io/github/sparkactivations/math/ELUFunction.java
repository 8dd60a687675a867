package io.github.sparkactivations.math;

/**
 * ELU (Clevert et al., 2015): {@code f(x) = x} if {@code x > 0}, else {@code alpha * expm1(x)};
 * {@code f'(x) = 1} if {@code x > 0}, else {@code alpha * exp(x)}. {@code f(-Infinity) = -alpha}.
 */
public final class ELUFunction {
  private ELUFunction() {}

  /** f(x); NaN gives NaN. Within 2 ulp of the exact value (see the README). */
  public static double value(double x, double alpha) {
    return x > 0.0 ? x : alpha * StrictMath.expm1(x);
  }

  /** f'(x); NaN gives NaN. */
  public static double derivative(double x, double alpha) {
    return x > 0.0 ? 1.0 : alpha * StrictMath.exp(x);
  }
}
