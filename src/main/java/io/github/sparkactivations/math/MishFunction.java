package io.github.sparkactivations.math;

/**
 * Mish (Misra, 2019): {@code f(x) = x * tanh(softplus(x))}, softplus(x) = log1p(e^x);
 * {@code f'(x) = tanh(softplus(x)) + x * sech^2(softplus(x)) * sigmoid(x)}. With E = e^x and
 * n = E (E + 2): tanh(softplus(x)) = n / (n + 2) and f' = E w / (n + 2)^2 with
 * w = 4 (x + 1) + E (4x + 6) + 4 E^2 + E^3. At -Infinity f and f' are -0.0 (the limits, from
 * below); {@code f(+Infinity) = +Infinity}, {@code f'(+Infinity) = 1}. f' crosses zero at
 * x0 = -1.1923...; around it f' is a Taylor polynomial in x - x0.
 */
public final class MishFunction {
  private MishFunction() {}

  /**
   * f(x); NaN gives NaN. Within 4 ulp of the exact value (see the README). e^-|x| is this
   * library's ({@code NegativeExpm1.exp}), so that whole rows can use SIMD instructions
   * ({@link #valueAll}) and give the same bits.
   */
  public static double value(double x) {
    if (x != x || x >= 40.0 || x == 0.0) {
      return x; // tanh(softplus(x)) = 1 - 2/(n + 2) rounds to 1; also +Infinity; f(+-0) = +-0
    }
    if (x < NegativeExpm1.LOW_EXP) {
      return Exps.times(x, x); // tanh(softplus(x)) = e^x to double precision
    }
    // tanh(softplus(x)) = n / d with u = e^-|x|: for x < 0, n = u^2 + 2u and d = n + 2; for
    // x > 0 (dividing by E^2), n = 1 + 2u and d = n + 2u^2. Sums and the quotient carry their
    // rounding errors (TwoSum, fma), so the only rounding left is u's and the last one.
    double u = NegativeExpm1.exp(-Math.abs(x));
    boolean pos = x > 0.0;
    double ph = u * u;
    double pl = Math.fma(u, u, -ph);
    double a = pos ? 1.0 : ph;
    double b = 2.0 * u;
    double nh = a + b;
    double bb = nh - a;
    double nl = ((a - (nh - bb)) + (b - bb)) + (pos ? 0.0 : pl);
    double g = pos ? 2.0 * ph : 2.0;
    double dh = nh + g;
    double gg = dh - nh;
    double dl = ((nh - (dh - gg)) + (g - gg)) + (nl + (pos ? 2.0 * pl : 0.0));
    double qh = nh / dh;
    double ql = (Math.fma(-qh, dh, nh) + (nl - qh * dl)) / dh;
    return Math.fma(x, qh, x * ql);
  }

  /**
   * f at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #value}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void valueAll(double[] values, int from, int n) {
    NegativeExpm1.mish(values, from, n);
  }

  /** f'(x); NaN gives NaN. */
  public static double derivative(double x) {
    if (x != x) {
      return x;
    }
    if (x >= 40.0) {
      return 1.0;
    }
    if (ROOT.covers(x)) {
      return ROOT.at(x);
    }
    if (x < -708.0) {
      return Exps.times(1.0 + x, x); // E w / (n + 2)^2 = E (x + 1) to double precision
    }
    // E w / (n + 2)^2 in double-double (w's terms cancel partly near the zero of f').
    DD e = DD.of(StrictMath.exp(x));
    DD d = e.multiply(e.add(2.0)).add(2.0);
    DD w = e.add(4.0).multiply(e).add(DD.sum(4.0 * x, 6.0)).multiply(e)
        .add(DD.sum(x, 1.0).multiply(4.0));
    return e.multiply(w).divide(d.multiply(d)).value();
  }

  // MishFunction: zero of f' at -1.19243121451549521213758834042;
  // window 0.25, degree 18, truncation error < 4.56e-19
  static final double ROOT_HI = -0x1.31432c0d12d84p+0;
  static final double ROOT_LO = -0x1.bf319154da210p-55;
  static final double ROOT_WINDOW = 0.25;
  static final double[] ROOT_TAYLOR = {
      0x1.115acb42500bbp-2,
      0x1.a34a251d8ad7bp-3,
      0x1.574f121a868dbp-5,
      -0x1.4c222fe64d4fbp-6,
      -0x1.03369d4ac90fap-6,
      -0x1.b87ddfb51b745p-9,
      0x1.1e5e184a0fe00p-10,
      0x1.03799182b217fp-10,
      0x1.0a7954e868670p-12,
      -0x1.5fffa067220abp-15,
      -0x1.d453aef9813d0p-15,
      -0x1.223bcd6871175p-16,
      0x1.fa20aae0364c5p-21,
      0x1.866a4abf08ed3p-19,
      0x1.1fad0feef3614p-20,
      0x1.cdc8ee0f3f16cp-26,
      -0x1.2f2a6f67e254ep-23,
      -0x1.09308389bebbbp-24};
  private static final RootExpansion ROOT =
      new RootExpansion(ROOT_HI, ROOT_LO, ROOT_WINDOW, ROOT_TAYLOR);
}
