package io.github.sparkactivations.math;

/**
 * A derivative near its zero x0, as the Taylor polynomial sum_{k>=1} c_k d^k in d = x - x0
 * (no constant term: f'(x0) = 0), used within a window |x - x0| &lt; w. The direct formulas
 * cancel there and lose tens of ulp; the polynomial keeps the relative error at a few ulp. x0 is
 * a double-double (hi + lo); the constants come from
 * src/test/python/generate_root_expansions.py (mpmath).
 */
final class RootExpansion {
  private final double hi;
  private final double lo;
  private final double window;
  private final double[] c;

  RootExpansion(double hi, double lo, double window, double[] c) {
    this.hi = hi;
    this.lo = lo;
    this.window = window;
    this.c = c.clone();
  }

  /** True when x is within the window around the zero. */
  boolean covers(double x) {
    return Math.abs(x - hi) < window;
  }

  /** The polynomial at x (Horner's rule in d = x - x0; x - hi is exact within the window). */
  double at(double x) {
    double d = (x - hi) - lo;
    double p = c[c.length - 1];
    for (int k = c.length - 2; k >= 0; k--) {
      p = Math.fma(p, d, c[k]);
    }
    return p * d;
  }
}
