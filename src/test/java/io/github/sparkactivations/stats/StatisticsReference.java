package io.github.sparkactivations.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** A direct, local computation of the statistics, to check the distributed ones against. */
public final class StatisticsReference {

  private StatisticsReference() {}

  /** Every per-unit and overall figure against a direct computation over {@code data}. */
  public static void check(ActivationStatistics s, List<double[]> data, int d) {
    long rowsSeen = data.stream().filter(x -> x != null).count();
    assertEquals(rowsSeen, s.getRows());
    assertEquals(data.size() - rowsSeen, s.getNullRows());
    assertEquals(d, s.getSize());
    long zeros = 0;
    long elements = 0;
    for (int i = 0; i < d; i++) {
      long count = 0;
      long nan = 0;
      long active = 0;
      double min = Double.NaN;
      double max = Double.NaN;
      BigDecimal sum = BigDecimal.ZERO;
      BigDecimal squares = BigDecimal.ZERO;
      for (double[] x : data) {
        if (x == null) {
          continue;
        }
        count++;
        double v = x[i];
        if (Double.isNaN(v)) {
          nan++;
          continue;
        }
        zeros += v == 0 ? 1 : 0;
        active += v > 0 ? 1 : 0;
        min = Double.isNaN(min) ? v : Math.min(min, v);
        max = Double.isNaN(max) ? v : Math.max(max, v);
        BigDecimal b = new BigDecimal(v);
        sum = sum.add(b);
        squares = squares.add(b.multiply(b));
      }
      elements += count;
      UnitStatistics u = s.getUnit(i);
      String at = s.getColumn() + " unit " + i;
      assertEquals(count, u.count(), at);
      assertEquals(nan, u.nanCount(), at);
      assertEquals((double) active / count, u.activeFraction(), at);
      assertEquals(min, u.min(), at);
      assertEquals(max, u.max(), at);
      long m = count - nan;
      BigDecimal n = BigDecimal.valueOf(m);
      double mean = sum.divide(n, MathContext.DECIMAL128).doubleValue();
      double var = squares.subtract(sum.multiply(sum).divide(n, MathContext.DECIMAL128))
          .divide(n.subtract(BigDecimal.ONE), MathContext.DECIMAL128).doubleValue();
      assertEquals(mean, u.mean(), Math.ulp(mean), at);
      assertEquals(Math.sqrt(var), u.std(), Math.ulp(Math.sqrt(var)), at);
    }
    assertEquals(elements, s.getElements());
    assertEquals(zeros, s.getZeroCount());
    assertEquals((double) zeros / elements, s.getSparsity());
    assertFalse(s.toJson().isEmpty());
  }
}
