package io.github.sparkactivations.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ValueSketchTest {

  @Test
  void exactUntilTooManyDistinctValuesThenWithinItsPrecision() {
    Random r = new Random(5);
    int n = 300_000;
    double[] x = new double[n];
    ValueSketch a = new ValueSketch();
    ValueSketch b = new ValueSketch();
    for (int i = 0; i < n; i++) {
      x[i] = r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3);
      (i % 3 == 0 ? a : b).add(x[i], 1);
    }
    assertTrue(a.precisionBits() < ValueSketch.EXACT_BITS);
    a.merge(b);
    int p = a.precisionBits();
    assertTrue(p >= 6, "precision " + p);
    double lo = Arrays.stream(x).min().getAsDouble();
    double hi = Arrays.stream(x).max().getAsDouble();
    int bins = 50;
    Histogram h = Histogram.of(a, 0, lo, hi, bins, 0, 0);
    long[] exact = new long[bins];
    long[] nearEdge = new long[bins];
    double[] edges = h.getEdges();
    for (double v : x) {
      exact[Histogram.bin(v, lo, hi, bins)]++;
      for (int k = 1; k < bins; k++) {
        // A value truncated toward zero moves by less than |v| * 2^-p.
        if (Math.abs(v - edges[k]) <= Math.abs(v) * Math.scalb(1.0, -p)) {
          nearEdge[k - 1]++;
          nearEdge[k]++;
        }
      }
    }
    long[] counts = h.getCounts();
    assertEquals(n, Arrays.stream(counts).sum());
    for (int k = 0; k < bins; k++) {
      assertTrue(Math.abs(counts[k] - exact[k]) <= nearEdge[k],
          "bin " + k + ": " + counts[k] + " vs exact " + exact[k] + ", " + nearEdge[k]
              + " values near its edges at precision " + p);
    }
  }

  @Test
  void fewDistinctValuesStayExactAcrossMerges() {
    ValueSketch a = new ValueSketch();
    ValueSketch b = new ValueSketch();
    for (int i = 1; i <= 1000; i++) {
      a.add(i / 8.0, 1);
      b.add(-i / 8.0, 2);
    }
    a.merge(b);
    assertEquals(ValueSketch.EXACT_BITS, a.precisionBits());
    long[] total = new long[1];
    a.forEach((v, c) -> total[0] += c);
    assertEquals(3000, total[0]);
  }
}
