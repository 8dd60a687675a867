package io.github.sparkactivations.math;

/**
 * CELU (Barron, 2017): {@code f(x) = max(0, x) + min(0, alpha * expm1(x / alpha))}, that is
 * {@code x} if {@code x > 0}, else {@code alpha * expm1(x / alpha)};
 * {@code f'(x) = 1} if {@code x > 0}, else {@code exp(x / alpha)}. alpha is finite and non-zero;
 * with alpha = 1 CELU is ELU. {@code f(-Infinity) = -alpha} (for alpha &gt; 0), f' = 0 there.
 */
public final class CELUFunction {
  private CELUFunction() {}

  /**
   * f(x); NaN gives NaN. Within 2 ulp of the exact value (see the README). For alpha &gt; 0 the
   * expm1 is this library's ({@code NegativeExpm1}, within 0.83 ulp), as for ELU.
   */
  public static double value(double x, double alpha) {
    if (alpha > 0.0) {
      return NegativeExpm1.celu(x, alpha);
    }
    if (x > 0.0 || x != x || x == 0.0) {
      return x; // f(+-0) = +-0, as alpha * expm1(+-0 / alpha) gives for either sign of alpha
    }
    double t = x / alpha;
    if (Double.isInfinite(t)) {
      return alpha * StrictMath.expm1(t); // -Infinity for alpha < 0
    }
    // t = x / alpha is rounded; r / alpha is what it missed (r exact by fma), and
    // expm1(t + r/alpha) = expm1(t) + exp(t) * r/alpha to first order, so
    // alpha * expm1(x / alpha) = alpha * expm1(t) + exp(t) * r. NegativeExpm1.celu does the
    // same for alpha > 0, with exp(t) = expm1(t) + 1.
    double r = Math.fma(-t, alpha, x);
    return Math.fma(alpha, StrictMath.expm1(t), StrictMath.exp(t) * r);
  }

  /**
   * f at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #value}, with SIMD instructions for alpha &gt; 0 where the JVM has
   * {@code jdk.incubator.vector}.
   */
  public static void valueAll(double[] values, int from, int n, double alpha) {
    if (alpha > 0.0) {
      NegativeExpm1.celu(values, from, n, alpha);
      return;
    }
    for (int i = from; i < from + n; i++) {
      values[i] = value(values[i], alpha);
    }
  }

  /**
   * f'(x); NaN gives NaN. For alpha &gt; 0, e^(x / alpha) is this library's
   * ({@code NegativeExpm1.celuDerivative}).
   */
  public static double derivative(double x, double alpha) {
    if (alpha > 0.0) {
      return NegativeExpm1.celuDerivative(x, alpha);
    }
    if (x > 0.0 || x != x) {
      return x != x ? x : 1.0;
    }
    double t = x / alpha;
    if (Double.isInfinite(t)) {
      return StrictMath.exp(t); // 0, or +Infinity for alpha < 0
    }
    // exp(t + r/alpha) = exp(t) * (1 + r/alpha): without it the rounding of t would be
    // amplified |t|-fold (hundreds of ulp near t = -700).
    double r = Math.fma(-t, alpha, x);
    double e = StrictMath.exp(t);
    return Math.fma(e, r / alpha, e);
  }

  /**
   * f' at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #derivative}, with SIMD instructions for alpha &gt; 0 where the JVM has
   * {@code jdk.incubator.vector}.
   */
  public static void derivativeAll(double[] values, int from, int n, double alpha) {
    if (alpha > 0.0) {
      NegativeExpm1.celuDerivative(values, from, n, alpha);
      return;
    }
    for (int i = from; i < from + n; i++) {
      values[i] = derivative(values[i], alpha);
    }
  }
}
