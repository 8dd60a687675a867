package io.github.sparkactivations.math;

import static io.github.sparkactivations.math.NegativeExpm1.BIAS;
import static io.github.sparkactivations.math.NegativeExpm1.INV_LN2;
import static io.github.sparkactivations.math.NegativeExpm1.LN2_LO;
import static io.github.sparkactivations.math.NegativeExpm1.LOW;
import static io.github.sparkactivations.math.NegativeExpm1.ROUND;

import java.util.function.DoubleUnaryOperator;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD forms of {@link NegativeExpm1}'s functions and the activations built on them: the same
 * operations on every lane. Loaded only where
 * the JVM has the {@code jdk.incubator.vector} module ({@link NegativeExpm1#SIMD}); nothing else
 * refers to it.
 *
 * <p>No method here takes or returns a vector: only arrays cross a call. The shared pieces
 * ({@link #exp}, {@link #of}, {@link #log1p}, {@link #erfcxTail}) are passes over arrays, and
 * each activation is a few passes through this thread's buffers. A helper that takes and returns
 * {@code DoubleVector} is only free when C2 inlines it; generated code inlines the activation
 * into one large method, and past C2's node-count cutoff (or where it judged the call site
 * cold) such a helper became a call that boxed every vector it took and gave. In the
 * benchmark's full run, sparse ELU then allocated 2.2 KB a row and took 0.49 s against
 * 0.26-0.30 s, dense GELU 2.4 KB a row and 1.0 s against 0.46 s. The JDK's own vector
 * methods are {@code @ForceInline}, which C2 inlines past the cutoff; user code cannot ask
 * for that.
 */
final class NegativeExpm1Simd {
  private NegativeExpm1Simd() {}

  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final DoubleVector LN2_HI = DoubleVector.broadcast(S, NegativeExpm1.LN2_HI);
  private static final DoubleVector Q0 = DoubleVector.broadcast(S, NegativeExpm1.Q0);
  private static final DoubleVector Q1 = DoubleVector.broadcast(S, NegativeExpm1.Q1);
  private static final DoubleVector Q2 = DoubleVector.broadcast(S, NegativeExpm1.Q2);
  private static final DoubleVector Q3 = DoubleVector.broadcast(S, NegativeExpm1.Q3);
  private static final DoubleVector Q4 = DoubleVector.broadcast(S, NegativeExpm1.Q4);
  private static final DoubleVector Q5 = DoubleVector.broadcast(S, NegativeExpm1.Q5);
  private static final DoubleVector Q6 = DoubleVector.broadcast(S, NegativeExpm1.Q6);
  private static final DoubleVector Q7 = DoubleVector.broadcast(S, NegativeExpm1.Q7);
  private static final DoubleVector Q8 = DoubleVector.broadcast(S, NegativeExpm1.Q8);
  private static final DoubleVector Q9 = DoubleVector.broadcast(S, NegativeExpm1.Q9);
  private static final DoubleVector Q10 = DoubleVector.broadcast(S, NegativeExpm1.Q10);
  private static final DoubleVector Q11 = DoubleVector.broadcast(S, NegativeExpm1.Q11);

  /**
   * {@link NegativeExpm1#step} over the longest prefix of whole vectors; returns its length. Lane
   * masks and blends: no branch on the data, which ReLU's derivative took (random signs
   * mispredict it half the time).
   */
  static int step(double[] v, int from, int n, double lower, double upper, double lo,
      double hi) {
    int bound = S.loopBound(n);
    DoubleVector low = DoubleVector.broadcast(S, lo);
    DoubleVector high = DoubleVector.broadcast(S, hi);
    if (upper == Double.POSITIVE_INFINITY) {
      for (int i = 0; i < bound; i += S.length()) {
        DoubleVector x = DoubleVector.fromArray(S, v, from + i);
        low.blend(high, x.compare(VectorOperators.GT, lower))
            .blend(x, x.compare(VectorOperators.NE, x)).intoArray(v, from + i);
      }
    } else {
      for (int i = 0; i < bound; i += S.length()) {
        DoubleVector x = DoubleVector.fromArray(S, v, from + i);
        VectorMask<Double> inside = x.compare(VectorOperators.GT, lower)
            .and(x.compare(VectorOperators.LT, upper));
        low.blend(high, inside).blend(x, x.compare(VectorOperators.NE, x)).intoArray(v, from + i);
      }
    }
    return bound;
  }

  /**
   * {@link ReLUFunction#value} over the longest prefix of whole vectors; returns its length. As
   * selections, not {@code min}/{@code max}: +0.0 where x &lt;= threshold, else x (capped at
   * maxValue), which is what value gives for every threshold, signed zeros and NaN payloads
   * included (a NaN is not &lt;= anything, so it stays). A loop over {@code Math.max} took 0.6 ns
   * an element here, this 0.25. One comparison, not "x &gt; threshold or x is NaN": in JDK 17 a
   * mask is a vector, and with the second comparison and the "or" a row of 64 took 25 ns in a
   * plain loop, without them 23.
   */
  static int relu(double[] v, int from, int n, double threshold, double maxValue) {
    int bound = S.loopBound(n);
    if (maxValue == Double.POSITIVE_INFINITY) {
      for (int i = 0; i < bound; i += S.length()) {
        DoubleVector x = DoubleVector.fromArray(S, v, from + i);
        x.blend(0.0, x.compare(VectorOperators.LE, threshold)).intoArray(v, from + i);
      }
    } else {
      for (int i = 0; i < bound; i += S.length()) {
        DoubleVector x = DoubleVector.fromArray(S, v, from + i);
        x.blend(maxValue, x.compare(VectorOperators.GE, maxValue))
            .blend(0.0, x.compare(VectorOperators.LE, threshold)).intoArray(v, from + i);
      }
    }
    return bound;
  }

  /**
   * {@link LeakyReLUFunction#value} over the longest prefix of whole vectors; returns its length:
   * alpha x where x &lt;= 0, else x, as selections. A NaN gives itself for alpha &gt; 0 (it is
   * not &lt;= 0) and alpha x for alpha &lt; 0, as value does; alpha = 0 is ReLU.
   */
  static int leakyRelu(double[] v, int from, int n, double alpha) {
    if (alpha == 0.0) {
      return relu(v, from, n, 0.0, Double.POSITIVE_INFINITY);
    }
    int bound = S.loopBound(n);
    if (alpha > 0.0) {
      for (int i = 0; i < bound; i += S.length()) {
        DoubleVector x = DoubleVector.fromArray(S, v, from + i);
        x.blend(x.mul(alpha), x.compare(VectorOperators.LE, 0.0)).intoArray(v, from + i);
      }
    } else {
      for (int i = 0; i < bound; i += S.length()) {
        DoubleVector x = DoubleVector.fromArray(S, v, from + i);
        x.mul(alpha).blend(x, x.compare(VectorOperators.GT, 0.0)).intoArray(v, from + i);
      }
    }
    return bound;
  }

  /**
   * {@link LeakyReLUFunction#value} with the slope {@code alphas[i]} at {@code v[from + i]}
   * (PReLU), over the longest prefix of whole vectors; returns its length. Each lane does what
   * value chooses by its slope: x where x &gt; 0, or where x is NaN and the slope is not
   * negative; elsewhere +0.0 for a zero slope and alpha x for any other.
   */
  static int leakyRelu(double[] v, int from, int n, double[] alphas) {
    int bound = S.loopBound(n);
    DoubleVector zero = DoubleVector.zero(S);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector a = DoubleVector.fromArray(S, alphas, i);
      VectorMask<Double> keep = x.compare(VectorOperators.GT, 0.0)
          .or(x.compare(VectorOperators.NE, x).and(a.compare(VectorOperators.GE, 0.0)));
      x.mul(a).blend(zero, a.compare(VectorOperators.EQ, 0.0)).blend(x, keep)
          .intoArray(v, from + i);
    }
    return bound;
  }

  /**
   * {@link LeakyReLUFunction#derivative} with the slope {@code alphas[i]} at {@code v[from + i]}
   * (PReLU), over the longest prefix of whole vectors; returns its length.
   */
  static int leakyReluDerivative(double[] v, int from, int n, double[] alphas) {
    int bound = S.loopBound(n);
    DoubleVector one = DoubleVector.broadcast(S, 1.0);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector.fromArray(S, alphas, i).blend(one, x.compare(VectorOperators.GT, 0.0))
          .blend(x, x.compare(VectorOperators.NE, x)).intoArray(v, from + i);
    }
    return bound;
  }

  /**
   * {@link NegativeExpm1#negativeBranch} over the longest prefix of whole vectors; returns its
   * length (the caller does the rest one element at a time).
   */
  static int negativeBranch(double[] v, int from, int n, double p, double m) {
    int bound = S.loopBound(n);
    double[] expm1s = buffer(0, bound);
    of(v, from, expm1s, bound); // lanes with x > 0 get expm1(0) and are replaced below
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      VectorMask<Double> positive = x.compare(VectorOperators.GT, 0.0);
      DoubleVector.fromArray(S, expm1s, i).mul(m).blend(x.mul(p), positive)
          .intoArray(v, from + i);
    }
    return bound;
  }

  /**
   * {@link NegativeExpm1#expBranch} over the longest prefix of whole vectors (a vector with a
   * lane below -708 goes one element at a time); returns its length.
   */
  static int expBranch(double[] v, int from, int n, double p, double m, double mLo) {
    int bound = S.loopBound(n);
    double[] es = buffer(0, bound);
    exp(v, from, es, bound);
    DoubleVector mv = DoubleVector.broadcast(S, m);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      if (x.compare(VectorOperators.LT, NegativeExpm1.LOW_EXP).anyTrue()) {
        oneAtATime(v, from + i, e -> NegativeExpm1.expBranch(e, p, m, mLo));
        continue;
      }
      DoubleVector e = DoubleVector.fromArray(S, es, i);
      e.fma(mv, e.mul(mLo)).blend(p, x.compare(VectorOperators.GT, 0.0))
          .blend(x, x.compare(VectorOperators.NE, x)).intoArray(v, from + i);
    }
    return bound;
  }

  /**
   * {@link NegativeExpm1#celuDerivative} over the longest prefix of whole vectors (a vector
   * with a lane where x / alpha &lt; -708 goes one element at a time); returns its length.
   */
  static int celuDerivative(double[] v, int from, int n, double alpha) {
    int bound = S.loopBound(n);
    DoubleVector a = DoubleVector.broadcast(S, alpha);
    double[] ts = quotients(v, from, bound, alpha);
    double[] es = buffer(1, bound);
    exp(ts, 0, es, bound);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector t = DoubleVector.fromArray(S, ts, i);
      if (t.compare(VectorOperators.LT, NegativeExpm1.LOW_EXP).anyTrue()) {
        oneAtATime(v, from + i, e -> NegativeExpm1.celuDerivative(e, alpha));
        continue;
      }
      DoubleVector tc = t.min(0.0);
      DoubleVector r = tc.neg().fma(a, x);
      DoubleVector e = DoubleVector.fromArray(S, es, i);
      e.fma(r.div(a), e).blend(1.0, x.compare(VectorOperators.GT, 0.0))
          .blend(x, x.compare(VectorOperators.NE, x)).intoArray(v, from + i);
    }
    return bound;
  }

  /**
   * {@link SoftplusFunction#derivative} over the longest prefix of whole vectors (a vector with
   * a lane where beta x &lt; -708 goes one element at a time); returns its length.
   */
  static int softplusDerivative(double[] v, int from, int n, double beta, double threshold) {
    int bound = S.loopBound(n);
    DoubleVector b = DoubleVector.broadcast(S, beta);
    double[] es = expOfMinusAbs(v, from, bound, beta);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector p = x.mul(b);
      if (p.compare(VectorOperators.LT, NegativeExpm1.LOW_EXP).anyTrue()) {
        oneAtATime(v, from + i, e -> SoftplusFunction.derivative(e, beta, threshold));
        continue;
      }
      DoubleVector pe = x.fma(b, p.neg());
      VectorMask<Double> pos = p.compare(VectorOperators.GE, 0.0);
      DoubleVector e = DoubleVector.fromArray(S, es, i);
      e = e.fma(pe.neg().blend(pe, pos.not()), e);
      DoubleVector d = e.add(1.0);
      VectorMask<Double> one = p.compare(VectorOperators.GT, threshold)
          .or(p.compare(VectorOperators.EQ, threshold).and(pe.compare(VectorOperators.GT, 0.0)))
          .or(p.compare(VectorOperators.EQ, Double.POSITIVE_INFINITY));
      e.div(d).blend(DoubleVector.broadcast(S, 1.0).div(d), pos).blend(1.0, one)
          .blend(x, x.compare(VectorOperators.NE, x)).intoArray(v, from + i);
    }
    return bound;
  }

  /**
   * {@link NegativeExpm1#celu} over the longest prefix of whole vectors; returns its length (the
   * caller does the rest one element at a time).
   */
  static int celu(double[] v, int from, int n, double alpha) {
    int bound = S.loopBound(n);
    DoubleVector a = DoubleVector.broadcast(S, alpha);
    double[] ts = quotients(v, from, bound, alpha);
    double[] ems = buffer(1, bound);
    of(ts, 0, ems, bound);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector t = DoubleVector.fromArray(S, ts, i);
      DoubleVector tc = t.min(0.0);
      DoubleVector em = DoubleVector.fromArray(S, ems, i);
      DoubleVector r = tc.neg().fma(a, x);
      DoubleVector f = em.fma(a, em.add(1.0).mul(r));
      VectorMask<Double> keep = x.compare(VectorOperators.LT, 0.0).not();
      f.blend(-alpha, t.compare(VectorOperators.EQ, Double.NEGATIVE_INFINITY))
          .blend(x, keep).intoArray(v, from + i);
    }
    return bound;
  }

  /**
   * {@link SiLUFunction#value} over the longest prefix of whole vectors; returns its length (the
   * caller does the rest one element at a time). A vector with a lane below -708 (where e^x is
   * subnormal) is done one element at a time by {@link SiLUFunction#value}.
   */
  static int silu(double[] v, int from, int n) {
    int bound = S.loopBound(n);
    double[] es = expOfMinusAbs(v, from, bound, 1.0);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      if (x.compare(VectorOperators.LT, NegativeExpm1.LOW_EXP).anyTrue()) {
        oneAtATime(v, from + i, SiLUFunction::value);
        continue;
      }
      DoubleVector e = DoubleVector.fromArray(S, es, i);
      DoubleVector num = x.mul(e).blend(x, x.compare(VectorOperators.GE, 0.0));
      num.div(e.add(1.0)).blend(x, x.compare(VectorOperators.NE, x)).intoArray(v, from + i);
    }
    return bound;
  }

  /**
   * {@link GELUFunction#value} over the longest prefix of whole vectors, as {@link #silu} does
   * SiLU's (a vector with a lane below x = -37.5 goes one element at a time); returns its
   * length.
   */
  static int gelu(double[] v, int from, int n) {
    int bound = S.loopBound(n);
    double[] ex = buffer(1, bound);
    double[] exl = buffer(2, bound);
    double[] es = buffer(3, bound);
    geluErfcx(v, from, bound, ex, exl);
    geluExp(v, from, bound, es);
    geluRest(v, from, bound, ex, exl, es);
    return bound;
  }

  /**
   * Pass 1: erfcx(|x| / sqrt(2)) as ex + exl, into {@code ex} and {@code exl}: the polynomial's
   * argument y into {@code exl}, {@link #erfcxTail} into {@code ex}, then the rest.
   */
  private static void geluErfcx(double[] v, int from, int bound, double[] ex, double[] exl) {
    DoubleVector invSqrt2 = DoubleVector.broadcast(S, GELUFunction.INV_SQRT2);
    DoubleVector k = DoubleVector.broadcast(S, GELUFunction.ERFCX_K);
    DoubleVector c0 = DoubleVector.broadcast(S, GELUFunction.ERFCX[0]);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector ac = DoubleVector.fromArray(S, v, from + i).abs().mul(invSqrt2)
          .min(GELUFunction.ERFCX_A_MAX);
      ac.mul(GELUFunction.ERFCX_C1).div(ac.add(k)).sub(1.0).intoArray(exl, i);
    }
    erfcxTail(exl, 0, ex, bound);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector ac = DoubleVector.fromArray(S, v, from + i).abs().mul(invSqrt2)
          .min(GELUFunction.ERFCX_A_MAX);
      DoubleVector y = DoubleVector.fromArray(S, exl, i);
      DoubleVector q = DoubleVector.fromArray(S, ex, i);
      DoubleVector yq = y.mul(q);
      DoubleVector yqe = y.fma(q, yq.neg());
      DoubleVector ph = yq.add(c0);
      DoubleVector pv = ph.sub(c0);
      DoubleVector pl = c0.sub(ph.sub(pv)).add(yq.sub(pv)).add(yqe.add(GELUFunction.ERFCX_0_LO));
      DoubleVector b = ac.mul(2.0);
      DoubleVector d = b.add(1.0);
      DoubleVector bv = d.sub(1.0);
      DoubleVector de = DoubleVector.broadcast(S, 1.0).sub(d.sub(bv)).add(b.sub(bv));
      DoubleVector inv = DoubleVector.broadcast(S, 1.0).div(d);
      DoubleVector e = ph.mul(inv);
      e.intoArray(ex, i);
      e.neg().fma(d, ph).add(pl).sub(e.mul(de)).mul(inv).intoArray(exl, i);
    }
  }

  /**
   * Pass 2: e^-s with s = (|x| / sqrt(2))^2 rounded, as {@link GELUFunction#value} and
   * {@link GELUFunction#derivative} have it, into {@code es}.
   */
  private static void geluExp(double[] v, int from, int bound, double[] es) {
    DoubleVector invSqrt2 = DoubleVector.broadcast(S, GELUFunction.INV_SQRT2);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector ah = DoubleVector.fromArray(S, v, from + i).abs().mul(invSqrt2);
      ah.mul(ah).neg().intoArray(es, i);
    }
    exp(es, 0, es, bound);
  }

  /** Pass 3: the rest of {@link GELUFunction#value}, into {@code v}. */
  private static void geluRest(double[] v, int from, int bound, double[] exs, double[] exls,
      double[] es) {
    DoubleVector invSqrt2 = DoubleVector.broadcast(S, GELUFunction.INV_SQRT2);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      if (x.compare(VectorOperators.LT, GELUFunction.LOW_SIMD).anyTrue()) {
        oneAtATime(v, from + i, GELUFunction::value);
        continue;
      }
      DoubleVector ax = x.abs();
      DoubleVector ah = ax.mul(invSqrt2);
      DoubleVector al = ax.fma(invSqrt2, ah.neg()).add(ax.mul(GELUFunction.INV_SQRT2_LO));
      DoubleVector s = ah.mul(ah);
      DoubleVector se = ah.fma(ah, s.neg());
      DoubleVector ex = DoubleVector.fromArray(S, exs, i);
      DoubleVector m = ax.mul(ex);
      DoubleVector me = ax.fma(ex, m.neg()).add(ax.mul(DoubleVector.fromArray(S, exls, i)));
      DoubleVector tm = m.add(me.sub(ax.mul(GELUFunction.TWO_OVER_SQRT_PI).mul(al))
          .sub(m.mul(se))).mul(0.5);
      DoubleVector t = tm.mul(DoubleVector.fromArray(S, es, i));
      VectorMask<Double> same = x.compare(VectorOperators.NE, x)
          .or(x.compare(VectorOperators.GT, 40.0));
      x.sub(t).blend(t.neg(), x.compare(VectorOperators.LT, 0.0)).blend(x, same)
          .intoArray(v, from + i);
    }
  }

  /**
   * {@link GELUFunction#derivative} over the longest prefix of whole vectors (a vector with a
   * lane below x = -37.5 goes one element at a time); returns its length. Erfcx and e^-s (as
   * {@link #gelu}), the rest into a buffer, then {@link #rootBlend}.
   */
  static int geluDerivative(double[] v, int from, int n) {
    int bound = S.loopBound(n);
    double[] ex = buffer(1, bound);
    double[] exl = buffer(2, bound);
    double[] out = buffer(0, bound);
    double[] es = buffer(3, bound);
    geluErfcx(v, from, bound, ex, exl);
    geluExp(v, from, bound, es);
    geluDerivativeRest(v, from, bound, ex, exl, es, out);
    rootBlend(v, from, bound, out, GELUFunction.ROOT_HI, GELUFunction.ROOT_LO,
        GELUFunction.ROOT_WINDOW, GELUFunction.ROOT_TAYLOR);
    return bound;
  }

  /**
   * The last pass of a derivative with a polynomial around its zero x0 = hi + lo: {@code out}
   * into {@code v}, with the polynomial ({@link RootExpansion#at}, the same steps) on the lanes
   * within {@code window} of x0. One method for every such derivative, and a pass of its own:
   * in the same loop as the rest, behind a test for a lane near x0, or as a helper called from
   * several loops, the JIT kept the vectors as objects (GELU' 11 to 22 against 6.5 ns an
   * element).
   */
  private static void rootBlend(double[] v, int from, int bound, double[] out, double hi,
      double lo, double window, double[] c) {
    DoubleVector h = DoubleVector.broadcast(S, hi);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      VectorMask<Double> near = x.sub(h).abs().compare(VectorOperators.LT, window);
      DoubleVector d = x.sub(hi).sub(lo);
      DoubleVector p = DoubleVector.broadcast(S, c[c.length - 1]);
      for (int k = c.length - 2; k >= 0; k--) {
        p = p.fma(d, DoubleVector.broadcast(S, c[k]));
      }
      DoubleVector.fromArray(S, out, i).blend(p.mul(d), near).intoArray(v, from + i);
    }
  }

  /** The pass of {@link #geluDerivative} after e^-s: f' away from its zero, into {@code out}. */
  private static void geluDerivativeRest(double[] v, int from, int bound, double[] exs,
      double[] exls, double[] es, double[] out) {
    DoubleVector invSqrt2 = DoubleVector.broadcast(S, GELUFunction.INV_SQRT2);
    DoubleVector invSqrtPi = DoubleVector.broadcast(S, GELUFunction.INV_SQRT_PI);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      if (x.compare(VectorOperators.LT, GELUFunction.LOW_SIMD).anyTrue()) {
        for (int j = 0; j < S.length(); j++) {
          out[i + j] = GELUFunction.derivative(v[from + i + j]);
        }
        continue;
      }
      DoubleVector ax = x.abs();
      DoubleVector ah = ax.mul(invSqrt2);
      DoubleVector al = ax.fma(invSqrt2, ah.neg()).add(ax.mul(GELUFunction.INV_SQRT2_LO));
      DoubleVector s = ah.mul(ah);
      DoubleVector se = ah.fma(ah, s.neg());
      DoubleVector h = DoubleVector.fromArray(S, exs, i).mul(0.5);
      DoubleVector q = ah.mul(invSqrtPi);
      DoubleVector qe = ah.fma(invSqrtPi, q.neg()).add(ah.mul(GELUFunction.INV_SQRT_PI_LO));
      DoubleVector bh = h.sub(q);
      DoubleVector bv = bh.sub(h);
      DoubleVector be = h.sub(bh.sub(bv)).add(q.neg().sub(bv));
      DoubleVector b = bh.add(be.add(DoubleVector.fromArray(S, exls, i).mul(0.5)).sub(qe)
          .add(al.mul(GELUFunction.INV_SQRT_PI).mul(s.mul(2.0).sub(2.0))).sub(bh.mul(se)));
      DoubleVector t = b.mul(DoubleVector.fromArray(S, es, i));
      DoubleVector.broadcast(S, 1.0).sub(t).blend(t, x.compare(VectorOperators.LT, 0.0))
          .blend(1.0, x.compare(VectorOperators.GT, 40.0))
          .blend(x, x.compare(VectorOperators.NE, x)).intoArray(out, i);
    }
  }

  /**
   * {@link GELUFunction#erfcxTail} of {@code src[from + i]} into {@code dst[i]} for i in
   * [0, bound) (Estrin's scheme, the same steps): a pass over arrays, as the class comment says.
   */
  private static void erfcxTail(double[] src, int from, double[] dst, int bound) {
    double[] c = GELUFunction.ERFCX;
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector y = DoubleVector.fromArray(S, src, from + i);
      DoubleVector y2 = y.mul(y);
      DoubleVector y4 = y2.mul(y2);
      DoubleVector y8 = y4.mul(y4);
      DoubleVector y16 = y8.mul(y8);
      DoubleVector q0 = y.fma(c[8], c[7]).fma(y2, y.fma(c[6], c[5]));
      DoubleVector q1 = y.fma(c[12], c[11]).fma(y2, y.fma(c[10], c[9]));
      DoubleVector q2 = y.fma(c[16], c[15]).fma(y2, y.fma(c[14], c[13]));
      DoubleVector q3 = y.fma(c[20], c[19]).fma(y2, y.fma(c[18], c[17]));
      DoubleVector q4 = y2.fma(DoubleVector.broadcast(S, c[23]), y.fma(c[22], c[21]));
      DoubleVector r = q4.fma(y16, q3.fma(y4, q2).fma(y8, q1.fma(y4, q0)));
      r.fma(y, DoubleVector.broadcast(S, c[4])).fma(y, DoubleVector.broadcast(S, c[3]))
          .fma(y, DoubleVector.broadcast(S, c[2])).fma(y, DoubleVector.broadcast(S, c[1]))
          .intoArray(dst, i);
    }
  }

  /**
   * {@link GELUTanhFunction#value} over the longest prefix of whole vectors, as {@link #silu}
   * does SiLU's (a vector with a lane where 2u &lt; -708, x &lt; -21.14, goes one element at a
   * time); returns its length. 2u = h + l in double-double, as {@code GELUTanhFunction.twoU}.
   */
  static int geluTanh(double[] v, int from, int n) {
    int bound = S.loopBound(n);
    double[] hs = buffer(3, bound);
    double[] ls = buffer(1, bound);
    double[] es = buffer(2, bound);
    geluTanhPrep(v, from, bound, hs, ls, es);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      if (DoubleVector.fromArray(S, hs, i).compare(VectorOperators.LT, NegativeExpm1.LOW_EXP)
          .anyTrue()) {
        oneAtATime(v, from + i, GELUTanhFunction::value);
        continue;
      }
      DoubleVector l = DoubleVector.fromArray(S, ls, i);
      VectorMask<Double> pos = x.compare(VectorOperators.GE, 0.0);
      DoubleVector e = DoubleVector.fromArray(S, es, i);
      e = e.fma(l.blend(l.neg(), pos), e);
      VectorMask<Double> same = x.compare(VectorOperators.NE, x)
          .or(x.compare(VectorOperators.GE, 30.0));
      x.mul(e).blend(x, pos).div(e.add(1.0)).blend(x, same).intoArray(v, from + i);
    }
    return bound;
  }

  /**
   * The first pass of GELU's tanh form and its derivative: 2u = h + l in double-double (as
   * {@code GELUTanhFunction.twoU}) and e^-|h|, into {@code hs}, {@code ls}, {@code es}.
   */
  private static void geluTanhPrep(double[] v, int from, int bound, double[] hs, double[] ls,
      double[] es) {
    DoubleVector k = DoubleVector.broadcast(S, GELUTanhFunction.K);
    DoubleVector c = DoubleVector.broadcast(S, GELUTanhFunction.C);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector x2 = x.mul(x);
      DoubleVector x2e = x.fma(x, x2.neg());
      DoubleVector x3 = x2.mul(x);
      DoubleVector x3e = x2.fma(x, x3.neg()).add(x2e.mul(x));
      DoubleVector t = x3.mul(c);
      DoubleVector te = x3.fma(c, t.neg()).add(x3e.mul(c)).add(x3.mul(GELUTanhFunction.C_LO));
      DoubleVector w = x.add(t);
      DoubleVector wv = w.sub(x);
      DoubleVector we = x.sub(w.sub(wv)).add(t.sub(wv)).add(te);
      DoubleVector u = w.mul(k);
      DoubleVector ue = w.fma(k, u.neg()).add(we.mul(k)).add(w.mul(GELUTanhFunction.K_LO));
      DoubleVector h = u.mul(2.0);
      h.intoArray(hs, i);
      ue.mul(2.0).intoArray(ls, i);
      h.abs().neg().intoArray(es, i);
    }
    exp(es, 0, es, bound);
  }

  /**
   * {@link GELUTanhFunction#derivative} over the longest prefix of whole vectors (a vector with
   * a lane where 2u &lt; -708 goes one element at a time); returns its length. Passes: 2u and
   * e^-|2u| ({@link #geluTanhPrep}), the branch x &lt; 0 in double-double (as the one-element
   * form's {@code DD} steps, operation for operation: {@link #geluTanhTwoDu},
   * {@link #geluTanhDerivativeTerms}, {@link #geluTanhDerivativeQuotient}), the branch x &gt;= 0
   * and the special values, then {@link #rootBlend}.
   */
  static int geluTanhDerivative(double[] v, int from, int n) {
    int bound = S.loopBound(n);
    double[] hs = buffer(3, bound);
    double[] ls = buffer(1, bound);
    double[] es = buffer(2, bound);
    double[] out = buffer(0, bound);
    geluTanhPrep(v, from, bound, hs, ls, es);
    double[] dhs = buffer(4, bound);
    double[] dls = buffer(5, bound);
    geluTanhTwoDu(v, from, bound, dhs, dls);
    double[] nls = buffer(6, bound);
    geluTanhDerivativeTerms(v, from, bound, ls, es, dhs, dls, out, nls);
    geluTanhDerivativeQuotient(bound, out, nls, dhs, dls);
    DoubleVector k2 = DoubleVector.broadcast(S, 2.0 * GELUTanhFunction.K);
    DoubleVector c3 = DoubleVector.broadcast(S, 3.0 * GELUTanhFunction.C);
    DoubleVector one = DoubleVector.broadcast(S, 1.0);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      if (DoubleVector.fromArray(S, hs, i).compare(VectorOperators.LT, NegativeExpm1.LOW_EXP)
          .anyTrue()) {
        for (int j = 0; j < S.length(); j++) {
          out[i + j] = GELUTanhFunction.derivative(v[from + i + j]); // rootBlend agrees
        }
        continue;
      }
      DoubleVector l = DoubleVector.fromArray(S, ls, i);
      DoubleVector e = DoubleVector.fromArray(S, es, i);
      DoubleVector du = k2.mul(c3.fma(x.mul(x), one));
      DoubleVector ep = e.fma(l.neg(), e);
      DoubleVector s = one.div(ep.add(1.0));
      DoubleVector fp = s.mul(x.mul(du).mul(ep).mul(s).add(1.0));
      DoubleVector.fromArray(S, out, i).blend(fp, x.compare(VectorOperators.GE, 0.0))
          .blend(1.0, x.compare(VectorOperators.GE, 30.0))
          .blend(x, x.compare(VectorOperators.NE, x)).intoArray(out, i);
    }
    rootBlend(v, from, bound, out, GELUTanhFunction.ROOT_HI, GELUTanhFunction.ROOT_LO,
        GELUTanhFunction.ROOT_WINDOW, GELUTanhFunction.ROOT_TAYLOR);
    return bound;
  }

  /**
   * Pass 2a of {@link #geluTanhDerivative}: 2u' = (3 C x^2 + 1) 2K in double-double, into
   * {@code dhs} and {@code dls}. The branch x &lt; 0 is E (1 + E + x 2u') / (1 + E)^2 with
   * E = e^2u, in double-double exactly as {@code GELUTanhFunction.derivative}'s {@code DD}
   * steps; it takes two passes because in one the JIT kept the vectors as objects.
   */
  private static void geluTanhTwoDu(double[] v, int from, int bound, double[] dhs,
      double[] dls) {
    DoubleVector c3h = DoubleVector.broadcast(S, GELUTanhFunction.C3.hi);
    double c3l = GELUTanhFunction.C3.lo;
    DoubleVector tkh = DoubleVector.broadcast(S, GELUTanhFunction.TWO_K.hi);
    double tkl = GELUTanhFunction.TWO_K.lo;
    DoubleVector one = DoubleVector.broadcast(S, 1.0);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      // dudd = product(x, x) * C3 + 1, times TWO_K
      DoubleVector ah = x.mul(x);
      DoubleVector al = x.fma(x, ah.neg());
      DoubleVector ph = ah.mul(c3h);
      DoubleVector t = ah.fma(c3h, ph.neg()).add(ah.mul(c3l).add(al.mul(c3h)));
      ah = ph.add(t);
      al = t.sub(ah.sub(ph));
      DoubleVector sh = ah.add(1.0);
      DoubleVector sv = sh.sub(ah);
      t = ah.sub(sh.sub(sv)).add(one.sub(sv)).add(al);
      ah = sh.add(t);
      al = t.sub(ah.sub(sh));
      ph = ah.mul(tkh);
      t = ah.fma(tkh, ph.neg()).add(ah.mul(tkl).add(al.mul(tkh)));
      DoubleVector dh = ph.add(t);
      dh.intoArray(dhs, i);
      t.sub(dh.sub(ph)).intoArray(dls, i);
    }
  }

  /**
   * Pass 2b of {@link #geluTanhDerivative}: the branch x &lt; 0's numerator and denominator in
   * double-double, the numerator into {@code nhs} and {@code nls}, the denominator over 2u' in
   * {@code dhs} and {@code dls}. Two passes (this and {@link #geluTanhDerivativeQuotient}), not
   * one: C2 inlines the Vector API's operations late, and in one loop of 88 calls into the API
   * (131 inlined late) it sometimes gave up before the last (full benchmark runs in two JVMs of
   * five: the final {@code add} stayed a call, and GELU(tanh)' allocated 240–770 bytes a row of
   * 64 in boxed vectors). {@code NegativeExpm1Test.noMethodMakesTooManyVectorApiCalls} keeps
   * every method under 70 such calls.
   */
  private static void geluTanhDerivativeTerms(double[] v, int from, int bound, double[] ls,
      double[] es, double[] dhs, double[] dls, double[] nhs, double[] nls) {
    DoubleVector one = DoubleVector.broadcast(S, 1.0);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector e = DoubleVector.fromArray(S, es, i);
      DoubleVector l = DoubleVector.fromArray(S, ls, i);
      DoubleVector dh = DoubleVector.fromArray(S, dhs, i);
      DoubleVector dl = DoubleVector.fromArray(S, dls, i);
      // big = of(e, e l); p = big + 1
      DoubleVector el = e.mul(l);
      DoubleVector bh = e.add(el);
      DoubleVector bl = el.sub(bh.sub(e));
      DoubleVector sh = bh.add(1.0);
      DoubleVector sv = sh.sub(bh);
      DoubleVector t = bh.sub(sh.sub(sv)).add(one.sub(sv)).add(bl);
      DoubleVector pph = sh.add(t);
      DoubleVector ppl = t.sub(pph.sub(sh));
      // g = p + dudd x
      DoubleVector ph = dh.mul(x);
      t = dh.fma(x, ph.neg()).add(dl.mul(x));
      DoubleVector xh = ph.add(t);
      DoubleVector xl = t.sub(xh.sub(ph));
      sh = pph.add(xh);
      sv = sh.sub(pph);
      t = pph.sub(sh.sub(sv)).add(xh.sub(sv)).add(ppl).add(xl);
      DoubleVector gh = sh.add(t);
      DoubleVector gl = t.sub(gh.sub(sh));
      // num = big g, den = p p
      ph = bh.mul(gh);
      t = bh.fma(gh, ph.neg()).add(bh.mul(gl).add(bl.mul(gh)));
      DoubleVector nh = ph.add(t);
      nh.intoArray(nhs, i);
      t.sub(nh.sub(ph)).intoArray(nls, i);
      ph = pph.mul(pph);
      t = pph.fma(pph, ph.neg()).add(pph.mul(ppl).add(ppl.mul(pph)));
      DoubleVector qh = ph.add(t);
      qh.intoArray(dhs, i);
      t.sub(qh.sub(ph)).intoArray(dls, i);
    }
  }

  /**
   * Pass 2c of {@link #geluTanhDerivative}: the quotient of the numerator in {@code out} and
   * {@code nls} by the denominator in {@code qhs} and {@code qls}, into {@code out}.
   */
  private static void geluTanhDerivativeQuotient(int bound, double[] out, double[] nls,
      double[] qhs, double[] qls) {
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector nh = DoubleVector.fromArray(S, out, i);
      DoubleVector nl = DoubleVector.fromArray(S, nls, i);
      DoubleVector qh = DoubleVector.fromArray(S, qhs, i);
      DoubleVector ql = DoubleVector.fromArray(S, qls, i);
      // num / den: q = nh / qh; r = num + den (-q); of(q, (r.hi + r.lo) / qh)
      DoubleVector q = nh.div(qh);
      DoubleVector mq = q.neg();
      DoubleVector ph = qh.mul(mq);
      DoubleVector t = qh.fma(mq, ph.neg()).add(ql.mul(mq));
      DoubleVector mh = ph.add(t);
      DoubleVector ml = t.sub(mh.sub(ph));
      DoubleVector sh = nh.add(mh);
      DoubleVector sv = sh.sub(nh);
      t = nh.sub(sh.sub(sv)).add(mh.sub(sv)).add(nl).add(ml);
      DoubleVector rh = sh.add(t);
      DoubleVector rl = t.sub(rh.sub(sh));
      t = rh.add(rl).div(qh);
      DoubleVector fh = q.add(t);
      fh.add(t.sub(fh.sub(q))).intoArray(out, i);
    }
  }

  /**
   * {@link SiLUFunction#derivative} over the longest prefix of whole vectors (a vector with a
   * lane below -708 goes one element at a time); returns its length. Two passes, e^-|x| then
   * the rest, through a per-thread buffer, as {@link #gelu} does: every lane computes both
   * branches and the polynomial around f''s zero, and one loop would be past the JIT's limits.
   */
  static int siluDerivative(double[] v, int from, int n) {
    int bound = S.loopBound(n);
    double[] es = expOfMinusAbs(v, from, bound, 1.0);
    double[] out = buffer(0, bound);
    siluDerivativeRest(v, from, bound, es, out);
    rootBlend(v, from, bound, out, SiLUFunction.ROOT_HI, SiLUFunction.ROOT_LO,
        SiLUFunction.ROOT_WINDOW, SiLUFunction.ROOT_TAYLOR);
    return bound;
  }

  /** Pass 2 of {@link #siluDerivative}, with e^-|x| in {@code es}. */
  private static void siluDerivativeRest(double[] v, int from, int bound, double[] es,
      double[] out) {
    DoubleVector one = DoubleVector.broadcast(S, 1.0);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      if (x.compare(VectorOperators.LT, NegativeExpm1.LOW_EXP).anyTrue()) {
        for (int j = 0; j < S.length(); j++) {
          out[i + j] = SiLUFunction.derivative(v[from + i + j]); // rootBlend agrees
        }
        continue;
      }
      DoubleVector e = DoubleVector.fromArray(S, es, i);
      // x >= 0
      DoubleVector s = one.div(e.add(1.0));
      DoubleVector fp = s.mul(x.mul(e).mul(s).add(1.0));
      // x < 0, as SiLUFunction.derivative
      DoubleVector p = e.add(1.0);
      DoubleVector pe = e.sub(p.sub(1.0));
      DoubleVector a = x.add(1.0);
      DoubleVector g = a.add(e);
      DoubleVector gv = g.sub(a);
      DoubleVector ge = a.sub(g.sub(gv)).add(e.sub(gv));
      DoubleVector d = p.mul(p);
      DoubleVector de = p.fma(p, d.neg());
      DoubleVector q = e.mul(g).div(d);
      DoubleVector fn = q.fma(ge.div(g).sub(de.add(p.mul(2.0).mul(pe)).div(d)), q);
      fn.blend(fp, x.compare(VectorOperators.GE, 0.0))
          .blend(1.0, x.compare(VectorOperators.GT, -NegativeExpm1.LOW_EXP))
          .blend(x, x.compare(VectorOperators.NE, x)).intoArray(out, i);
    }
  }

  /**
   * {@link MishFunction#value} over the longest prefix of whole vectors, as {@link #silu} does
   * SiLU's; returns its length.
   */
  static int mish(double[] v, int from, int n) {
    int bound = S.loopBound(n);
    double[] us = expOfMinusAbs(v, from, bound, 1.0);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      if (x.compare(VectorOperators.LT, NegativeExpm1.LOW_EXP).anyTrue()) {
        oneAtATime(v, from + i, MishFunction::value);
        continue;
      }
      DoubleVector u = DoubleVector.fromArray(S, us, i);
      VectorMask<Double> pos = x.compare(VectorOperators.GT, 0.0);
      DoubleVector ph = u.mul(u);
      DoubleVector pl = u.fma(u, ph.neg());
      DoubleVector a = ph.blend(1.0, pos);
      DoubleVector b = u.mul(2.0);
      DoubleVector nh = a.add(b);
      DoubleVector bb = nh.sub(a);
      DoubleVector nl = a.sub(nh.sub(bb)).add(b.sub(bb)).add(pl.blend(0.0, pos));
      DoubleVector g = DoubleVector.broadcast(S, 2.0).blend(ph.mul(2.0), pos);
      DoubleVector dh = nh.add(g);
      DoubleVector gg = dh.sub(nh);
      DoubleVector dl = nh.sub(dh.sub(gg)).add(g.sub(gg))
          .add(nl.add(DoubleVector.zero(S).blend(pl.mul(2.0), pos)));
      DoubleVector qh = nh.div(dh);
      DoubleVector ql = qh.neg().fma(dh, nh).add(nl.sub(qh.mul(dl))).div(dh);
      VectorMask<Double> same = x.compare(VectorOperators.NE, x)
          .or(x.compare(VectorOperators.GE, 40.0)).or(x.compare(VectorOperators.EQ, 0.0));
      x.fma(qh, x.mul(ql)).blend(x, same).intoArray(v, from + i);
    }
    return bound;
  }

  /**
   * {@link MishFunction#derivative} over the longest prefix of whole vectors (a vector with a
   * lane below -708 goes one element at a time); returns its length. Three passes, as
   * {@link #siluDerivative}: e^-|x|, the rest, then the polynomial around f''s zero.
   */
  static int mishDerivative(double[] v, int from, int n) {
    int bound = S.loopBound(n);
    double[] us = expOfMinusAbs(v, from, bound, 1.0);
    double[] out = buffer(0, bound);
    mishDerivativeRest(v, from, bound, us, out);
    rootBlend(v, from, bound, out, MishFunction.ROOT_HI, MishFunction.ROOT_LO,
        MishFunction.ROOT_WINDOW, MishFunction.ROOT_TAYLOR);
    return bound;
  }

  /** Pass 2 of {@link #mishDerivative}, with e^-|x| in {@code us}; as the scalar form. */
  private static void mishDerivativeRest(double[] v, int from, int bound, double[] us,
      double[] out) {
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      if (x.compare(VectorOperators.LT, NegativeExpm1.LOW_EXP).anyTrue()) {
        for (int j = 0; j < S.length(); j++) {
          out[i + j] = MishFunction.derivative(v[from + i + j]); // rootBlend agrees
        }
        continue;
      }
      DoubleVector u = DoubleVector.fromArray(S, us, i);
      VectorMask<Double> pos = x.compare(VectorOperators.GT, 0.0);
      DoubleVector x1 = x.add(1.0).mul(4.0);
      DoubleVector p = u.add(4.0).blend(x1, pos);
      p = p.fma(u, x.mul(4.0).add(6.0));
      p = p.fma(u, x1.blend(4.0, pos));
      DoubleVector up = u.mul(p);
      DoubleVector upe = u.fma(p, up.neg());
      DoubleVector a = DoubleVector.zero(S).blend(1.0, pos);
      DoubleVector nh = a.add(up);
      DoubleVector nv = nh.sub(a);
      DoubleVector nl = a.sub(nh.sub(nv)).add(up.sub(nv)).add(upe);
      DoubleVector t = u.mul(u);
      DoubleVector h = DoubleVector.broadcast(S, 1.0).blend(2.0, pos);
      DoubleVector ht = h.mul(t);
      DoubleVector tu = u.mul(2.0);
      DoubleVector s = tu.add(ht);
      DoubleVector sv = s.sub(tu);
      DoubleVector g = DoubleVector.broadcast(S, 2.0).blend(1.0, pos);
      DoubleVector dh = g.add(s);
      DoubleVector dv = dh.sub(g);
      DoubleVector dl = tu.sub(s.sub(sv)).add(ht.sub(sv))
          .add(g.sub(dh.sub(dv)).add(s.sub(dv)))
          .add(h.mul(u.fma(u, t.neg())));
      DoubleVector d = dh.mul(dh);
      DoubleVector de = dh.fma(dh, d.neg());
      DoubleVector q = nh.div(d);
      q.fma(nl.div(nh).sub(de.add(dh.mul(2.0).mul(dl)).div(d)), q)
          .blend(1.0, x.compare(VectorOperators.GE, 40.0))
          .blend(x, x.compare(VectorOperators.NE, x)).intoArray(out, i);
    }
  }

  /**
   * e^-|beta v[from + i]| for i in [0, bound), into this thread's buffer 1, which it returns (the
   * first pass of SiLU, Mish, Softplus and their derivatives).
   */
  private static double[] expOfMinusAbs(double[] v, int from, int bound, double beta) {
    DoubleVector b = DoubleVector.broadcast(S, beta);
    double[] es = buffer(1, bound);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector.fromArray(S, v, from + i).mul(b).abs().neg().intoArray(es, i);
    }
    exp(es, 0, es, bound);
    return es;
  }

  /** v[from + i] / alpha for i in [0, bound), into this thread's buffer 0, which it returns. */
  private static double[] quotients(double[] v, int from, int bound, double alpha) {
    DoubleVector a = DoubleVector.broadcast(S, alpha);
    double[] ts = buffer(0, bound);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector.fromArray(S, v, from + i).div(a).intoArray(ts, i);
    }
    return ts;
  }


  /** This thread's buffer {@code k} (0 to 6), at least {@code length} long. */
  private static double[] buffer(int k, int length) {
    double[][] holder = ARGS.get();
    if (holder[k].length < length) {
      holder[k] = new double[Math.max(length, 2 * holder[k].length)];
    }
    return holder[k];
  }

  /**
   * {@code v[j] = f(v[j])} for the one vector at {@code at}: for a vector with a lane outside a
   * function's SIMD range (rare; a call per element is fine there).
   */
  private static void oneAtATime(double[] v, int at, DoubleUnaryOperator f) {
    for (int j = at; j < at + S.length(); j++) {
      v[j] = f.applyAsDouble(v[j]);
    }
  }

  /** Per-thread buffers between two passes ({@link #softplus}, {@link #gelu}, ...). */
  private static final ThreadLocal<double[][]> ARGS =
      ThreadLocal.withInitial(() -> new double[7][0]);

  /**
   * {@link SoftplusFunction#value} over the longest prefix of whole vectors, as {@link #silu}
   * does SiLU's (a vector with a lane where beta x &lt; -708 goes one element at a time); returns
   * its length. Passes through per-thread buffers: e^-|beta x|, log1p's argument, log1p, the
   * rest.
   */
  static int softplus(double[] v, int from, int n, double beta, double threshold) {
    int bound = S.loopBound(n);
    double[] args = buffer(0, bound);
    softplusArgs(v, from, bound, beta, args);
    log1p(args, 0, args, bound);
    softplusLogs(v, from, bound, beta, threshold, args);
    return bound;
  }

  /** log1p's argument, e^-|p| or e^(p + pe) = fma(e^p, pe, e^p), into {@code args}. */
  private static void softplusArgs(double[] v, int from, int bound, double beta, double[] args) {
    DoubleVector b = DoubleVector.broadcast(S, beta);
    double[] us = expOfMinusAbs(v, from, bound, beta);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector p = x.mul(b);
      DoubleVector pe = x.fma(b, p.neg());
      DoubleVector u = DoubleVector.fromArray(S, us, i);
      u.fma(pe, u).blend(u, p.compare(VectorOperators.GT, 0.0)).intoArray(args, i);
    }
  }

  /** The last pass: the rest of {@link SoftplusFunction#value}, with log1p in {@code logs}. */
  private static void softplusLogs(double[] v, int from, int bound, double beta,
      double threshold, double[] logs) {
    DoubleVector b = DoubleVector.broadcast(S, beta);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector p = x.mul(b);
      if (p.compare(VectorOperators.LT, NegativeExpm1.LOW_EXP).anyTrue()) {
        oneAtATime(v, from + i, e -> SoftplusFunction.value(e, beta, threshold));
        continue;
      }
      DoubleVector pe = x.fma(b, p.neg());
      VectorMask<Double> same = x.compare(VectorOperators.NE, x)
          .or(p.compare(VectorOperators.GT, threshold))
          .or(p.compare(VectorOperators.EQ, threshold).and(pe.compare(VectorOperators.GT, 0.0)));
      DoubleVector l = DoubleVector.fromArray(S, logs, i);
      l.blend(p.add(l.add(pe)), p.compare(VectorOperators.GT, 0.0)).div(b).blend(x, same)
          .intoArray(v, from + i);
    }
  }

  private static final DoubleVector HALF = DoubleVector.broadcast(S, 0.5);
  private static final DoubleVector TWO = DoubleVector.broadcast(S, 2.0);

  /**
   * {@link NegativeExpm1#log1p} of {@code src[from + i]} into {@code dst[i]} for i in
   * [0, bound); {@code dst} may be {@code src} with {@code from} 0.
   */
  private static void log1p(double[] src, int from, double[] dst, int bound) {
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector a = DoubleVector.fromArray(S, src, from + i);
      DoubleVector w = a.add(1.0);
      DoubleVector c = a.sub(w.sub(1.0));
      VectorMask<Double> big = w.compare(VectorOperators.GT, NegativeExpm1.SQRT2);
      DoubleVector m = w.blend(HALF.mul(w), big);
      DoubleVector dk = DoubleVector.zero(S).blend(1.0, big);
      DoubleVector f = m.sub(1.0);
      DoubleVector hfsq = HALF.mul(f).mul(f);
      DoubleVector s = f.div(TWO.add(f));
      DoubleVector z = s.mul(s);
      DoubleVector ww = z.mul(z);
      DoubleVector t1 = ww.mul(ww.mul(ww.mul(NegativeExpm1.LG6).add(NegativeExpm1.LG4))
          .add(NegativeExpm1.LG2));
      DoubleVector t2 = z.mul(ww.mul(ww.mul(ww.mul(NegativeExpm1.LG7).add(NegativeExpm1.LG5))
          .add(NegativeExpm1.LG3)).add(NegativeExpm1.LG1));
      DoubleVector r = t2.add(t1);
      dk.mul(NegativeExpm1.LN2_HI)
          .add(f.sub(hfsq.sub(s.mul(hfsq.add(r)).add(dk.mul(LN2_LO).add(c.div(w))))))
          .intoArray(dst, i);
    }
  }

  /**
   * {@link NegativeExpm1#exp} of min(src[from + i], 0) into {@code dst[i]} for i in [0, bound);
   * {@code dst} may be {@code src} with {@code from} 0. (Callers whose x &gt; 0 lanes take
   * another branch get e^0 there.)
   */
  private static void exp(double[] src, int from, double[] dst, int bound) {
    expOrExpm1(src, from, dst, bound, false);
  }

  /**
   * {@link NegativeExpm1#of} (expm1) of min(src[from + i], 0) into {@code dst[i]} for i in
   * [0, bound); {@code dst} may be {@code src} with {@code from} 0.
   */
  private static void of(double[] src, int from, double[] dst, int bound) {
    expOrExpm1(src, from, dst, bound, true);
  }

  /**
   * {@link #exp}, or {@link #of} if {@code minusOne}: the same reduction and polynomial, then
   * each one's last steps. (When the two were helpers returning vectors, one method with a flag
   * was left out of line with boxed vectors: ELU 2.0 to 5.8 ns an element. As a pass over
   * arrays the flag is a branch the loop does not depend on.)
   */
  private static void expOrExpm1(double[] src, int from, double[] dst, int bound,
      boolean minusOne) {
    double low = minusOne ? LOW : NegativeExpm1.LOW_EXP;
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector xc = DoubleVector.fromArray(S, src, from + i).min(0.0).max(low);
      DoubleVector y = xc.mul(INV_LN2).add(ROUND);
      DoubleVector kd = y.sub(ROUND);
      DoubleVector nk = kd.neg();
      DoubleVector rh = nk.fma(LN2_HI, xc);
      DoubleVector c = nk.mul(LN2_LO);
      DoubleVector r = rh.add(c);
      DoubleVector rl = rh.sub(r).add(c);
      DoubleVector q = r.fma(Q11, Q10).fma(r, Q9).fma(r, Q8).fma(r, Q7).fma(r, Q6).fma(r, Q5)
          .fma(r, Q4).fma(r, Q3).fma(r, Q2).fma(r, Q1).fma(r, Q0);
      DoubleVector tail = r.mul(r).fma(q, rl.mul(r.add(1.0)));
      DoubleVector scale = y.reinterpretAsLongs().add(BIAS).lanewise(VectorOperators.LSHL, 52)
          .reinterpretAsDoubles();
      if (minusOne) {
        DoubleVector t = scale.sub(1.0);
        DoubleVector a = scale.mul(r);
        DoubleVector s = t.add(a);
        DoubleVector bb = s.sub(t);
        DoubleVector e = t.sub(s.sub(bb)).add(a.sub(bb));
        s.add(scale.fma(tail, e)).blend(xc, xc.compare(VectorOperators.EQ, 0.0))
            .intoArray(dst, i);
      } else {
        DoubleVector s = r.add(1.0);
        DoubleVector e = DoubleVector.broadcast(S, 1.0).sub(s).add(r);
        s.add(e.add(tail)).mul(scale).intoArray(dst, i);
      }
    }
  }
}
