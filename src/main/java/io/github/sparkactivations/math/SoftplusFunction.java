package io.github.sparkactivations.math;

/**
 * Softplus (Dugas et al., 2001), with PyTorch's parameters: {@code f(x) = log1p(exp(beta * x))
 * / beta}, and {@code x} itself where {@code beta * x > threshold} (the exact product is
 * compared); {@code f'(x) = sigmoid(beta * x)}, and 1 where {@code beta * x > threshold}.
 * beta &gt; 0 and threshold are finite. f(0) = log(2) / beta, so outputs are never sparse.
 * {@code f(-Infinity) = +0.0}, {@code f(+Infinity) = +Infinity}.
 */
public final class SoftplusFunction {
  private SoftplusFunction() {}

  /**
   * f(x); NaN gives NaN. Within 4 ulp of the exact value (see the README). e^-|beta x| and log1p
   * are this library's ({@code NegativeExpm1}), so that whole rows can use SIMD instructions
   * ({@link #valueAll}) and give the same bits.
   */
  public static double value(double x, double beta, double threshold) {
    double p = beta * x;
    // p + pe = beta * x exactly (fma gives the rounding error of the product).
    double pe = Math.fma(beta, x, -p);
    if (x != x || p > threshold || (p == threshold && pe > 0.0)) {
      return x;
    }
    if (p < NegativeExpm1.LOW_EXP) {
      // log1p(e^p) = e^p to double precision; e^(p + pe) / beta = e^p * ((1 + pe) / beta).
      return p == Double.NEGATIVE_INFINITY ? 0.0 : Exps.times((1.0 + pe) / beta, p);
    }
    double u = NegativeExpm1.exp(-Math.abs(p));
    if (p > 0.0) {
      // log1p(e^p) = p + log1p(e^-p): no overflow, and no cancellation for large p.
      return (p + (NegativeExpm1.log1p(u) + pe)) / beta;
    }
    return NegativeExpm1.log1p(Math.fma(u, pe, u)) / beta; // e^(p + pe) = e^p * (1 + pe)
  }

  /**
   * f at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #value}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void valueAll(double[] values, int from, int n, double beta, double threshold) {
    NegativeExpm1.softplus(values, from, n, beta, threshold);
  }

  /** f'(x); NaN gives NaN. e^-|beta x| is this library's, as in {@link #value}. */
  public static double derivative(double x, double beta, double threshold) {
    double p = beta * x;
    double pe = Math.fma(beta, x, -p);
    if (x != x) {
      return x;
    }
    if (p > threshold || (p == threshold && pe > 0.0) || p == Double.POSITIVE_INFINITY) {
      return 1.0;
    }
    return NegativeExpm1.sigmoid(p, pe);
  }

  /**
   * f' at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #derivative}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void derivativeAll(double[] values, int from, int n, double beta,
      double threshold) {
    NegativeExpm1.softplusDerivative(values, from, n, beta, threshold);
  }
}
