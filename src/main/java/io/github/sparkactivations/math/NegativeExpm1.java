package io.github.sparkactivations.math;

/**
 * expm1(x) = e^x - 1 for x &lt;= 0 (within 0.83 ulp of the exact value), e^x for x &lt;= 0
 * (within 0.6 ulp) and log1p(a) for 0 &lt;= a &lt;= 1 (within 0.78 ulp seen), and the activations
 * built on them: the negative branch of ELU, SELU and CELU (expm1), SiLU and Mish (e^-|x|),
 * Softplus (log1p(e^-|beta x|)), GELU (e^(-x^2/2), with {@link GELUFunction}'s erfcx polynomial)
 * and its tanh form (e^-|2u|); also the ReLU family's selections ({@link #step} for the
 * derivatives, {@link #relu} and {@link #leakyRelu} for the values), which need no exponential
 * but the same choice between SIMD and one element at a time. Each comes in two forms that give
 * the same bits: one element at a time ({@link #of}, {@link #exp},
 * {@link #celu(double, double)} and the activations' own {@code value}) and a run of elements
 * ({@link #negativeBranch}, ...), which
 * uses SIMD instructions (the JDK's Vector API, {@link NegativeExpm1Simd}) where the JVM has the
 * {@code jdk.incubator.vector} module, as every JVM Spark 4.2's launcher starts does.
 * {@code StrictMath.expm1} (fdlibm, a JNI call on Java 17) costs 12 ns a call here; this costs
 * 2.0 ns an element with SIMD (BENCHMARKS.md).
 *
 * <p>The method: x = k ln 2 + r with |r| &lt;= ln 2 / 2 (k from adding and subtracting 1.5 * 2^52,
 * which rounds x / ln 2 to the nearest integer and leaves k in the low bits, so 2^k is built
 * from those bits with no double-to-long conversion, which Java 17 does not compile to SIMD
 * code), ln 2 in two parts so that r is carried exactly as r + rl; expm1(r) = r + r^2 q(r) with
 * q the Taylor polynomial to r^11 / 13! (its remainder is below 2^-56 relative); then
 * expm1(x) = (2^k - 1) + 2^k r + 2^k (r^2 q + rl (1 + r)), the first sum error-free (Knuth's
 * TwoSum). Below x = -40, e^x &lt; 2^-57 and the result is -1.0, as it is for -Infinity.
 * e^x is the same reduction and polynomial, with e^r = (1 + r) + tail summed with the error of
 * 1 + r carried; it stops at -708, where e^x would become subnormal and 2^k could not be built
 * from bits (the activations handle those inputs one element at a time).
 *
 * <p>Every step is one IEEE operation (add, multiply, fused multiply-add, min/max, a compare,
 * integer arithmetic on the bits) that the scalar code and each SIMD lane do alike, which is
 * what makes the bits equal; {@code NegativeExpm1Test} checks it.
 */
final class NegativeExpm1 {
  private NegativeExpm1() {}

  /** {@link Simd#ENABLED}: whether the run-of-elements forms use SIMD instructions. */
  static final boolean SIMD = Simd.ENABLED;

  static final double INV_LN2 = 1.44269504088896338700e+00;
  /** ln 2 = LN2_HI + LN2_LO; LN2_HI has 32 significant bits, so k * LN2_HI is exact. */
  static final double LN2_HI = 6.93147180369123816490e-01;
  static final double LN2_LO = 1.90821492927058770002e-10;
  /** Adding 1.5 * 2^52 rounds to an integer, which then sits in the low bits. */
  static final double ROUND = 0x1.8p52;
  /** The bits of ROUND, less the exponent bias: (bits(x + ROUND) + BIAS) << 52 is 2^k. */
  static final long BIAS = 1023L - Double.doubleToRawLongBits(ROUND);
  /** Below this, e^x &lt; 2^-57 and expm1(x) rounds to -1.0. */
  static final double LOW = -40.0;
  /** 1/2!, 1/3!, ..., 1/13!, each rounded to the nearest double. */
  static final double Q0 = 0.5;
  static final double Q1 = 0.16666666666666666;
  static final double Q2 = 0.041666666666666664;
  static final double Q3 = 0.008333333333333333;
  static final double Q4 = 0.001388888888888889;
  static final double Q5 = 0.0001984126984126984;
  static final double Q6 = 2.48015873015873e-05;
  static final double Q7 = 2.7557319223985893e-06;
  static final double Q8 = 2.755731922398589e-07;
  static final double Q9 = 2.505210838544172e-08;
  static final double Q10 = 2.08767569878681e-09;
  static final double Q11 = 1.6059043836821613e-10;

  /** expm1(x) for x &lt;= 0 (x = ±0 gives x; NaN gives NaN; -Infinity gives -1.0). */
  static double of(double x) {
    double xc = Math.max(x, LOW);
    double y = xc * INV_LN2 + ROUND;
    double kd = y - ROUND;
    double nk = -kd;
    double rh = Math.fma(nk, LN2_HI, xc); // exact
    double c = nk * LN2_LO;
    double r = rh + c;
    double rl = (rh - r) + c;
    double q = Math.fma(r, Q11, Q10);
    q = Math.fma(q, r, Q9);
    q = Math.fma(q, r, Q8);
    q = Math.fma(q, r, Q7);
    q = Math.fma(q, r, Q6);
    q = Math.fma(q, r, Q5);
    q = Math.fma(q, r, Q4);
    q = Math.fma(q, r, Q3);
    q = Math.fma(q, r, Q2);
    q = Math.fma(q, r, Q1);
    q = Math.fma(q, r, Q0);
    double tail = Math.fma(r * r, q, rl * (r + 1.0));
    double scale = Double.longBitsToDouble((Double.doubleToRawLongBits(y) + BIAS) << 52);
    double t = scale - 1.0;
    double a = scale * r;
    double s = t + a;
    double bb = s - t;
    double e = (t - (s - bb)) + (a - bb);
    double result = s + Math.fma(scale, tail, e);
    return xc == 0.0 ? xc : result; // keeps the sign of a zero
  }

  /**
   * {@code v[i] = v[i] > 0 ? p * v[i] : m * expm1(v[i])} for i in [from, from + n), in place:
   * ELU (p = 1, m = alpha) and SELU (p = λ, m = λα).
   */
  static void negativeBranch(double[] v, int from, int n, double p, double m) {
    int done = SIMD ? NegativeExpm1Simd.negativeBranch(v, from, n, p, m) : 0;
    for (int i = from + done; i < from + n; i++) {
      double x = v[i];
      v[i] = x > 0.0 ? p * x : m * of(x);
    }
  }

  /** Above this, e^x is a normal number (e^-708 = 3.3e-308), so 2^k is too. */
  static final double LOW_EXP = -708.0;

  /**
   * e^x for x &lt;= 0, within 0.6 ulp (0 gives 1.0; NaN gives NaN); below -708 it is e^-708
   * (3.3e-308), so callers that need e^x there (not just 1 + e^x = 1) handle it themselves.
   * The reduction and polynomial are {@link #of}'s; e^r = 1 + r + tail is summed with the error
   * of 1 + r carried (Fast2Sum, |r| &lt; 1). Written out again on purpose: one method for both
   * with a constant flag measured slower (ELU's one-element form 7.5 to 10.2 ns).
   */
  static double exp(double x) {
    double xc = Math.max(x, LOW_EXP);
    double y = xc * INV_LN2 + ROUND;
    double kd = y - ROUND;
    double nk = -kd;
    double rh = Math.fma(nk, LN2_HI, xc);
    double c = nk * LN2_LO;
    double r = rh + c;
    double rl = (rh - r) + c;
    double q = Math.fma(r, Q11, Q10);
    q = Math.fma(q, r, Q9);
    q = Math.fma(q, r, Q8);
    q = Math.fma(q, r, Q7);
    q = Math.fma(q, r, Q6);
    q = Math.fma(q, r, Q5);
    q = Math.fma(q, r, Q4);
    q = Math.fma(q, r, Q3);
    q = Math.fma(q, r, Q2);
    q = Math.fma(q, r, Q1);
    q = Math.fma(q, r, Q0);
    double tail = Math.fma(r * r, q, rl * (r + 1.0));
    double scale = Double.longBitsToDouble((Double.doubleToRawLongBits(y) + BIAS) << 52);
    double s = 1.0 + r;
    double e = (1.0 - s) + r;
    return (s + (e + tail)) * scale;
  }

  /**
   * {@code x > 0 ? p : (m + mLo) * e^x}: the derivatives of ELU (p = 1, m = alpha, mLo = 0) and
   * SELU (p = λ, m + mLo = λα, a constant rounding alone would cost 0.5 ulp). Below -708, where
   * e^x is subnormal, m e^x as {@link Exps#times} computes it (and a zero of m's sign at
   * -Infinity); NaN gives NaN.
   */
  static double expBranch(double x, double p, double m, double mLo) {
    if (x > 0.0 || x != x) {
      return x != x ? x : p;
    }
    if (x < LOW_EXP) {
      return Exps.times(m, x);
    }
    double e = exp(x);
    return Math.fma(m, e, mLo * e);
  }

  /** {@code v[i] = expBranch(v[i], p, m, mLo)} for i in [from, from + n), in place. */
  static void expBranch(double[] v, int from, int n, double p, double m, double mLo) {
    int done = SIMD ? NegativeExpm1Simd.expBranch(v, from, n, p, m, mLo) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = expBranch(v[i], p, m, mLo);
    }
  }

  /**
   * The logistic sigmoid 1 / (1 + e^-t) of t = p + pe (pe far smaller: the rounding error of a
   * product), within about 2 ulp; 0 at p = -Infinity, 1 at +Infinity. e^(p + pe) is
   * e^p (1 + pe) to first order; below p = -708 it is {@link Exps#times}'s.
   */
  static double sigmoid(double p, double pe) {
    if (p >= 0.0) {
      double e = exp(-p);
      return 1.0 / (1.0 + Math.fma(-e, pe, e));
    }
    if (p == Double.NEGATIVE_INFINITY) {
      return 0.0; // pe is NaN there
    }
    if (p < LOW_EXP) {
      return Exps.times(1.0 + pe, p); // e^(p + pe), and 1 + e^p = 1
    }
    double e = exp(p);
    e = Math.fma(e, pe, e);
    return e / (1.0 + e);
  }

  /** Softplus's derivative at {@code v[i]} for i in [from, from + n), in place. */
  static void softplusDerivative(double[] v, int from, int n, double beta, double threshold) {
    int done = SIMD ? NegativeExpm1Simd.softplusDerivative(v, from, n, beta, threshold) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = SoftplusFunction.derivative(v[i], beta, threshold);
    }
  }

  /**
   * CELU's derivative for alpha &gt; 0: 1 for x &gt; 0, else e^(x / alpha), with the rounding
   * error r of t = x / alpha folded in (e^(t + r/alpha) = e^t (1 + r/alpha); without it the
   * rounding of t would be amplified |t|-fold, hundreds of ulp near t = -700). Below t = -708
   * {@code StrictMath.exp}, whose subnormal results keep what bits they can.
   */
  static double celuDerivative(double x, double alpha) {
    if (!(x <= 0.0)) {
      return x != x ? x : 1.0;
    }
    double t = x / alpha;
    if (t == Double.NEGATIVE_INFINITY) {
      return 0.0; // r would be NaN
    }
    double r = Math.fma(-t, alpha, x);
    double e = t < LOW_EXP ? StrictMath.exp(t) : exp(t);
    return Math.fma(e, r / alpha, e);
  }

  /** {@code v[i] = celuDerivative(v[i], alpha)} for i in [from, from + n); alpha &gt; 0. */
  static void celuDerivative(double[] v, int from, int n, double alpha) {
    int done = SIMD ? NegativeExpm1Simd.celuDerivative(v, from, n, alpha) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = celuDerivative(v[i], alpha);
    }
  }

  /** sqrt(2), rounded: above it, 1 + a is halved so that its logarithm's argument is near 1. */
  static final double SQRT2 = 1.4142135623730951;
  // fdlibm's minimax coefficients for log(1 + f) = 2s + s * R(s^2), s = f / (2 + f), from e_log.c:
  // Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a Sun
  // Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
  // freely granted, provided that this notice is preserved.
  static final double LG1 = 6.666666666666735130e-01;
  static final double LG2 = 3.999999999940941908e-01;
  static final double LG3 = 2.857142874366239149e-01;
  static final double LG4 = 2.222219843214978396e-01;
  static final double LG5 = 1.818357216161805012e-01;
  static final double LG6 = 1.531383769920937332e-01;
  static final double LG7 = 1.479819860511658591e-01;

  /**
   * log(1 + a) for 0 &lt;= a &lt;= 1 (a little above 1 is fine), Softplus's only logarithm: 1 + a
   * rounded is w with the exact error c (Fast2Sum, 1 &gt;= a); w, or w / 2 above sqrt(2), is
   * 1 + f with f exact, whose logarithm is fdlibm's (k ln 2 in two parts, the minimax R, under
   * 1 ulp); then log(1 + a) = log(w) + c / w to first order, c / w added among the small
   * terms.
   */
  static double log1p(double a) {
    double w = 1.0 + a;
    double c = a - (w - 1.0);
    boolean big = w > SQRT2;
    double m = big ? 0.5 * w : w;
    double dk = big ? 1.0 : 0.0;
    double f = m - 1.0;
    double hfsq = 0.5 * f * f;
    double s = f / (2.0 + f);
    double z = s * s;
    double ww = z * z;
    double t1 = ww * (LG2 + ww * (LG4 + ww * LG6));
    double t2 = z * (LG1 + ww * (LG3 + ww * (LG5 + ww * LG7)));
    double r = t2 + t1;
    // c / w, the first-order correction, joins the small terms (as ln 2's low part does).
    return dk * LN2_HI + (f - (hfsq - (s * (hfsq + r) + (dk * LN2_LO + c / w))));
  }

  /** Softplus at {@code v[i]} for i in [from, from + n), in place ({@link SoftplusFunction}). */
  static void softplus(double[] v, int from, int n, double beta, double threshold) {
    int done = SIMD ? NegativeExpm1Simd.softplus(v, from, n, beta, threshold) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = SoftplusFunction.value(v[i], beta, threshold);
    }
  }

  /** SiLU at {@code v[i]} for i in [from, from + n), in place ({@link SiLUFunction#value}). */
  static void silu(double[] v, int from, int n) {
    int done = SIMD ? NegativeExpm1Simd.silu(v, from, n) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = SiLUFunction.value(v[i]);
    }
  }

  /** GELU at {@code v[i]} for i in [from, from + n), in place ({@link GELUFunction#value}). */
  static void gelu(double[] v, int from, int n) {
    int done = SIMD ? NegativeExpm1Simd.gelu(v, from, n) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = GELUFunction.value(v[i]);
    }
  }

  /** GELU's derivative at {@code v[i]} for i in [from, from + n), in place. */
  static void geluDerivative(double[] v, int from, int n) {
    int done = SIMD ? NegativeExpm1Simd.geluDerivative(v, from, n) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = GELUFunction.derivative(v[i]);
    }
  }

  /** GELU's tanh form at {@code v[i]} for i in [from, from + n), in place. */
  static void geluTanh(double[] v, int from, int n) {
    int done = SIMD ? NegativeExpm1Simd.geluTanh(v, from, n) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = GELUTanhFunction.value(v[i]);
    }
  }

  /** The derivative of GELU's tanh form at {@code v[i]} for i in [from, from + n), in place. */
  static void geluTanhDerivative(double[] v, int from, int n) {
    int done = SIMD ? NegativeExpm1Simd.geluTanhDerivative(v, from, n) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = GELUTanhFunction.derivative(v[i]);
    }
  }

  /** SiLU's derivative at {@code v[i]} for i in [from, from + n), in place. */
  static void siluDerivative(double[] v, int from, int n) {
    int done = SIMD ? NegativeExpm1Simd.siluDerivative(v, from, n) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = SiLUFunction.derivative(v[i]);
    }
  }

  /**
   * The ReLU family's derivatives: {@code hi} where lower &lt; x and (x &lt; upper or upper is
   * +Infinity), x itself where x is NaN, {@code lo} elsewhere.
   */
  static double step(double x, double lower, double upper, double lo, double hi) {
    return x > lower && (x < upper || upper == Double.POSITIVE_INFINITY) ? hi : x != x ? x : lo;
  }

  /**
   * {@link #step(double, double, double, double, double)} at {@code v[i]} for i in
   * [from, from + n), in place. Here because this class chooses between the SIMD and one-element
   * forms.
   */
  static void step(double[] v, int from, int n, double lower, double upper, double lo,
      double hi) {
    int done = SIMD ? NegativeExpm1Simd.step(v, from, n, lower, upper, lo, hi) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = step(v[i], lower, upper, lo, hi);
    }
  }

  /** ReLU at {@code v[i]} for i in [from, from + n), in place ({@link ReLUFunction#value}). */
  static void relu(double[] v, int from, int n, double threshold, double maxValue) {
    int done = SIMD ? NegativeExpm1Simd.relu(v, from, n, threshold, maxValue) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = ReLUFunction.value(v[i], threshold, maxValue);
    }
  }

  /**
   * Leaky ReLU at {@code v[i]} for i in [from, from + n), in place
   * ({@link LeakyReLUFunction#value}).
   */
  static void leakyRelu(double[] v, int from, int n, double alpha) {
    int done = SIMD ? NegativeExpm1Simd.leakyRelu(v, from, n, alpha) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = LeakyReLUFunction.value(v[i], alpha);
    }
  }

  /**
   * Leaky ReLU with the slope {@code alphas[i]} at {@code v[from + i]} for i in [0, n), in place
   * (PReLU).
   */
  static void leakyRelu(double[] v, int from, int n, double[] alphas) {
    int done = SIMD ? NegativeExpm1Simd.leakyRelu(v, from, n, alphas) : 0;
    for (int i = done; i < n; i++) {
      v[from + i] = LeakyReLUFunction.value(v[from + i], alphas[i]);
    }
  }

  /**
   * Leaky ReLU's derivative with the slope {@code alphas[i]} at {@code v[from + i]} for i in
   * [0, n), in place (PReLU).
   */
  static void leakyReluDerivative(double[] v, int from, int n, double[] alphas) {
    int done = SIMD ? NegativeExpm1Simd.leakyReluDerivative(v, from, n, alphas) : 0;
    for (int i = done; i < n; i++) {
      v[from + i] = LeakyReLUFunction.derivative(v[from + i], alphas[i]);
    }
  }

  /** Mish at {@code v[i]} for i in [from, from + n), in place ({@link MishFunction#value}). */
  static void mish(double[] v, int from, int n) {
    int done = SIMD ? NegativeExpm1Simd.mish(v, from, n) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = MishFunction.value(v[i]);
    }
  }

  /** Mish's derivative at {@code v[i]} for i in [from, from + n), in place. */
  static void mishDerivative(double[] v, int from, int n) {
    int done = SIMD ? NegativeExpm1Simd.mishDerivative(v, from, n) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = MishFunction.derivative(v[i]);
    }
  }

  /**
   * CELU's value for alpha &gt; 0, {@code alpha * expm1(x / alpha)} for x &lt; 0 and x itself
   * otherwise (see {@link CELUFunction#value} for the correction term r), in the steps the SIMD
   * form takes on each lane.
   */
  static double celu(double x, double alpha) {
    double t = x / alpha;
    double tc = Math.min(t, 0.0);
    double em = of(tc);
    double r = Math.fma(-tc, alpha, x);
    double f = Math.fma(em, alpha, (em + 1.0) * r);
    if (!(x < 0.0)) {
      return x; // x > 0, ±0 and NaN
    }
    return t == Double.NEGATIVE_INFINITY ? -alpha : f;
  }

  /** {@code v[i] = celu(v[i], alpha)} for i in [from, from + n), in place; alpha &gt; 0. */
  static void celu(double[] v, int from, int n, double alpha) {
    int done = SIMD ? NegativeExpm1Simd.celu(v, from, n, alpha) : 0;
    for (int i = from + done; i < from + n; i++) {
      v[i] = celu(v[i], alpha);
    }
  }
}
