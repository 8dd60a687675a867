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
