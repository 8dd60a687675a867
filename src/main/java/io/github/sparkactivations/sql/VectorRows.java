package io.github.sparkactivations.sql;

import java.util.function.Function;

import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Spark's internal (Unsafe) forms of an ml {@code Vector} and of {@code array<double>} /
 * {@code array<float>}, built in one primitive-array buffer ({@link Result}).
 *
 * <p>A vector is the {@code UnsafeRow} of {@code VectorUDT}'s struct (type: tinyint, size: int,
 * indices: array&lt;int&gt;, values: array&lt;double&gt;). Here the row lives in a
 * {@code double[]} (an {@code UnsafeRow} may point into any Java array): the input's values are
 * copied in with one memory copy, the activation runs in place over the {@code double}s from
 * {@link #denseStart} (a plain array loop, which the JIT turns into SIMD instructions), and Spark
 * copies the finished row into its output with one memory copy. No {@code Vector} object, no
 * field-by-field encoding, and in generated code no allocation: the buffer is reused.
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

  /**
   * Writes every byte before {@link #denseStart}(n) of a dense vector buffer: the words are
   * written whole, so bytes left from an earlier row cannot remain (Spark compares and hashes
   * a vector by its bytes).
   */
  private static void denseHeader(double[] buf, int n) {
    Platform.putLong(buf, D, 0b110L); // size and indices are null
    Platform.putLong(buf, D + 8, 0L);
    Platform.putByte(buf, D + 8, (byte) 1);
    Platform.putLong(buf, D + 2 * 8, 0L);
    Platform.putLong(buf, D + 3 * 8, 0L);
    Platform.putLong(buf, D + 4 * 8, ((long) FIXED << 32) | (arrayHeader(n) + 8 * n));
    arrayHeader(buf, D + FIXED, n);
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
   * Writes every byte before {@link #sparseStart}(nnz) of a sparse vector buffer but the
   * indices themselves (the padding after them included), as {@link #denseHeader} does.
   */
  private static void sparseHeader(double[] buf, int size, int nnz) {
    Platform.putLong(buf, D, 0L);
    Platform.putLong(buf, D + 8, 0L); // type 0: sparse
    Platform.putLong(buf, D + 2 * 8, 0L);
    Platform.putInt(buf, D + 2 * 8, size);
    Platform.putLong(buf, D + 3 * 8, ((long) FIXED << 32) | indexBytes(nnz));
    Platform.putLong(buf, D + 4 * 8,
        ((long) (FIXED + indexBytes(nnz)) << 32) | (arrayHeader(nnz) + 8 * nnz));
    arrayHeader(buf, D + FIXED, nnz);
    if (nnz % 2 == 1) {
      Platform.putLong(buf, D + FIXED + indexBytes(nnz) - 8, 0L);
    }
    arrayHeader(buf, D + FIXED + indexBytes(nnz), nnz);
  }

  /**
   * The sparse vector of {@code size} with the given entries ({@code indices}, and
   * {@code values} from index 0, nnz of them) whose value is not +0.0, of which there are
   * {@code kept}, written into {@code out} (at least {@link #sparseStart}(kept) + kept long).
   * {@code copied} is null or the scratch copy of {@code indices} made already (then it is not
   * made again). {@code values} (and {@code copied}) are overwritten when entries are dropped.
   */
  private static void sparse(double[] out, int size, ArrayData indices, int[] copied,
      double[] values, int nnz, int kept, Scratch scratch) {
    sparseHeader(out, size, kept);
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
  }

  // ---- arrays ----

  /** Writes an array header (element count, no null bits) for n elements at {@code at}. */
  private static void arrayHeader(Object buf, long at, int n) {
    Platform.putLong(buf, at, n);
    for (long w = at + 8; w < at + arrayHeader(n); w += 8) {
      Platform.putLong(buf, w, 0L);
    }
  }

  /** The index of element 0 in an {@code array<double>} buffer of n elements. */
  public static int doubleArrayStart(int n) {
    return arrayHeader(n) / 8;
  }

  /** The index of element 0 in an {@code array<float>} buffer of n elements. */
  public static int floatArrayStart(int n) {
    return arrayHeader(n) / 4;
  }

  // ---- results ----

  /**
   * Where an expression builds its result rows: a vector or an array at a time, in Spark's
   * internal form, in one primitive array. {@link #fresh()} gives new buffers for every row;
   * {@link #reused()} gives the same buffers row after row, rewriting only what changes, for
   * generated code, which keeps one per expression per task (a task runs on one thread).
   *
   * <p>Reuse follows Spark's contract for the values expressions return, which may point into
   * memory that the next row overwrites (a field of an {@code UnsafeRow} input does): whatever
   * keeps a value across rows copies it (projections write it into their own row; aggregate
   * buffers, {@code collect_list} and the like call {@code copy()}). Interpreted evaluation
   * stays fresh: constant folding keeps the value it computes, and a higher-order function
   * ({@code transform}) collects one value per element.
   */
  public static final class Result {
    private final boolean reuse;
    private double[] doubles = new double[0];
    private float[] floats = new float[0];
    /** What the header in {@link #doubles} describes (kind and length), or -1 for nothing. */
    private long header = -1;
    private int bytes;
    private UnsafeRow row;
    private UnsafeArrayData array;
    private Object arrayBase;
    private long arrayOffset;

    private Result(boolean reuse) {
      this.reuse = reuse;
    }

    /** New buffers for every row (the interpreted path, and what keeps its results). */
    public static Result fresh() {
      return new Result(false);
    }

    /** The same buffers row after row (generated code; see the class comment). */
    public static Result reused() {
      return new Result(true);
    }

    /** {@link #doubles}, at least {@code length} long; whether its header must be rewritten. */
    private boolean doubles(int length, long kind) {
      bytes = 8 * length;
      if (!reuse || doubles.length < length) {
        doubles = new double[reuse ? Math.max(length, doubles.length + doubles.length / 2)
            : length];
      } else if (header == kind) {
        return false;
      }
      header = kind;
      return true;
    }

    /**
     * A dense vector buffer of n values, with its header: the caller writes every value, from
     * {@link #denseStart}(n) (a reused buffer holds the last row's), then calls {@link #row}.
     */
    public double[] dense(int n) {
      if (doubles(denseStart(n) + n, n)) {
        denseHeader(doubles, n);
      }
      return doubles;
    }

    /** A dense vector buffer holding a copy of {@code values}; then {@link #row}. */
    public double[] denseCopy(ArrayData values) {
      int n = values.numElements();
      double[] buf = dense(n);
      copyDoubles(values, buf, denseStart(n));
      return buf;
    }

    /**
     * {@link VectorRows#sparse(double[], int, ArrayData, int[], double[], int, int, Scratch)}
     * into this result's buffer: the sparse vector itself.
     */
    public UnsafeRow sparse(int size, ArrayData indices, int[] copied, double[] values, int nnz,
        int kept, Scratch scratch) {
      doubles(sparseStart(kept) + kept, -1);
      header = -1; // rewritten for every sparse row
      VectorRows.sparse(doubles, size, indices, copied, values, nnz, kept, scratch);
      return row();
    }

    /** The vector just built in this result's buffer (dense or sparse). */
    public UnsafeRow row() {
      if (row == null || !reuse) {
        row = new UnsafeRow(4);
      }
      row.pointTo(doubles, D, bytes);
      return row;
    }

    /**
     * An {@code array<double>} buffer of n elements, with its header: the caller writes every
     * element, from {@link #doubleArrayStart}(n), then calls {@link #array}.
     */
    public double[] doubleArray(int n) {
      if (doubles(doubleArrayStart(n) + n, (1L << 32) | n)) {
        arrayHeader(doubles, D, n);
      }
      arrayBase = doubles;
      arrayOffset = D;
      return doubles;
    }

    /**
     * An {@code array<double>} buffer holding a copy of {@code a} (which has no null elements);
     * then {@link #array}.
     */
    public double[] doubleArrayCopy(ArrayData a) {
      int n = a.numElements();
      double[] buf = doubleArray(n);
      copyDoubles(a, buf, doubleArrayStart(n));
      return buf;
    }

    /**
     * An {@code array<float>} buffer holding a copy of {@code a} (which has no null elements),
     * from {@link #floatArrayStart}; then {@link #array}.
     */
    public float[] floatArrayCopy(ArrayData a) {
      int n = a.numElements();
      int start = floatArrayStart(n);
      int length = start + (n + 1) / 2 * 2; // whole 8-byte words
      bytes = 4 * length;
      if (!reuse || floats.length < length) {
        floats = new float[reuse ? Math.max(length, floats.length + floats.length / 2) : length];
      }
      arrayHeader(floats, F, n);
      if (n % 2 == 1) {
        floats[length - 1] = 0f; // the padding after the last element
      }
      copyIn(a, 4, ArrayData::toFloatArray, F, floats, F + 4L * start);
      arrayBase = floats;
      arrayOffset = F;
      return floats;
    }

    /** The array just built in this result's buffer ({@code array<double>} or {@code <float>}). */
    public UnsafeArrayData array() {
      if (array == null || !reuse) {
        array = new UnsafeArrayData();
      }
      array.pointTo(arrayBase, arrayOffset, bytes);
      return array;
    }
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
