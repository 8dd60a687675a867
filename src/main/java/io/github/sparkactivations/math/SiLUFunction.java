package io.github.sparkactivations.math;

/**
 * SiLU, also called Swish-1 (Elfwing et al., 2017; Ramachandran et al., 2017):
 * {@code f(x) = x * sigmoid(x)}, {@code f'(x) = sigmoid(x) * (1 + x * (1 - sigmoid(x)))}.
 * {@code f(+Infinity) = +Infinity}, {@code f'(+Infinity) = 1}; at -Infinity both are -0.0 (the
 * limits, from below). f' crosses zero at x0 = -1 - W(1/e) = -1.27846454276107...; around it
 * f' is a Taylor polynomial in x - x0 (the direct formula cancels there).
 */
public final class SiLUFunction {
  private SiLUFunction() {}

  /**
   * f(x); NaN gives NaN. Within 4 ulp of the exact value (see the README). e^-|x| is this
   * library's ({@code NegativeExpm1.exp}, within 0.6 ulp), so that whole rows can use SIMD
   * instructions ({@link #valueAll}) and give the same bits.
   */
  public static double value(double x) {
    if (x != x) {
      return x;
    }
    if (x < NegativeExpm1.LOW_EXP) {
      return Exps.times(x, x); // x * e^x, 1 + e^x = 1
    }
    // x >= 0: x / (1 + e^-x); x < 0: x e^x / (1 + e^x). Above 708, 1 + e = 1 and f = x.
    double e = NegativeExpm1.exp(-Math.abs(x));
    return (x >= 0.0 ? x : x * e) / (1.0 + e); // -0.0 / 2 = -0.0
  }

  /**
   * f at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #value}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void valueAll(double[] values, int from, int n) {
    NegativeExpm1.silu(values, from, n);
  }

  /**
   * f'(x); NaN gives NaN. e^-|x| is this library's ({@code NegativeExpm1.exp}), so that whole
   * rows can use SIMD instructions ({@link #derivativeAll}) and give the same bits.
   */
  public static double derivative(double x) {
    if (x != x) {
      return x;
    }
    if (x >= 0.0) {
      if (x > -NegativeExpm1.LOW_EXP) {
        return 1.0; // x e^-x < 1e-300; also +Infinity (and exp(-x) stops at e^-708)
      }
      double e = NegativeExpm1.exp(-x);
      double s = 1.0 / (1.0 + e);
      return s * (1.0 + x * e * s); // 1 - sigmoid(x) = e^-x * sigmoid(x)
    }
    if (ROOT.covers(x)) {
      return ROOT.at(x);
    }
    if (x < NegativeExpm1.LOW_EXP) {
      return Exps.times(1.0 + x, x); // e^x * (1 + x + e^x) / (1 + e^x)^2, e^x negligible
    }
    // sigmoid(x) = e/(1+e) and 1 - sigmoid(x) = 1/(1+e): f' = e * (1 + x + e) / (1 + e)^2.
    // The sums carry their exact rounding errors (pe, ge), folded in as a first-order
    // correction: rounding 1 + e alone, squared, costs about 2 ulp.
    double e = NegativeExpm1.exp(x);
    double p = 1.0 + e;
    double pe = e - (p - 1.0); // exact (Fast2Sum: 1 >= e)
    double a = 1.0 + x; // exact for -708 <= x < 0
    double g = a + e;
    double v = g - a;
    double ge = (a - (g - v)) + (e - v); // exact (TwoSum)
    double d = p * p;
    double de = Math.fma(p, p, -d);
    double q = e * g / d;
    return Math.fma(q, ge / g - (de + 2.0 * p * pe) / d, q);
  }

  /**
   * f' at {@code values[from]} to {@code values[from + n - 1]}, in place: the same bits as
   * {@link #derivative}, with SIMD instructions where the JVM has {@code jdk.incubator.vector}.
   */
  public static void derivativeAll(double[] values, int from, int n) {
    NegativeExpm1.siluDerivative(values, from, n);
  }

  // The zero of f', x0 = ROOT_HI + ROOT_LO, and f' around it: sum of ROOT_TAYLOR[k-1] * (x-x0)^k,
  // from src/test/python/generate_root_expansions.py (mpmath).
  // SiLUFunction: zero of f' at -1.27846454276107379510935873902;
  // window 0.125, degree 14, truncation error < 1.03e-19
  static final double ROOT_HI = -0x1.474973c84120bp+0;
  static final double ROOT_LO = -0x1.f8d74bc9ac154p-54;
  static final double ROOT_WINDOW = 0.125;
  static final double[] ROOT_TAYLOR = {
      0x1.be1410460527fp-3,
      0x1.2c563458cc0adp-3,
      0x1.353eb573ca457p-6,
      -0x1.f2d0e32bc2994p-7,
      -0x1.b0f82c498fd2fp-8,
      0x1.098e92b8f076dp-13,
      0x1.a2a7caf0ee747p-11,
      0x1.8574d136d4cb4p-13,
      -0x1.57238dca12615p-15,
      -0x1.f2d8976600f6fp-16,
      -0x1.8af40fd30a2bcp-19,
      0x1.3ae0f751df483p-19,
      0x1.cdb14ef8f6491p-21,
      -0x1.061994e63271cp-25};
  private static final RootExpansion ROOT =
      new RootExpansion(ROOT_HI, ROOT_LO, ROOT_WINDOW, ROOT_TAYLOR);
}
