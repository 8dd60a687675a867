package io.github.sparkactivations.math;

/**
 * GELU's tanh approximation (Hendrycks and Gimpel, 2016):
 * {@code f(x) = 0.5 x (1 + tanh(u))}, {@code u = sqrt(2/pi) (x + 0.044715 x^3)}, computed as
 * {@code x * sigmoid(2u)} (the same value; 1 + tanh(u) cancels for negative x);
 * {@code f'(x) = sigmoid(2u) + x sigmoid(2u) (1 - sigmoid(2u)) 2u'},
 * {@code u' = sqrt(2/pi) (1 + 3 * 0.044715 x^2)}. u is carried in double-double (its rounding
 * would be amplified up to 745-fold by the exponential). At -Infinity f and f' are -0.0.
 * f' crosses zero near x0 = -0.7517...; around it f' is a Taylor polynomial in x - x0.
 */
public final class GELUTanhFunction {
  private GELUTanhFunction() {}

  // sqrt(2/pi) and 0.044715 (the decimal constant, exactly) as double-doubles.
  static final double K = 0x1.9884533d43651p-1;
  static final double K_LO = -0x1.cbc0d30ebfd15p-55;
  static final double C = 0x1.6e4e26d4801f7p-5;
  static final double C_LO = 0x1.441355475a31ap-59;
  static final DD C3 = DD.of(C, C_LO).multiply(3.0);
  static final DD TWO_K = DD.of(2.0 * K, 2.0 * K_LO);

  /**
   * f(x); NaN gives NaN. Within 4 ulp of the exact value (see the README). e^-|2u| is this
   * library's ({@code NegativeExpm1.exp}, within 0.6 ulp), so that whole rows can use SIMD
   * instructions ({@link #valueAll}) and give the same bits.
   */
  public static double value(double x) {
    if (x != x || x >= 30.0) {
      return x; // sigmoid(2u) rounds to 1 (2u > 1900); also +Infinity
    }
    if (x < -30.0) {
      return -0.0; // x e^(2u) < 1e-800: the limit, also at -Infinity
    }
    double[] u2 = twoU(x);
    double h = u2[0];
    double l = u2[1];
    if (h < NegativeExpm1.LOW_EXP) {
      return Exps.times(Math.fma(x, l, x), h); // x e^(2u), 1 + e^(2u) = 1
    }
    // x >= 0: x / (1 + e^-2u); x < 0: x e^2u / (1 + e^2u). e^-|2u| with 2u = h + l is
    // e^-|h| (1 -+ l) to first order.
    double e = NegativeExpm1.exp(-Math.abs(h));
    e = Math.fma(e, x >= 0.0 ? -l : l, e);
    return (x >= 0.0 ? x : x * e) / (1.0 + e); // -0.0 / 2 = -0.0
  }

  /**
   * f at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #value}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void valueAll(double[] values, int from, int n) {
    NegativeExpm1.geluTanh(values, from, n);
  }

  /**
   * f'(x); NaN gives NaN. e^-|2u| is this library's ({@code NegativeExpm1.exp}), so that whole
   * rows can use SIMD instructions ({@link #derivativeAll}) and give the same bits.
   */
  public static double derivative(double x) {
    if (x != x) {
      return x;
    }
    if (x >= 30.0) {
      return 1.0;
    }
    if (x < -30.0) {
      return -0.0;
    }
    if (ROOT.covers(x)) {
      return ROOT.at(x);
    }
    double[] u2 = twoU(x);
    if (x >= 0.0) {
      double du = 2.0 * K * Math.fma(3.0 * C, x * x, 1.0); // 2u'
      double e = NegativeExpm1.exp(-u2[0]); // e^-708 above 2u = 708: f' rounds to 1 either way
      e = Math.fma(-e, u2[1], e);
      double s = 1.0 / (1.0 + e); // sigmoid(2u)
      return s * (1.0 + x * du * e * s); // 1 - sigmoid(2u) = e^(-2u) sigmoid(2u)
    }
    // With E = e^(2u): f' = E (1 + E + x 2u') / (1 + E)^2. 1 + E and x 2u' cancel partly
    // (2.5-fold near x = -1.07), so 2u' and the rest are carried in double-double; the only
    // rounding left is that of e^(2u).
    DD dudd = DD.product(x, x).multiply(C3).add(1.0).multiply(TWO_K);
    if (u2[0] < -708.0) {
      return Exps.times(dudd.multiply(x).add(1.0).multiply(1.0 + u2[1]).value(), u2[0]);
    }
    double e = NegativeExpm1.exp(u2[0]);
    DD big = DD.of(e, e * u2[1]);
    DD p = big.add(1.0);
    DD g = p.add(dudd.multiply(x));
    return big.multiply(g).divide(p.multiply(p)).value();
  }

  /**
   * f' at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #derivative}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void derivativeAll(double[] values, int from, int n) {
    NegativeExpm1.geluTanhDerivative(values, from, n);
  }

  /**
   * 2u = 2 sqrt(2/pi) (x + 0.044715 x^3) as {hi, lo}, for |x| &lt; 30, in the steps
   * {@code NegativeExpm1Simd.geluTanh} takes on each lane.
   */
  private static double[] twoU(double x) {
    double x2 = x * x;
    double x2e = Math.fma(x, x, -x2);
    double x3 = x2 * x;
    double x3e = Math.fma(x2, x, -x3) + x2e * x;
    double t = C * x3;
    double te = Math.fma(C, x3, -t) + C * x3e + C_LO * x3;
    double w = x + t;
    double wv = w - x;
    double we = (x - (w - wv)) + (t - wv) + te;
    double u = K * w;
    double ue = Math.fma(K, w, -u) + K * we + K_LO * w;
    return new double[] {2.0 * u, 2.0 * ue};
  }

  // GELUTanhFunction: zero of f' at -0.752461422071016258487954443289;
  // window 0.25, degree 22, truncation error < 3.01e-22
  static final double ROOT_HI = -0x1.81429f9e97e4dp-1;
  static final double ROOT_LO = 0x1.4f523ed77dbdcp-55;
  static final double ROOT_WINDOW = 0.25;
  static final double[] ROOT_TAYLOR = {
      0x1.b8bacd2c96b91p-2,
      0x1.8cd1a2b2fff33p-2,
      -0x1.029615edb077ap-6,
      -0x1.d2b77346470abp-4,
      -0x1.104a83edc0ddcp-6,
      0x1.427996dc249cep-6,
      0x1.58c9ed713486cp-8,
      -0x1.3d8d64170bb72p-9,
      -0x1.e63f294331885p-11,
      0x1.14bf895a69517p-12,
      0x1.04936f0ef73dbp-13,
      -0x1.253bce9ecae48p-15,
      -0x1.0b9c949575db9p-16,
      0x1.8d30f995eee7cp-18,
      0x1.46a0328d00b7ap-19,
      -0x1.09b6fd46ae70ap-20,
      -0x1.cecf33fcf1fa4p-22,
      0x1.3007fe1df4050p-23,
      0x1.43036bb90f7d1p-24,
      -0x1.23aefd74d1787p-26,
      -0x1.9b012e1b21a3bp-27,
      0x1.e4d300ae6240fp-30};
  private static final RootExpansion ROOT =
      new RootExpansion(ROOT_HI, ROOT_LO, ROOT_WINDOW, ROOT_TAYLOR);
}
