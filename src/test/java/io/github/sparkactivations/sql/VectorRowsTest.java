package io.github.sparkactivations.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.Platform;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorRows}: the results it builds, byte for byte against Spark's own encoding, and its
 * arithmetic test for a stored entry, which replaced a comparison.
 */
class VectorRowsTest {
  private static final VectorUDT UDT = new VectorUDT();
  private static final UnsafeProjection ENCODE =
      UnsafeProjection.create(new DataType[] {UDT.sqlType()});

  /** The bytes Spark's own projection writes for {@code v}. */
  private static byte[] sparkBytes(Vector v) {
    UnsafeRow outer = ENCODE.apply(new GenericInternalRow(new Object[] {UDT.serialize(v)}));
    return outer.getStruct(0, 4).getBytes();
  }

  /**
   * {@code v} as a vector row, as generated code meets it (an {@code UnsafeRow}, read in place)
   * or as the interpreted path may (a {@code GenericInternalRow}, read through its arrays).
   */
  private static InternalRow row(Vector v, boolean unsafe) {
    if (unsafe) {
      return ENCODE.apply(new GenericInternalRow(new Object[] {UDT.serialize(v)})).getStruct(0, 4)
          .copy();
    }
    return UDT.serialize(v);
  }

  private static byte[] bytes(UnsafeArrayData a) {
    byte[] b = new byte[a.getSizeInBytes()];
    a.writeToMemory(b, Platform.BYTE_ARRAY_OFFSET);
    return b;
  }

  private static double[] random(SplittableRandom random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextInt(3) == 0 ? 0.0 : random.nextDouble(-1.0, 1.0);
    }
    return x;
  }

  /**
   * Vectors and arrays of changing shape, one after the other, through one reused result (as
   * generated code does) and through fresh ones, from {@code UnsafeRow} and generic rows: the
   * same bytes as Spark writes for each, so no byte of an earlier row remains (Spark compares
   * and hashes values by their bytes).
   */
  @Test
  void resultsHaveSparksBytesRowAfterRow() {
    VectorRows.Result reused = VectorRows.Result.reused();
    VectorRows.Scratch scratch = new VectorRows.Scratch();
    SplittableRandom random = new SplittableRandom(1);
    int[] lengths = {3, 70, 1, 0, 129, 3, 2, 65, 64, 5, 1};
    for (int step = 0; step < 3 * lengths.length; step++) {
      int n = lengths[step % lengths.length];
      double[] x = random(random, n);
      String where = "step " + step + ", n " + n;
      boolean unsafe = step % 2 == 0;
      for (VectorRows.Result result : new VectorRows.Result[] {reused,
          VectorRows.Result.fresh()}) {
        switch (step % 3) {
          case 0 -> { // dense vector
            InternalRow v = row(Vectors.dense(x), unsafe);
            assertEquals(n, VectorRows.elements(v, VectorRows.VALUES), where);
            double[] buf = result.denseCopy(v, n);
            assertArrayEquals(x, Arrays.copyOfRange(buf, VectorRows.denseStart(n),
                VectorRows.denseStart(n) + n), where);
            assertArrayEquals(sparkBytes(Vectors.dense(x)), result.row().getBytes(), where);
            assertArrayEquals(x, Arrays.copyOf(scratch.values(v, n), n), where);
          }
          case 1 -> { // sparse vector of size 2n + 1, from n entries, dropping the +0.0 ones
            int[] indices = new int[n];
            double[] ones = new double[n];
            for (int i = 0; i < n; i++) {
              indices[i] = 2 * i + 1;
              ones[i] = 1.0;
            }
            // Stored values that the "activation" below replaces by x: every entry is kept on
            // the way in, and x's +0.0 ones are dropped on the way out.
            InternalRow v = row(Vectors.sparse(2 * n + 1, indices, ones), unsafe);
            assertEquals(n, VectorRows.elements(v, VectorRows.VALUES), where);
            double[] buf = result.sparseCopy(v, n);
            int s = VectorRows.sparseStart(n);
            assertArrayEquals(ones, Arrays.copyOfRange(buf, s, s + n), where);
            System.arraycopy(x, 0, buf, s, n);
            int kept = VectorRows.nonZeros(buf, s, n);
            UnsafeRow row = result.sparse(2 * n + 1, v, null, n, kept, scratch);
            // toSparse drops the 0.0 entries (x holds no -0.0, which a sparse result keeps).
            Vector want = Vectors.sparse(2 * n + 1, indices, x).toSparse();
            assertArrayEquals(sparkBytes(want), row.getBytes(), where);
            // From arrays longer than the entries, stored as given (+0.0 too).
            UnsafeRow given = result.sparse(2 * n + 1, Arrays.copyOf(indices, n + 3),
                Arrays.copyOf(x, n + 3), n);
            assertArrayEquals(sparkBytes(Vectors.sparse(2 * n + 1, indices, x)),
                given.getBytes(), where);
          }
          default -> { // array<double> and array<float>
            result.doubleArrayCopy(UnsafeArrayData.fromPrimitiveArray(x));
            assertArrayEquals(bytes(UnsafeArrayData.fromPrimitiveArray(x)),
                bytes(result.array()), where);
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
              f[i] = (float) x[i];
            }
            result.floatArrayCopy(UnsafeArrayData.fromPrimitiveArray(f));
            assertArrayEquals(bytes(UnsafeArrayData.fromPrimitiveArray(f)),
                bytes(result.array()), where);
            // Widened into scratch, narrowed from an offset into a new float array.
            double[] wide = scratch.widened(UnsafeArrayData.fromPrimitiveArray(f));
            double[] buf = result.doubleArray(n);
            System.arraycopy(wide, 0, buf, VectorRows.doubleArrayStart(n), n);
            VectorRows.narrow(buf, VectorRows.doubleArrayStart(n), result.floatArray(n),
                VectorRows.floatArrayStart(n), n);
            assertArrayEquals(bytes(UnsafeArrayData.fromPrimitiveArray(f)),
                bytes(result.array()), where);
          }
        }
      }
    }
  }

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

  /**
   * Float rows widened to doubles and narrowed back, over whole SIMD vectors and the rest one
   * at a time: the bits of Java's casts at every length and offset, with the values where
   * rounding to float is delicate (halfway cases, overflow to infinity, subnormals, NaNs).
   */
  @Test
  void widenAndNarrowGiveTheCastsBitsAtEveryLengthAndOffset() {
    SplittableRandom random = new SplittableRandom(13);
    double[] kinds = {0.0, -0.0, 1.0, -2.5, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MIN_VALUE, Float.MAX_VALUE,
        Math.nextUp((double) Float.MAX_VALUE), 0x1.ffffffp127, Float.MIN_VALUE,
        Float.MIN_VALUE / 2, 1.0 + 0x1p-24, 1.0 + 0x1p-24 + 0x1p-50, 1.0 + 3 * 0x1p-24,
        Double.longBitsToDouble(0x7ff4000000000001L), Double.longBitsToDouble(0xfff0000020000000L)};
    double[] wide = new double[60];
    float[] floats = new float[70];
    for (int from = 0; from < 9; from++) {
      for (int n = 0; from + n <= 60; n++) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          d[i] = random.nextBoolean() ? kinds[random.nextInt(kinds.length)]
              : Double.longBitsToDouble(random.nextLong());
        }
        System.arraycopy(d, 0, wide, 0, n);
        VectorRows.narrow(wide, floats, from, n);
        for (int i = 0; i < n; i++) {
          assertEquals(Float.floatToRawIntBits((float) d[i]),
              Float.floatToRawIntBits(floats[from + i]), "narrow " + d[i] + " at " + i);
        }
        VectorRows.widen(floats, from, wide, n);
        for (int i = 0; i < n; i++) {
          assertEquals(Double.doubleToRawLongBits(floats[from + i]),
              Double.doubleToRawLongBits(wide[i]), "widen " + floats[from + i] + " at " + i);
        }
      }
    }
  }

  /**
   * The count over whole SIMD vectors and the rest one at a time: every length around a few
   * vector widths, every offset, with +0.0 and the values next to it in bits (-0.0, the
   * subnormals, NaNs) mixed in.
   */
  @Test
  void nonZerosAgreesWithStoredAtEveryLengthAndOffset() {
    double[] kinds = {0.0, 0.0, 0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.NaN,
        Double.longBitsToDouble(0x7ff0000000000001L), Double.longBitsToDouble(0x8000000000000001L),
        1.0, -1.0, Double.POSITIVE_INFINITY};
    SplittableRandom random = new SplittableRandom(11);
    double[] v = new double[60];
    for (int i = 0; i < v.length; i++) {
      v[i] = kinds[random.nextInt(kinds.length)];
    }
    for (int from = 0; from < 9; from++) {
      for (int n = 0; from + n <= v.length; n++) {
        int want = 0;
        for (int k = from; k < from + n; k++) {
          want += VectorRows.stored(v[k]);
        }
        assertEquals(want, VectorRows.nonZeros(v, from, n), "from " + from + ", n " + n);
      }
    }
  }

  /**
   * A dense vector of n values takes 48 + 8 n + 8 ceil(n / 64) bytes in a row, and Spark's rows
   * hold at most 2^31 - 16: for 264,305,671 values that is 48 + 2,114,445,368 + 33,038,216 =
   * 2,147,483,632 bytes, the limit exactly; one more value needs 8 bytes more.
   */
  @Test
  void theLargestDenseVectorFillsARowExactly() {
    assertEquals(264_305_671, VectorRows.MAX_DENSE);
    assertEquals(org.apache.spark.unsafe.array.ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH,
        8L * (VectorRows.denseStart(VectorRows.MAX_DENSE) + VectorRows.MAX_DENSE));
  }

  /**
   * {@code padded}: a whole number of SIMD vectors (the same for every n in one vector's span),
   * +0.0 after the row and nothing else touched; and every buffer a result or scratch gives has
   * room for it (a fresh buffer is as short as it can be).
   */
  @Test
  void paddedFillsToWholeVectorsInsideTheBuffers() {
    int lanes = VectorRows.padded(new double[64], 0, 1);
    assertEquals(lanes, Integer.highestOneBit(lanes), "a power of two: " + lanes);
    for (int n = 0; n <= 3 * lanes + 1; n++) {
      double[] buf = new double[5 + n + lanes + 2];
      Arrays.fill(buf, Double.NaN);
      int whole = VectorRows.padded(buf, 5, n);
      assertEquals((n + lanes - 1) / lanes * lanes, whole, "n " + n);
      for (int i = 0; i < buf.length; i++) {
        boolean padding = i >= 5 + n && i < 5 + whole;
        assertEquals(padding ? 0L : Double.doubleToRawLongBits(Double.NaN),
            Double.doubleToRawLongBits(buf[i]), "n " + n + ", element " + i);
      }
      SplittableRandom random = new SplittableRandom(n);
      Vector dense = Vectors.dense(random(random, n));
      Vector sparse = dense.toSparse();
      int nnz = sparse.numNonzeros();
      double[] d = VectorRows.Result.fresh().denseCopy(row(dense, true), n);
      VectorRows.padded(d, VectorRows.denseStart(n), n);
      double[] s = VectorRows.Result.fresh().sparseCopy(row(sparse, true), nnz);
      VectorRows.padded(s, VectorRows.sparseStart(nnz), nnz);
      double[] a = VectorRows.Result.fresh().doubleArrayCopy(
          UnsafeArrayData.fromPrimitiveArray(dense.toArray()));
      VectorRows.padded(a, VectorRows.doubleArrayStart(n), n);
      VectorRows.padded(new VectorRows.Scratch().values(n), 0, n);
    }
  }
}
