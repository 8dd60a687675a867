package io.github.sparkactivations.math;

/**
 * GELU (Hendrycks and Gimpel, 2016), exact form: {@code f(x) = x * Phi(x)} with the normal
 * distribution function {@code Phi(x) = erfc(-x / sqrt(2)) / 2};
 * {@code f'(x) = Phi(x) + x * phi(x)}, {@code phi(x) = exp(-x^2 / 2) / sqrt(2 pi)}. Both use
 * erfc(a) = e^(-a^2) erfcx(a) with the scaled erfcx from this library's polynomial ({@link
 * #ERFCX}) and e^x ({@code NegativeExpm1.exp}). {@code f(+Infinity) =
 * +Infinity}, {@code f'(+Infinity) = 1}; at -Infinity f and f' are -0.0 (the limits, from
 * below). f' crosses zero at x0 = -0.75179...; around it f' is a Taylor polynomial in x - x0.
 * The tanh approximation is {@link GELUTanhFunction}.
 */
public final class GELUFunction {
  private GELUFunction() {}

  // 1/sqrt(2), 2/sqrt(pi), 1/sqrt(pi) as double-doubles (hi + lo) where it matters.
  static final double INV_SQRT2 = 0x1.6a09e667f3bcdp-1;
  static final double INV_SQRT2_LO = -0x1.bdd3413b26456p-55;
  static final double TWO_OVER_SQRT_PI = 0x1.20dd750429b6dp+0;
  static final double INV_SQRT_PI = 0x1.20dd750429b6dp-1;
  static final double INV_SQRT_PI_LO = 0x1.1ae3a914fed80p-57;

  /**
   * f(x); NaN gives NaN. Within 4 ulp of the exact value (see the README). erfc comes from
   * this library's erfcx polynomial and e^x ({@link #ERFCX}, {@code NegativeExpm1.exp}), so that
   * whole rows can use SIMD instructions ({@link #valueAll}) and give the same bits.
   *
   * <p>With a = |x| / sqrt(2) = ah + al and T = |x| erfc(a) / 2: f = -T for x &lt; 0 and
   * f = x - T for x &gt;= 0 (Phi(x) = 1 - erfc(a) / 2; T &lt;= x / 2, so nothing cancels).
   * erfc(a) = e^(-ah^2) (erfcx(ah) - 2/sqrt(pi) al) to first order in al, and e^(-ah^2) =
   * e^(-s) (1 - se) with ah^2 = s + se exactly: without this the rounding of a would be
   * amplified about 2 a^2 times (a thousand ulp near x = -37).
   */
  public static double value(double x) {
    if (x != x || x > 40.0) {
      return x; // 1 - Phi(x) < 1e-340; also +Infinity
    }
    if (x < -40.0) {
      return -0.0; // |x Phi(x)| < 1e-340: the limit -0.0, also at -Infinity
    }
    double ax = Math.abs(x);
    double ah = ax * INV_SQRT2;
    double al = Math.fma(ax, INV_SQRT2, -ah) + ax * INV_SQRT2_LO;
    double s = ah * ah;
    double se = Math.fma(ah, ah, -s);
    double[] lo = new double[1];
    double ex = erfcx(ah, lo);
    double exl = lo[0];
    // T's factor besides e^-s, 0.5 (|x| erfcx(ah) - |x| 2/sqrt(pi) al - |x| erfcx(ah) se), with
    // |x| erfcx(ah) as m + me and the small terms gathered before one rounding.
    double m = ax * ex;
    double me = Math.fma(ax, ex, -m) + ax * exl;
    double tm = 0.5 * (m + (me - ax * TWO_OVER_SQRT_PI * al - m * se));
    if (x < LOW_SIMD) {
      return -Exps.times(tm, -s); // e^-s near or below the subnormal range
    }
    double t = tm * NegativeExpm1.exp(-s);
    return x >= 0.0 ? x - t : -t; // -0.0 - (+0.0) = -0.0
  }

  /**
   * erfcx(a) for 0 &lt;= a (a above 30 is taken as 30) as ex + lo[0], within about 0.8 ulp, in
   * the steps each SIMD lane takes: P(y) / (1 + 2a) with P = c0 + y Q(y) summed in double-double
   * (c0 too: rounded, it alone costs up to 0.5 ulp), 1 + 2a = d + de exactly (TwoSum), and the
   * low part from the exact remainder of ph / d. Rounding them instead cost GELU 3.88 ulp, not
   * 2.14, at most over 200,000 random inputs.
   */
  static double erfcx(double a, double[] lo) {
    double ac = Math.min(a, ERFCX_A_MAX);
    double y = ERFCX_C1 * ac / (ac + ERFCX_K) - 1.0;
    double q = erfcxTail(y);
    double yq = y * q;
    double yqe = Math.fma(y, q, -yq);
    double ph = ERFCX[0] + yq;
    double pv = ph - ERFCX[0];
    double pl = ((ERFCX[0] - (ph - pv)) + (yq - pv)) + (yqe + ERFCX_0_LO);
    double b = 2.0 * ac;
    double d = b + 1.0;
    double bv = d - 1.0;
    double de = (1.0 - (d - bv)) + (b - bv);
    double inv = 1.0 / d; // apart from the polynomial, so the two can overlap
    double ex = ph * inv;
    lo[0] = (Math.fma(-ex, d, ph) + pl - ex * de) * inv;
    return ex;
  }

  /**
   * f at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #value}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void valueAll(double[] values, int from, int n) {
    NegativeExpm1.gelu(values, from, n);
  }

  /** Below this, e^(-x^2/2) &lt; e^-703 nears the subnormal range: one element at a time. */
  static final double LOW_SIMD = -37.5;

  /**
   * erfcx(a) (1 + 2a) is a polynomial P in y = 2.25 a / (a + 3.75) - 1 for a in [0, 30]
   * (Shepherd and Laframboise's variable; {@code src/test/python/generate_erfcx_polynomial.py});
   * this is Q(y) = (P(y) - c0) / y, degree 22, as each SIMD lane does it: Horner's rule on the
   * four lowest coefficients, Estrin's scheme (pairs, then y^2, y^4, y^8, y^16) on the rest.
   * Horner's rule alone is one chain of 22 dependent fused multiply-adds (one element at a time,
   * as numeric columns go, GELU took 37 ns instead of 30); Estrin's scheme alone lost 0.5 ulp
   * near y = -1.
   */
  static double erfcxTail(double y) {
    double[] c = ERFCX;
    double y2 = y * y;
    double y4 = y2 * y2;
    double y8 = y4 * y4;
    double y16 = y8 * y8;
    double q0 = Math.fma(Math.fma(c[8], y, c[7]), y2, Math.fma(c[6], y, c[5]));
    double q1 = Math.fma(Math.fma(c[12], y, c[11]), y2, Math.fma(c[10], y, c[9]));
    double q2 = Math.fma(Math.fma(c[16], y, c[15]), y2, Math.fma(c[14], y, c[13]));
    double q3 = Math.fma(Math.fma(c[20], y, c[19]), y2, Math.fma(c[18], y, c[17]));
    double q4 = Math.fma(c[23], y2, Math.fma(c[22], y, c[21]));
    double r = Math.fma(q4, y16, Math.fma(Math.fma(q3, y4, q2), y8, Math.fma(q1, y4, q0)));
    return Math.fma(Math.fma(Math.fma(Math.fma(r, y, c[4]), y, c[3]), y, c[2]), y, c[1]);
  }

  static final double ERFCX_K = 3.75;
  static final double ERFCX_C1 = 2.25;
  /** The polynomial's range of a; above it erfc(a) &lt; 1e-392, far below any ulp of x. */
  static final double ERFCX_A_MAX = 30.0;

  // erfcx(a) (1 + 2a) in powers of y = 2.25 a / (a + 3.75) - 1, a in [0, 30]:
  // degree 23, truncation error < 2.93e-18, sum of |coefficients| 1.751
  static final double ERFCX_0_LO = 0x1.8bab4c46c4842p-55;
  static final double[] ERFCX = {
      0x1.40c522d7e4987p+0,
      -0x1.f3f4221e83ce9p-4,
      -0x1.af383b2745a4fp-6,
      0x1.9dadcba587c88p-4,
      -0x1.b8e76567d5008p-4,
      0x1.3d3c2bfe13e92p-4,
      -0x1.54b24edc805b1p-5,
      0x1.0f225f8054f48p-6,
      -0x1.1fdca3b17d99ep-8,
      0x1.bb001c4634f03p-12,
      0x1.b7232337df9e1p-13,
      -0x1.7d43f0754d4a5p-14,
      0x1.ed0e8e1b05937p-20,
      0x1.10d7905c3ef1ap-17,
      -0x1.786361ef8d5c2p-20,
      -0x1.64ff71540b3afp-21,
      0x1.bd58db52e654ap-23,
      0x1.03facae8444c5p-24,
      -0x1.b2a4f131b9d04p-26,
      -0x1.c59e49c0e9d54p-28,
      0x1.703d4f02b2830p-29,
      0x1.9eb00dad49e86p-31,
      -0x1.96e2f48d7a41ap-33,
      -0x1.008e4e27b845ep-34};

  /**
   * f'(x); NaN gives NaN. erfc and e^(-x^2/2) as for {@link #value}, so that whole rows can use
   * SIMD instructions ({@link #derivativeAll}) and give the same bits.
   *
   * <p>With a = |x| / sqrt(2) = ah + al: Phi(x) = erfc(a) / 2 for x &lt; 0 (1 - that for x
   * &gt;= 0) and x phi(x) = -+(a / sqrt(pi)) e^(-a^2), so f' = T for x &lt; 0 and 1 - T for
   * x &gt;= 0 with the same T = e^(-a^2) B, B = erfcx(a)/2 - a/sqrt(pi). To first order in al
   * and se (ah^2 = s + se), B = erfcx(ah)/2 - ah/sqrt(pi) + (al/sqrt(pi)) (2 s - 2) - B se
   * and T = e^-s B; B's leading difference is carried in double-double (it cancels towards
   * f''s zero, where the polynomial takes over).
   */
  public static double derivative(double x) {
    if (x != x) {
      return x;
    }
    if (x > 40.0) {
      return 1.0; // 1 - Phi(x) and x phi(x) are below 1e-340; also at +Infinity
    }
    if (x < -40.0) {
      return -0.0; // the limit from below, also at -Infinity
    }
    if (ROOT.covers(x)) {
      return ROOT.at(x);
    }
    double ax = Math.abs(x);
    double ah = ax * INV_SQRT2;
    double al = Math.fma(ax, INV_SQRT2, -ah) + ax * INV_SQRT2_LO;
    double s = ah * ah;
    double se = Math.fma(ah, ah, -s);
    double[] lo = new double[1];
    double h = 0.5 * erfcx(ah, lo);
    // ah/sqrt(pi) as q + qe, erfcx(ah)/2 - q as bh + be (TwoSum), and the small terms gathered
    // before one rounding.
    double q = ah * INV_SQRT_PI;
    double qe = Math.fma(ah, INV_SQRT_PI, -q) + ah * INV_SQRT_PI_LO;
    double bh = h - q;
    double bv = bh - h;
    double be = (h - (bh - bv)) + (-q - bv);
    double b = bh + (be + 0.5 * lo[0] - qe + al * INV_SQRT_PI * (2.0 * s - 2.0) - bh * se);
    if (x < LOW_SIMD) {
      return Exps.times(b, -s); // e^-s near or below the subnormal range
    }
    double t = b * NegativeExpm1.exp(-s);
    return x < 0.0 ? t : 1.0 - t;
  }

  /**
   * f' at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #derivative}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void derivativeAll(double[] values, int from, int n) {
    NegativeExpm1.geluDerivative(values, from, n);
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
