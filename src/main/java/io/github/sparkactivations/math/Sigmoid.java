package io.github.sparkactivations.math;

/**
 * The logistic sigmoid 1 / (1 + e^-t), for an argument known as a sum t = p + pe of two
 * doubles (pe far smaller: the rounding error of a product). Package-private: shared by the
 * activations built on it.
 */
final class Sigmoid {
  private Sigmoid() {}

  /** sigmoid(p + pe), within about 2 ulp; 0 at p = -Infinity, 1 at +Infinity. */
  static double value(double p, double pe) {
    if (p >= 0.0) {
      double e = StrictMath.exp(-p);
      return 1.0 / (1.0 + Math.fma(-e, pe, e)); // e^-(p + pe) = e^-p * (1 - pe)
    }
    if (p == Double.NEGATIVE_INFINITY) {
      return 0.0; // pe is NaN there
    }
    if (p < -708.0) {
      return Exps.times(1.0 + pe, p); // e^(p + pe), and 1 + e^p = 1
    }
    double e = StrictMath.exp(p);
    e = Math.fma(e, pe, e);
    return e / (1.0 + e);
  }
}
