package io.github.sparkactivations.math;

/**
 * A derivative near its zero x0, as the Taylor polynomial sum_{k>=1} c_k d^k in d = x - x0
 * (no constant term: f'(x0) = 0). The direct formulas cancel there and lose tens of ulp; the
 * polynomial keeps the relative error at a few ulp. The coefficients come from
 * src/test/python/generate_root_expansions.py (mpmath).
 */
final class RootExpansion {
  private RootExpansion() {}

  /** The polynomial at d, coefficients c_1, c_2, ... in {@code c}. Horner's rule. */
  static double evaluate(double d, double[] c) {
    double p = c[c.length - 1];
    for (int k = c.length - 2; k >= 0; k--) {
      p = Math.fma(p, d, c[k]);
    }
    return p * d;
  }
}
