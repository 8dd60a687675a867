package io.github.sparkactivations.math;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.Erfcx;

/**
 * GELU (Hendrycks and Gimpel, 2016), exact form: {@code f(x) = x * Phi(x)} with the normal
 * distribution function {@code Phi(x) = erfc(-x / sqrt(2)) / 2};
 * {@code f'(x) = Phi(x) + x * phi(x)}, {@code phi(x) = exp(-x^2 / 2) / sqrt(2 pi)}. erfc and
 * the scaled erfcx = e^(v^2) erfc(v) come from Apache Commons Numbers. {@code f(+Infinity) =
 * +Infinity}, {@code f'(+Infinity) = 1}; at -Infinity f and f' are -0.0 (the limits, from
 * below). f' crosses zero at x0 = -0.75179...; around it f' is a Taylor polynomial in x - x0.
 * The tanh approximation is {@link GELUTanhFunction}.
 */
public final class GELUFunction {
  private GELUFunction() {}

  // 1/sqrt(2), 2/sqrt(pi), 1/sqrt(pi) as double-doubles (hi + lo) where it matters.
  private static final double INV_SQRT2 = 0x1.6a09e667f3bcdp-1;
  private static final double INV_SQRT2_LO = -0x1.bdd3413b26456p-55;
  private static final double TWO_OVER_SQRT_PI = 0x1.20dd750429b6dp+0;
  private static final double INV_SQRT_PI = 0x1.20dd750429b6dp-1;
  private static final double INV_SQRT_PI_LO = 0x1.1ae3a914fed80p-57;
  private static final double INV_SQRT_2PI = 0x1.9884533d43651p-2;

  /** f(x); NaN gives NaN. Within 4 ulp of the exact value (see the README). */
  public static double value(double x) {
    if (x != x || x == Double.POSITIVE_INFINITY) {
      return x;
    }
    if (x >= -0.5) {
      // Phi(x) = erfc(-u) / 2 with u = x / sqrt(2): erfc(-u) is in [0.61, 2], where the
      // rounding of u barely matters. (Also keeps the sign of -0.0 and of tiny negatives.)
      return x * (0.5 * Erfc.value(-x * INV_SQRT2));
    }
    if (x < -40.0) {
      return -0.0; // |x Phi(x)| < 1e-340: the limit -0.0, also at -Infinity
    }
    // v = -x / sqrt(2) > 0 as vh + vl; erfc(v) = e^(-v^2) (erfcx(vh) - 2/sqrt(pi) vl) to first
    // order in vl, and e^(-vh^2) = e^(-s) (1 - se) with vh^2 = s + se exactly. Without this the
    // rounding of v would be amplified about 2 v^2 times (a thousand ulp near x = -37).
    double vh = -x * INV_SQRT2;
    double vl = Math.fma(-x, INV_SQRT2, -vh) - x * INV_SQRT2_LO;
    double s = vh * vh;
    double se = Math.fma(vh, vh, -s);
    // x erfcx(vh) as p + pe exactly; the small terms are gathered before one rounding.
    double e = Erfcx.value(vh);
    double p = x * e;
    double pe = Math.fma(x, e, -p);
    double m = 0.5 * (p + (pe - x * TWO_OVER_SQRT_PI * vl - p * se));
    return Exps.times(m, -s);
  }

  /** f'(x); NaN gives NaN. */
  public static double derivative(double x) {
    if (x != x) {
      return x;
    }
    if (x >= 0.0) {
      if (x > 40.0) {
        return 1.0; // 1 - Phi(x) and x phi(x) are below 1e-340; also at +Infinity
      }
      // Phi(x) + x phi(x), both positive; phi(x) = e^(-x^2/2) / sqrt(2 pi) with x^2 split.
      double s = 0.5 * (x * x);
      double se = 0.5 * Math.fma(x, x, -(x * x));
      double phi = Exps.times(INV_SQRT_2PI, -s);
      return 0.5 * Erfc.value(-x * INV_SQRT2) + x * Math.fma(-phi, se, phi);
    }
    if (x < -40.0) {
      return -0.0; // the limit from below, also at -Infinity
    }
    if (ROOT.covers(x)) {
      return ROOT.at(x);
    }
    // With v = -x/sqrt(2) = vh + vl: Phi(x) = e^(-v^2) (erfcx(vh) - 2/sqrt(pi) vl) / 2 and
    // x phi(x) = -(v / sqrt(pi)) e^(-v^2), so f' = e^(-vh^2) * B to first order in vl, with
    // B = erfcx(vh)/2 - vh/sqrt(pi) + (vl/sqrt(pi)) (2 vh^2 - 2).
    double vh = -x * INV_SQRT2;
    double vl = Math.fma(-x, INV_SQRT2, -vh) - x * INV_SQRT2_LO;
    double s = vh * vh;
    double se = Math.fma(vh, vh, -s);
    // B in double-double: vh/sqrt(pi) as q + qe, erfcx(vh)/2 - q as bh + be (TwoSum), and
    // the small terms gathered before one rounding.
    double h = 0.5 * Erfcx.value(vh);
    double q = vh * INV_SQRT_PI;
    double qe = Math.fma(vh, INV_SQRT_PI, -q) + vh * INV_SQRT_PI_LO;
    double bh = h - q;
    double bv = bh - h;
    double be = (h - (bh - bv)) + (-q - bv);
    double b = bh + (be - qe + vl * INV_SQRT_PI * (2.0 * s - 2.0) - bh * se);
    return Exps.times(b, -s);
  }

  // GELUFunction: zero of f' at -0.75179152469356445745790494678;
  // window 0.375, degree 20, truncation error < 8.93e-19
  static final double ROOT_HI = -0x1.80ead197f00b4p-1;
  static final double ROOT_LO = 0x1.13e74c58cada8p-56;
  static final double ROOT_WINDOW = 0.375;
  static final double[] ROOT_TAYLOR = {
      0x1.b9d98fa5a3215p-2,
      0x1.8d9a941de3ac5p-2,
      -0x1.2a2ef9bb865aep-6,
      -0x1.d2fa4c17c7e84p-4,
      -0x1.e4088244f901dp-7,
      0x1.3e346def42057p-6,
      0x1.297b9d6ffaacdp-8,
      -0x1.258a6d85633afp-9,
      -0x1.8680f74e6b6bap-11,
      0x1.86c863b66083cp-13,
      0x1.69610924deba8p-14,
      -0x1.784acad4b941ep-17,
      -0x1.03fec69bdd554p-17,
      0x1.d0c38b7a117ccp-22,
      0x1.322a347f1968bp-21,
      -0x1.b9057b3d93486p-30,
      -0x1.3099122c48e32p-25,
      -0x1.7ffd0f708645ap-30,
      0x1.0592d74158a0ap-29,
      0x1.3effe0efcb25fp-33};
  private static final RootExpansion ROOT =
      new RootExpansion(ROOT_HI, ROOT_LO, ROOT_WINDOW, ROOT_TAYLOR);
}
