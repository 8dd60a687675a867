package io.github.sparkactivations.math;

import static io.github.sparkactivations.math.NegativeExpm1.BIAS;
import static io.github.sparkactivations.math.NegativeExpm1.INV_LN2;
import static io.github.sparkactivations.math.NegativeExpm1.LN2_LO;
import static io.github.sparkactivations.math.NegativeExpm1.LOW;
import static io.github.sparkactivations.math.NegativeExpm1.ROUND;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD form of {@link NegativeExpm1#of}: the same operations on every lane. Loaded only where
 * the JVM has the {@code jdk.incubator.vector} module ({@link NegativeExpm1#SIMD}); nothing else
 * refers to it.
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
   * {@link NegativeExpm1#negativeBranch} over the longest prefix of whole vectors; returns its
   * length (the caller does the rest one element at a time).
   */
  static int negativeBranch(double[] v, int from, int n, double p, double m) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      // Lanes with x > 0 compute expm1(0) and are replaced below; the others are of's input.
      DoubleVector expm1 = of(x.min(0.0));
      VectorMask<Double> positive = x.compare(VectorOperators.GT, 0.0);
      expm1.mul(m).blend(x.mul(p), positive).intoArray(v, from + i);
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
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector t = x.div(a);
      DoubleVector tc = t.min(0.0);
      DoubleVector em = of(tc);
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
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      if (x.compare(VectorOperators.LT, NegativeExpm1.LOW_EXP).anyTrue()) {
        for (int j = from + i; j < from + i + S.length(); j++) {
          v[j] = SiLUFunction.value(v[j]);
        }
        continue;
      }
      DoubleVector e = exp(x.abs().neg());
      DoubleVector num = x.mul(e).blend(x, x.compare(VectorOperators.GE, 0.0));
      num.div(e.add(1.0)).blend(x, x.compare(VectorOperators.NE, x)).intoArray(v, from + i);
    }
    return bound;
  }

  /**
   * {@link MishFunction#value} over the longest prefix of whole vectors, as {@link #silu} does
   * SiLU's; returns its length.
   */
  static int mish(double[] v, int from, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      if (x.compare(VectorOperators.LT, NegativeExpm1.LOW_EXP).anyTrue()) {
        for (int j = from + i; j < from + i + S.length(); j++) {
          v[j] = MishFunction.value(v[j]);
        }
        continue;
      }
      DoubleVector u = exp(x.abs().neg());
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

  /** Softplus's per-thread buffer for log1p's arguments (see {@link #softplus}). */
  private static final ThreadLocal<double[][]> ARGS =
      ThreadLocal.withInitial(() -> new double[1][0]);

  /**
   * {@link SoftplusFunction#value} over the longest prefix of whole vectors, as {@link #silu}
   * does SiLU's (a vector with a lane where beta x &lt; -708 goes one element at a time); returns
   * its length. Two passes in two methods, e^-|beta x| then log1p, through a per-thread buffer:
   * in one loop the JIT stopped inlining at log1p (its node limit) and the vectors became
   * objects.
   */
  static int softplus(double[] v, int from, int n, double beta, double threshold) {
    int bound = S.loopBound(n);
    double[][] holder = ARGS.get();
    if (holder[0].length < bound) {
      holder[0] = new double[Math.max(bound, 2 * holder[0].length)];
    }
    softplusArgs(v, from, bound, beta, holder[0]);
    softplusLogs(v, from, bound, beta, threshold, holder[0]);
    return bound;
  }

  /** Pass 1: log1p's argument, e^-|p| or e^(p + pe) = fma(e^p, pe, e^p), into {@code args}. */
  private static void softplusArgs(double[] v, int from, int bound, double beta, double[] args) {
    DoubleVector b = DoubleVector.broadcast(S, beta);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector p = x.mul(b);
      DoubleVector pe = x.fma(b, p.neg());
      DoubleVector u = exp(p.abs().neg());
      u.fma(pe, u).blend(u, p.compare(VectorOperators.GT, 0.0)).intoArray(args, i);
    }
  }

  /** Pass 2: the logarithm and the rest of {@link SoftplusFunction#value}, into {@code v}. */
  private static void softplusLogs(double[] v, int from, int bound, double beta,
      double threshold, double[] args) {
    DoubleVector b = DoubleVector.broadcast(S, beta);
    for (int i = 0; i < bound; i += S.length()) {
      DoubleVector x = DoubleVector.fromArray(S, v, from + i);
      DoubleVector p = x.mul(b);
      if (p.compare(VectorOperators.LT, NegativeExpm1.LOW_EXP).anyTrue()) {
        for (int j = from + i; j < from + i + S.length(); j++) {
          v[j] = SoftplusFunction.value(v[j], beta, threshold);
        }
        continue;
      }
      DoubleVector pe = x.fma(b, p.neg());
      VectorMask<Double> same = x.compare(VectorOperators.NE, x)
          .or(p.compare(VectorOperators.GT, threshold))
          .or(p.compare(VectorOperators.EQ, threshold).and(pe.compare(VectorOperators.GT, 0.0)));
      DoubleVector l = log1p(DoubleVector.fromArray(S, args, i));
      l.blend(p.add(l.add(pe)), p.compare(VectorOperators.GT, 0.0)).div(b).blend(x, same)
          .intoArray(v, from + i);
    }
  }

  private static final DoubleVector HALF = DoubleVector.broadcast(S, 0.5);
  private static final DoubleVector TWO = DoubleVector.broadcast(S, 2.0);

  /** {@link NegativeExpm1#log1p} on every lane. */
  private static DoubleVector log1p(DoubleVector a) {
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
    return dk.mul(NegativeExpm1.LN2_HI)
        .add(f.sub(hfsq.sub(s.mul(hfsq.add(r)).add(dk.mul(LN2_LO).add(c.div(w))))));
  }

  /**
   * {@link NegativeExpm1#exp} on every lane of {@code x} (lanes &lt;= 0 or NaN). It repeats
   * {@link #of}'s reduction and polynomial on purpose: one method for both with a constant flag
   * was not inlined by the JIT, and the vectors became objects (ELU 2.0 to 5.8 ns an element).
   */
  private static DoubleVector exp(DoubleVector x) {
    DoubleVector xc = x.max(NegativeExpm1.LOW_EXP);
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
    DoubleVector s = r.add(1.0);
    DoubleVector e = DoubleVector.broadcast(S, 1.0).sub(s).add(r);
    return s.add(e.add(tail)).mul(scale);
  }

  /** {@link NegativeExpm1#of} on every lane of {@code x} (lanes &lt;= 0 or NaN). */
  private static DoubleVector of(DoubleVector x) {
    DoubleVector xc = x.max(LOW);
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
    DoubleVector t = scale.sub(1.0);
    DoubleVector a = scale.mul(r);
    DoubleVector s = t.add(a);
    DoubleVector bb = s.sub(t);
    DoubleVector e = t.sub(s.sub(bb)).add(a.sub(bb));
    DoubleVector result = s.add(scale.fma(tail, e));
    return result.blend(xc, xc.compare(VectorOperators.EQ, 0.0));
  }
}
