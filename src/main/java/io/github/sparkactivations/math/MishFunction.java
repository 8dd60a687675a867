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

  /**
   * f'(x); NaN gives NaN. Within 4 ulp of the exact value (2.7 ulp the largest seen on 240,000
   * random points). With u = e^-|x| (this library's e^x, so that whole rows can use SIMD
   * instructions, {@link #derivativeAll}, and give the same bits) f' = N / D^2, where for
   * x &lt;= 0 (u = E) N = u (4 (x + 1) + (4x + 6) u + 4 u^2 + u^3) and D = 2 + 2u + u^2, and for
   * x &gt; 0 (dividing by E^4) N = 1 + 4u + (4x + 6) u^2 + 4 (x + 1) u^3 and D = 1 + 2u + 2u^2.
   * The last sum of N and the sums of D carry their rounding errors (TwoSum, fma), folded in as
   * a first-order correction: rounding D alone, squared, costs about 2 ulp.
   */
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
    if (x < NegativeExpm1.LOW_EXP) {
      return Exps.times(1.0 + x, x); // E w / (n + 2)^2 = E (x + 1) to double precision
    }
    double u = NegativeExpm1.exp(-Math.abs(x));
    boolean pos = x > 0.0;
    // N = a + u p, p by Horner's rule in u.
    double x1 = 4.0 * (x + 1.0);
    double p = pos ? x1 : u + 4.0;
    p = Math.fma(p, u, 4.0 * x + 6.0);
    p = Math.fma(p, u, pos ? 4.0 : x1);
    double up = u * p;
    double upe = Math.fma(u, p, -up);
    double a = pos ? 1.0 : 0.0;
    double nh = a + up;
    double nv = nh - a;
    double nl = ((a - (nh - nv)) + (up - nv)) + upe;
    // D = g + 2u + h u^2.
    double t = u * u;
    double h = pos ? 2.0 : 1.0;
    double ht = h * t;
    double tu = 2.0 * u;
    double s = tu + ht;
    double sv = s - tu;
    double g = pos ? 1.0 : 2.0;
    double dh = g + s;
    double dv = dh - g;
    double dl = ((tu - (s - sv)) + (ht - sv)) + ((g - (dh - dv)) + (s - dv))
        + h * Math.fma(u, u, -t);
    double d = dh * dh;
    double de = Math.fma(dh, dh, -d);
    double q = nh / d;
    return Math.fma(q, nl / nh - (de + 2.0 * dh * dl) / d, q);
  }

  /**
   * f' at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #derivative}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void derivativeAll(double[] values, int from, int n) {
    NegativeExpm1.mishDerivative(values, from, n);
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
