package io.github.sparkactivations.sql;

import java.util.function.Function;

import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Spark's internal (Unsafe) forms of an ml {@code Vector} and of {@code array<double>} /
 * {@code array<float>}, built in one primitive-array buffer per row.
 *
 * <p>A vector is the {@code UnsafeRow} of {@code VectorUDT}'s struct (type: tinyint, size: int,
 * indices: array&lt;int&gt;, values: array&lt;double&gt;). Here the row lives in a
 * {@code double[]} (an {@code UnsafeRow} may point into any Java array): the input's values are
 * copied in with one memory copy, the activation runs in place over the {@code double}s from
 * {@link #denseStart} (a plain array loop, which the JIT turns into SIMD instructions), and Spark
 * copies the finished row into its output with one memory copy. One allocation, no
 * {@code Vector} object, no field-by-field encoding.
 */
public final class VectorRows {
  private VectorRows() {}

  private static final long D = Platform.DOUBLE_ARRAY_OFFSET;
  private static final long F = Platform.FLOAT_ARRAY_OFFSET;
  /** Null bits (one word for 4 fields) and 4 fixed-width slots, in bytes. */
  private static final int FIXED = 8 + 4 * 8;

  /** The bytes before element 0 of an UnsafeArrayData of n elements (count and null bits). */
  public static int arrayHeader(int n) {
    return 8 + ((n + 63) / 64) * 8;
  }

  // ---- dense vectors ----

  /** The index of value 0 in a dense vector buffer of n values. */
  public static int denseStart(int n) {
    return (FIXED + arrayHeader(n)) / 8;
  }

  /** A dense vector buffer of n values, all 0.0 (write them from {@link #denseStart}). */
  public static double[] newDense(int n) {
    int arrayBytes = arrayHeader(n) + 8 * n;
    double[] buf = new double[denseStart(n) + n];
    Platform.putLong(buf, D, 0b110L); // size and indices are null
    Platform.putByte(buf, D + 8, (byte) 1);
    Platform.putLong(buf, D + 8 + 3 * 8, ((long) FIXED << 32) | arrayBytes);
    Platform.putLong(buf, D + FIXED, n);
    return buf;
  }

  /** A dense vector buffer holding a copy of {@code values}. */
  public static double[] denseCopy(ArrayData values) {
    int n = values.numElements();
    double[] buf = newDense(n);
    copyDoubles(values, buf, denseStart(n));
    return buf;
  }

  /** The vector in a finished buffer (dense or sparse). */
  public static UnsafeRow row(double[] buf) {
    UnsafeRow row = new UnsafeRow(4);
    row.pointTo(buf, D, buf.length * 8);
    return row;
  }

  // ---- sparse vectors ----

  private static int indexBytes(int nnz) {
    return arrayHeader(nnz) + (4 * nnz + 7) / 8 * 8;
  }

  /** The index of value 0 in a sparse vector buffer of nnz entries. */
  public static int sparseStart(int nnz) {
    return (FIXED + indexBytes(nnz) + arrayHeader(nnz)) / 8;
  }

  /**
   * Reusable buffers for the entries of one sparse row at a time, which never become part of a
   * result: generated code keeps one per task (a task runs on one thread), so the row's only
   * allocation is its result.
   */
  public static final class Scratch {
    private double[] values = new double[0];
    private int[] indices = new int[0];

    /** A copy of {@code a}'s elements from index 0 (the array may be longer). */
    public double[] values(ArrayData a) {
      int n = a.numElements();
      if (values.length < n) {
        values = new double[Math.max(n, 2 * values.length)];
      }
      copyIn(a, 8, ArrayData::toDoubleArray, D, values, D);
      return values;
    }

    /** A copy of {@code a}'s elements from index 0 (the array may be longer). */
    public int[] indices(ArrayData a) {
      int n = a.numElements();
      if (indices.length < n) {
        indices = new int[Math.max(n, 2 * indices.length)];
      }
      copyIn(a, 4, ArrayData::toIntArray, Platform.INT_ARRAY_OFFSET, indices,
          Platform.INT_ARRAY_OFFSET);
      return indices;
    }
  }

  /**
   * 1 if a sparse vector stores {@code y} (it is not +0.0), else 0, in arithmetic only. Written
   * as {@code y != +0.0 ? 1 : 0}, the JIT compiles a branch or a conditional move by the profile
   * of this bytecode, which every activation shares: after activations that keep every entry,
   * it was a branch, and ReLU's rows (half of them +0.0, at random) took 0.47 s instead of
   * 0.33 s in the benchmark's full run (the counting loop alone: 327 against 37 ns a row).
   */
  public static int stored(double y) {
    long bits = Double.doubleToRawLongBits(y);
    return (int) ((bits | -bits) >>> 63);
  }

  /** The number of values in v[from, from + n) that are not +0.0 (what a sparse vector keeps). */
  public static int nonZeros(double[] v, int from, int n) {
    int kept = 0;
    for (int k = from; k < from + n; k++) {
      kept += stored(v[k]);
    }
    return kept;
  }

  /**
   * The sparse vector of {@code size} with the given entries ({@code indices}, and
   * {@code values} from index 0, nnz of them) whose value is not +0.0, of which there are
   * {@code kept}. {@code copied} is null or the scratch copy of {@code indices} made already
   * (then it is not made again). {@code values} (and {@code copied}) are overwritten when entries
   * are dropped.
   */
  public static UnsafeRow sparse(int size, ArrayData indices, int[] copied, double[] values,
      int nnz, int kept, Scratch scratch) {
    double[] out = newSparse(size, kept);
    long outIndices = D + FIXED + arrayHeader(kept);
    if (kept == nnz) {
      copyIn(indices, 4, ArrayData::toIntArray, Platform.INT_ARRAY_OFFSET, out, outIndices);
    } else {
      int[] idx = copied != null ? copied : scratch.indices(indices);
      // Compacted in place (slot j <= k) with no branch on the data: a branch mispredicted half
      // the time (ReLU of random signs) cost more than the rest of the row.
      int j = 0;
      for (int k = 0; k < nnz; k++) {
        double y = values[k];
        idx[j] = idx[k];
        values[j] = y;
        j += stored(y);
      }
      Platform.copyMemory(idx, Platform.INT_ARRAY_OFFSET, out, outIndices, 4L * kept);
    }
    System.arraycopy(values, 0, out, sparseStart(kept), kept);
    return row(out);
  }

  private static double[] newSparse(int size, int nnz) {
    int valueBytes = arrayHeader(nnz) + 8 * nnz;
    double[] buf = new double[sparseStart(nnz) + nnz];
    Platform.putByte(buf, D + 8, (byte) 0);
    Platform.putInt(buf, D + 8 + 8, size);
    Platform.putLong(buf, D + 8 + 2 * 8, ((long) FIXED << 32) | indexBytes(nnz));
    Platform.putLong(buf, D + 8 + 3 * 8,
        ((long) (FIXED + indexBytes(nnz)) << 32) | valueBytes);
    Platform.putLong(buf, D + FIXED, nnz);
    Platform.putLong(buf, D + FIXED + indexBytes(nnz), nnz);
    return buf;
  }

  // ---- arrays ----

  /** The index of element 0 in an {@code array<double>} buffer of n elements. */
  public static int doubleArrayStart(int n) {
    return arrayHeader(n) / 8;
  }

  /** An {@code array<double>} buffer of n elements, 0.0 (written from {@link #doubleArrayStart}). */
  public static double[] newDoubleArray(int n) {
    double[] buf = new double[doubleArrayStart(n) + n];
    Platform.putLong(buf, D, n);
    return buf;
  }

  /** An {@code array<double>} buffer holding a copy of {@code a} (which has no null elements). */
  public static double[] doubleArrayCopy(ArrayData a) {
    int n = a.numElements();
    double[] buf = newDoubleArray(n);
    copyDoubles(a, buf, doubleArrayStart(n));
    return buf;
  }

  /** The {@code array<double>} in a finished buffer. */
  public static UnsafeArrayData doubleArray(double[] buf) {
    UnsafeArrayData a = new UnsafeArrayData();
    a.pointTo(buf, D, buf.length * 8);
    return a;
  }

  /** The index of element 0 in an {@code array<float>} buffer of n elements. */
  public static int floatArrayStart(int n) {
    return arrayHeader(n) / 4;
  }

  /** An {@code array<float>} buffer holding a copy of {@code a} (which has no null elements). */
  public static float[] floatArrayCopy(ArrayData a) {
    int n = a.numElements();
    int start = floatArrayStart(n);
    float[] buf = new float[start + (n + 1) / 2 * 2]; // whole 8-byte words
    Platform.putLong(buf, F, n);
    copyIn(a, 4, ArrayData::toFloatArray, F, buf, F + 4L * start);
    return buf;
  }

  /** The {@code array<float>} in a finished buffer. */
  public static UnsafeArrayData floatArray(float[] buf) {
    UnsafeArrayData a = new UnsafeArrayData();
    a.pointTo(buf, F, buf.length * 4);
    return a;
  }

  /**
   * The index of the first null element of {@code a}, or -1 if it has none. For an Unsafe array
   * this reads the null bits a word (64 elements) at a time.
   */
  public static int firstNull(ArrayData a) {
    int n = a.numElements();
    if (a instanceof UnsafeArrayData) {
      UnsafeArrayData u = (UnsafeArrayData) a;
      for (int w = 0; w < (n + 63) / 64; w++) {
        long bits = Platform.getLong(u.getBaseObject(), u.getBaseOffset() + 8 + 8L * w);
        if (bits != 0L) {
          return w * 64 + Long.numberOfTrailingZeros(bits);
        }
      }
      return -1;
    }
    for (int i = 0; i < n; i++) {
      if (a.isNullAt(i)) {
        return i;
      }
    }
    return -1;
  }

  // ---- copying in ----

  private static void copyDoubles(ArrayData a, double[] buf, int start) {
    copyIn(a, 8, ArrayData::toDoubleArray, D, buf, D + 8L * start);
  }

  private static void copyInts(ArrayData a, double[] buf, int byteOffset) {
    copyIn(a, 4, ArrayData::toIntArray, Platform.INT_ARRAY_OFFSET, buf, D + byteOffset);
  }

  /**
   * The elements of {@code a} copied to {@code dst} at {@code dstOffset}: one memory copy from
   * an Unsafe array, or else from its Java array ({@code toArray}, elements from
   * {@code arrayOffset}).
   */
  private static void copyIn(ArrayData a, int elementSize, Function<ArrayData, Object> toArray,
      long arrayOffset, Object dst, long dstOffset) {
    int n = a.numElements();
    if (a instanceof UnsafeArrayData) {
      UnsafeArrayData u = (UnsafeArrayData) a;
      Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + arrayHeader(n), dst, dstOffset,
          (long) elementSize * n);
    } else {
      Platform.copyMemory(toArray.apply(a), arrayOffset, dst, dstOffset, (long) elementSize * n);
    }
  }
}
