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

  /** f(x); NaN gives NaN. Within 4 ulp of the exact value (see the README). */
  public static double value(double x, double beta, double threshold) {
    double p = beta * x;
    // p + pe = beta * x exactly (fma gives the rounding error of the product).
    double pe = Math.fma(beta, x, -p);
    if (x != x || p > threshold || (p == threshold && pe > 0.0)) {
      return x;
    }
    if (p == Double.NEGATIVE_INFINITY) {
      return 0.0;
    }
    if (p > 0.0) {
      // log1p(e^p) = p + log1p(e^-p): no overflow, and no cancellation for large p.
      return (p + (StrictMath.log1p(StrictMath.exp(-p)) + pe)) / beta;
    }
    if (p < -708.0) {
      // log1p(e^p) = e^p to double precision; e^(p + pe) / beta = e^p * ((1 + pe) / beta).
      return Exps.times((1.0 + pe) / beta, p);
    }
    double e = StrictMath.exp(p);
    return StrictMath.log1p(Math.fma(e, pe, e)) / beta; // e^(p + pe) = e^p * (1 + pe)
  }

  /** f'(x); NaN gives NaN. */
  public static double derivative(double x, double beta, double threshold) {
    double p = beta * x;
    double pe = Math.fma(beta, x, -p);
    if (x != x) {
      return x;
    }
    if (p > threshold || (p == threshold && pe > 0.0) || p == Double.POSITIVE_INFINITY) {
      return 1.0;
    }
    return Sigmoid.value(p, pe);
  }
}
