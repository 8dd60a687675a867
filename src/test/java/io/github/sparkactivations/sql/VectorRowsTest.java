package io.github.sparkactivations.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link VectorRows}' arithmetic test for a stored entry, which replaced a comparison. */
class VectorRowsTest {

  @Test
  void storedIsOneForEveryValueButPositiveZero() {
    assertEquals(0, VectorRows.stored(0.0));
    double[] kept = {-0.0, Double.NaN, Double.longBitsToDouble(0x7ff0000000000001L),
        Double.longBitsToDouble(0xfff8000000000abcL), Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL,
        Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0};
    for (double y : kept) {
      assertEquals(1, VectorRows.stored(y), () -> "bits " + Long.toHexString(
          Double.doubleToRawLongBits(y)));
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100_000; i++) {
      long bits = random.nextLong();
      double y = Double.longBitsToDouble(bits);
      assertEquals(bits != 0L ? 1 : 0, VectorRows.stored(y), Long.toHexString(bits));
    }
  }

  @Test
  void nonZerosCountsTheStoredValuesOfTheRange() {
    double[] v = {0.0, 1.0, 0.0, -0.0, Double.NaN, 0.0, 2.0};
    assertEquals(4, VectorRows.nonZeros(v, 0, v.length));
    assertEquals(2, VectorRows.nonZeros(v, 2, 3));
    assertEquals(0, VectorRows.nonZeros(v, 5, 1));
  }
}
