package io.github.sparkactivations.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** Maxout's pure functions and the weight initialisers. */
class MaxoutFunctionTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  private static double[] pool(double[] z, int k, int[] argmax) {
    double[] out = new double[z.length / k];
    MaxoutFunction.pool(z, k, out, argmax);
    return out;
  }

  @Test
  void poolingByHandWithTiesNanAndInfinities() {
    int[] arg = new int[4];
    double[] out = pool(new double[] {1, 3, -2, -2, Double.NaN, 5, -INF, INF}, 2, arg);
    assertEquals("[3.0, -2.0, NaN, Infinity]", Arrays.toString(out));
    assertArrayEquals(new int[] {1, 0, 0, 1}, arg, "ties go to the first piece; NaN wins");
    arg = new int[2];
    out = pool(new double[] {-0.0, 0.0, 7, 4, 2, 9}, 3, arg);
    assertEquals("[7.0, 9.0]", Arrays.toString(out));
    assertArrayEquals(new int[] {2, 2}, arg);
    out = pool(new double[] {-0.0, 0.0, -1, 1, Double.NaN, 9}, 3, arg);
    assertEquals(-0.0, out[0]);
    assertEquals(0, arg[0], "-0.0 and +0.0 tie: the first wins");
    assertTrue(Double.isNaN(out[1]));
    assertEquals(1, arg[1]);
    out = pool(new double[] {-INF, -INF}, 2, arg);
    assertEquals(-INF, out[0]);
    assertEquals(0, arg[0]);
  }

  /** The rule written plainly, one comparison per piece: the reference for {@code pool}. */
  private static void poolByTheRule(double[] z, int k, double[] out, int[] argmax) {
    for (int i = 0; i < out.length; i++) {
      double best = z[i * k];
      int arg = 0;
      for (int j = 1; j < k && !Double.isNaN(best); j++) {
        double v = z[i * k + j];
        if (Double.isNaN(v) || v > best) {
          best = v;
          arg = j;
        }
      }
      out[i] = best;
      argmax[i] = arg;
    }
  }

  @Test
  void poolingGivesTheRulesBitsOnRandomRowsFullOfSpecialValues() {
    // Zeros of both signs, NaNs with different payloads, infinities and ties: the cases where
    // Math.max, which pool uses first, differs from the rule.
    double[] special = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8000000000123L),
        Double.longBitsToDouble(0xfff0000000000001L), INF, -INF, 1.5, -1.5, Double.MIN_VALUE};
    Random rnd = new Random(11);
    for (int trial = 0; trial < 20_000; trial++) {
      int k = 1 + rnd.nextInt(9);
      int m = 1 + rnd.nextInt(12);
      double[] z = new double[m * k];
      for (int p = 0; p < z.length; p++) {
        z[p] = rnd.nextInt(3) == 0 ? rnd.nextGaussian() : special[rnd.nextInt(special.length)];
      }
      double[] expected = new double[m];
      int[] expectedArg = new int[m];
      poolByTheRule(z, k, expected, expectedArg);
      double[] out = new double[m];
      int[] arg = new int[m];
      MaxoutFunction.pool(z, k, out, arg);
      double[] withoutArg = new double[m];
      MaxoutFunction.pool(z, k, withoutArg, null);
      for (int i = 0; i < m; i++) {
        String where = "k = " + k + ", pieces " + Arrays.toString(
            Arrays.copyOfRange(z, i * k, i * k + k));
        assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(out[i]),
            where);
        assertEquals(Double.doubleToRawLongBits(expected[i]),
            Double.doubleToRawLongBits(withoutArg[i]), where);
        assertEquals(expectedArg[i], arg[i], where);
      }
    }
  }

  @Test
  void onePieceIsTheIdentity() {
    double[] z = {3, -1, Double.NaN, -0.0, INF};
    int[] arg = new int[5];
    assertEquals(Arrays.toString(z), Arrays.toString(pool(z, 1, arg)));
    assertArrayEquals(new int[5], arg);
  }

  @Test
  void sparsePoolingEqualsDensePooling() {
    // Stored entries may be zeros of either sign, NaNs or infinities: the cases where the
    // sparse path's Math.max shortcut must hand over to the rule.
    double[] special = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8000000000123L), INF,
        -INF, -1.0, 2.0};
    Random rnd = new Random(3);
    for (int trial = 0; trial < 20_000; trial++) {
      int k = 1 + rnd.nextInt(5);
      int size = k * (1 + rnd.nextInt(10));
      double[] dense = new double[size];
      boolean[] stored = new boolean[size];
      int nnz = 0;
      for (int i = 0; i < size; i++) {
        if (rnd.nextInt(3) == 0) {
          stored[i] = true;
          dense[i] = rnd.nextInt(3) == 0 ? special[rnd.nextInt(special.length)]
              : rnd.nextGaussian();
          nnz++;
        }
      }
      int[] idx = new int[nnz];
      double[] val = new double[nnz];
      for (int i = 0, p = 0; i < size; i++) {
        if (stored[i]) {
          idx[p] = i;
          val[p++] = dense[i];
        }
      }
      int[] argDense = new int[size / k];
      double[] expected = pool(dense, k, argDense);
      int[] argSparse = new int[size / k];
      double[] withArg = new double[size / k];
      MaxoutFunction.poolSparse(size, idx, val, k, withArg, argSparse);
      double[] withoutArg = new double[size / k];
      MaxoutFunction.poolSparse(size, idx, val, k, withoutArg, null);
      String where = "k = " + k + ", " + Arrays.toString(dense) + " stored at "
          + Arrays.toString(idx);
      for (int u = 0; u < expected.length; u++) {
        assertEquals(Double.doubleToRawLongBits(expected[u]),
            Double.doubleToRawLongBits(withArg[u]), where);
        assertEquals(Double.doubleToRawLongBits(expected[u]),
            Double.doubleToRawLongBits(withoutArg[u]), where);
      }
      assertArrayEquals(argDense, argSparse, where);
      // The stored form lists exactly the units with a stored piece, in order.
      int[] units = new int[nnz];
      int touched = MaxoutFunction.poolSparseEntries(idx, val, k, units, new double[nnz], null);
      assertArrayEquals(Arrays.stream(idx).map(i -> i / k).distinct().toArray(),
          Arrays.copyOf(units, touched), where);
      // In place, from arrays longer than the entries: the same units and maxima.
      double[] maxima = new double[nnz];
      MaxoutFunction.poolSparseEntries(idx, val, k, units, maxima, null);
      int[] idxInPlace = Arrays.copyOf(idx, nnz + 2);
      double[] valInPlace = Arrays.copyOf(val, nnz + 2);
      int[] argInPlace = new int[size / k];
      assertEquals(touched, MaxoutFunction.poolSparseEntries(idxInPlace, valInPlace, nnz, k,
          idxInPlace, valInPlace, argInPlace), where);
      assertArrayEquals(argSparse, argInPlace, where);
      assertArrayEquals(Arrays.copyOf(units, touched), Arrays.copyOf(idxInPlace, touched), where);
      for (int e = 0; e < touched; e++) {
        assertEquals(Double.doubleToRawLongBits(maxima[e]),
            Double.doubleToRawLongBits(valInPlace[e]), where);
      }
    }
  }

  @Test
  void affineByHand() {
    // W = [[1, 2], [0, -1], [3, 0], [1, 1]], b = [0, 1, -5, 0], x = [2, 3], k = 2
    double[] w = {1, 2, 0, -1, 3, 0, 1, 1};
    double[] z = new double[4];
    MaxoutFunction.affine(w, 2, new double[] {0, 1, -5, 0}, null, new double[] {2, 3}, z);
    assertArrayEquals(new double[] {8, -2, 1, 5}, z);
    int[] arg = new int[2];
    assertArrayEquals(new double[] {8, 5}, pool(z, 2, arg));
    assertArrayEquals(new int[] {0, 1}, arg);
  }

  @Test
  void affineGivesTheSameBitsForDenseAndSparseInput() {
    Random rnd = new Random(5);
    int d = 30;
    int rows = 12;
    double[] w = new double[rows * d];
    double[] b = new double[rows];
    for (int i = 0; i < w.length; i++) {
      w[i] = rnd.nextGaussian();
    }
    for (int trial = 0; trial < 200; trial++) {
      double[] x = new double[d];
      int nnz = 0;
      for (int j = 0; j < d; j++) {
        if (rnd.nextInt(4) == 0) {
          x[j] = rnd.nextGaussian() * 100;
          nnz++;
        }
      }
      int[] idx = new int[nnz];
      double[] val = new double[nnz];
      for (int j = 0, p = 0; j < d; j++) {
        if (x[j] != 0) {
          idx[p] = j;
          val[p++] = x[j];
        }
      }
      double[] zd = new double[rows];
      double[] zs = new double[rows];
      MaxoutFunction.affine(w, d, b, null, x, zd);
      MaxoutFunction.affine(w, d, b, idx, val, zs);
      assertEquals(Arrays.toString(zd), Arrays.toString(zs));
    }
  }

  @Test
  void poolingEqualsTheAffineFormWithASelectionMatrix() {
    Random rnd = new Random(8);
    int k = 3;
    int m = 4;
    int d = m * k;
    double[] w = new double[m * k * d];
    for (int r = 0; r < m * k; r++) {
      w[r * d + r] = 1.0; // piece j of unit i selects element i*k + j
    }
    for (int trial = 0; trial < 100; trial++) {
      double[] x = rnd.doubles(d).map(v -> v - 0.5).toArray();
      double[] z = new double[m * k];
      MaxoutFunction.affine(w, d, new double[m * k], null, x, z);
      int[] a1 = new int[m];
      int[] a2 = new int[m];
      assertEquals(Arrays.toString(pool(x, k, a1)), Arrays.toString(pool(z, k, a2)));
      assertArrayEquals(a1, a2);
    }
  }

  private static double[] stats(double[][] w) {
    double sum = 0;
    double sq = 0;
    double max = 0;
    long n = 0;
    for (double[] row : w) {
      for (double v : row) {
        sum += v;
        sq += v * v;
        max = Math.max(max, Math.abs(v));
        n++;
      }
    }
    double mean = sum / n;
    return new double[] {mean, Math.sqrt(sq / n - mean * mean), max, n};
  }

  @Test
  void initialisersHaveTheirMeanAndSpreadWithinStatisticalBounds() {
    int rows = 400;
    int cols = 500;
    double n = rows * cols;
    record Case(String name, Function<Long, double[][]> make, double std, double limit) { }
    for (Case c : new Case[] {
        new Case("heNormal", s -> Initializers.heNormal(rows, cols, s), Math.sqrt(2.0 / cols), 0),
        new Case("lecunNormal", s -> Initializers.lecunNormal(rows, cols, s),
            Math.sqrt(1.0 / cols), 0),
        new Case("heUniform", s -> Initializers.heUniform(rows, cols, s),
            Math.sqrt(6.0 / cols) / Math.sqrt(3), Math.sqrt(6.0 / cols)),
        new Case("glorotUniform", s -> Initializers.glorotUniform(rows, cols, s),
            Math.sqrt(6.0 / (rows + cols)) / Math.sqrt(3), Math.sqrt(6.0 / (rows + cols)))}) {
      double[][] w = c.make.apply(11L);
      double[] s = stats(w);
      // Mean within 5 standard errors of 0; the standard deviation within 1%
      // (its standard error is about std / sqrt(2n) = 0.16% here).
      assertEquals(0.0, s[0], 5 * c.std / Math.sqrt(n), c.name + " mean");
      assertEquals(c.std, s[1], 0.01 * c.std, c.name + " std");
      if (c.limit > 0) {
        assertTrue(s[2] <= c.limit, c.name + " bound");
      }
      assertEquals(Arrays.deepToString(w), Arrays.deepToString(c.make.apply(11L)),
          c.name + " is a pure function of the seed");
      assertNotEquals(Arrays.deepToString(w), Arrays.deepToString(c.make.apply(12L)));
    }
  }
}
