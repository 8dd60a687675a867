package io.github.sparkactivations.sql;

import io.github.sparkactivations.math.Simd;

import java.util.function.Function;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.array.ByteArrayMethods;

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
  /**
   * The doubles in one vector of the whole-row (SIMD) forms, or 1 where they do not use SIMD.
   * Every buffer of values here keeps room for this many minus one after a row ({@link #padded}).
   */
  private static final int LANES = Simd.ENABLED ? Lanes.S.length() : 1;

  /** The bytes before element 0 of an UnsafeArrayData of n elements (count and null bits). */
  public static int arrayHeader(int n) {
    return 8 + ((n + 63) / 64) * 8;
  }

  /**
   * The row of n values at {@code buf[from]} extended with +0.0 to a whole number of SIMD
   * vectors; returns the extended length, for a function of each element alone to run over (the
   * caller ignores the extra results). The SIMD forms do whole vectors and leave the rest to the
   * one-element forms, which cost more than a whole vector: in a plain loop, a row of 100 values
   * (12 vectors and 4 left) took longer than a row of 104 for every activation (ELU 201 against
   * 178 ns, GELU 550 against 460, Mish 343 against 275, ReLU 41 against 36). +0.0 keeps every
   * SIMD form on its fast path.
   */
  public static int padded(double[] buf, int from, int n) {
    int whole = (n + LANES - 1) / LANES * LANES;
    for (int i = from + n; i < from + whole; i++) {
      buf[i] = 0.0;
    }
    return whole;
  }

  // ---- a vector's fields ----

  /** The ordinal of a vector row's {@code indices} array (null in a dense vector). */
  public static final int INDICES = 2;
  /** The ordinal of a vector row's {@code values} array. */
  public static final int VALUES = 3;

  /**
   * The number of elements of array field {@code ordinal} of vector row {@code v}. An
   * {@code UnsafeRow} (what Spark's scans and projections give) is read where it lies:
   * {@code v.getArray} makes an {@code UnsafeArrayData} per field per row (f(x) = x on dense
   * rows of 64 took 1.6–2.0 times the column's own projection with it, 1.4–1.7 without).
   */
  public static int elements(InternalRow v, int ordinal) {
    if (v instanceof UnsafeRow) {
      UnsafeRow u = (UnsafeRow) v;
      return (int) Platform.getLong(u.getBaseObject(), arrayAt(u, ordinal));
    }
    return v.getArray(ordinal).numElements();
  }

  /** Where array field {@code ordinal} of {@code u} starts (its element count) in its base. */
  private static long arrayAt(UnsafeRow u, int ordinal) {
    return u.getBaseOffset() + (u.getLong(ordinal) >> 32);
  }

  /**
   * The n elements (of elementSize bytes) of array field {@code ordinal} of vector row
   * {@code v} copied to {@code dst} at {@code dstOffset}, read in place as {@link #elements}.
   */
  private static void copyField(InternalRow v, int ordinal, int n, int elementSize,
      Function<ArrayData, Object> toArray, long arrayOffset, Object dst, long dstOffset) {
    if (v instanceof UnsafeRow) {
      UnsafeRow u = (UnsafeRow) v;
      Platform.copyMemory(u.getBaseObject(), arrayAt(u, ordinal) + arrayHeader(n), dst,
          dstOffset, (long) elementSize * n);
    } else {
      copyIn(v.getArray(ordinal), elementSize, toArray, arrayOffset, dst, dstOffset);
    }
  }

  // ---- dense vectors ----

  /**
   * The most values a dense vector can hold: Spark keeps a row in one byte array of at most
   * {@code ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH} bytes (2 GB less 16), and a dense vector of
   * n values takes 48 + 8 n bytes and a bit per value (264,305,671). A sparse vector can be
   * larger; where its output is dense, a larger size is an invalid row, not a negative size deep
   * in Spark's row writer.
   */
  public static final int MAX_DENSE = maxDense();

  private static int maxDense() {
    int fits = 0;
    int tooMany = Integer.MAX_VALUE;
    while (tooMany - fits > 1) {
      int n = fits + (tooMany - fits) / 2;
      long bytes = FIXED + 8 + (n + 63L) / 64 * 8 + 8L * n;
      if (bytes <= ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH) {
        fits = n;
      } else {
        tooMany = n;
      }
    }
    return fits;
  }

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
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);
    private double[] values = new double[0];
    private int[] indices = new int[0];
    private float[] floats = new float[0];

    /**
     * The calling thread's scratch buffers, for interpreted evaluation (generated code keeps one
     * per task instead): they never escape a call, so a thread may reuse them across tasks.
     */
    public static Scratch ofThisThread() {
      return PER_THREAD.get();
    }

    /** A copy of {@code a}'s elements from index 0 (the array may be longer). */
    public double[] values(ArrayData a) {
      copyIn(a, 8, ArrayData::toDoubleArray, D, values(a.numElements()), D);
      return values;
    }

    /** A copy of the n values ({@link #elements}) of vector row {@code v}, from index 0. */
    public double[] values(InternalRow v, int n) {
      copyField(v, VALUES, n, 8, ArrayData::toDoubleArray, D, values(n), D);
      return values;
    }

    /**
     * The elements of {@code a} (an {@code array<float>} with no null elements) widened to
     * doubles ({@link #widen}), from index 0 of the same buffer as {@link #values(int)}.
     */
    public double[] widened(ArrayData a) {
      int n = a.numElements();
      if (floats.length < n) {
        floats = new float[Math.max(n, 2 * floats.length)];
      }
      copyIn(a, 4, ArrayData::toFloatArray, F, floats, F);
      double[] wide = values(n);
      widen(floats, 0, wide, n);
      return wide;
    }

    /**
     * A buffer of at least n doubles, holding whatever it held, with room for {@link #padded}
     * after them.
     */
    public double[] values(int n) {
      int room = n + LANES - 1;
      if (values.length < room) {
        values = new double[Math.max(room, 2 * values.length)];
      }
      return values;
    }

    /** A copy of {@code a}'s elements from index 0 (the array may be longer). */
    public int[] indices(ArrayData a) {
      copyIn(a, 4, ArrayData::toIntArray, Platform.INT_ARRAY_OFFSET, indices(a.numElements()),
          Platform.INT_ARRAY_OFFSET);
      return indices;
    }

    /** A copy of the nnz indices of sparse vector row {@code v}, from index 0. */
    public int[] indices(InternalRow v, int nnz) {
      copyField(v, INDICES, nnz, 4, ArrayData::toIntArray, Platform.INT_ARRAY_OFFSET,
          indices(nnz), Platform.INT_ARRAY_OFFSET);
      return indices;
    }

    private int[] indices(int n) {
      if (indices.length < n) {
        indices = new int[Math.max(n, 2 * indices.length)];
      }
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
    int done = Simd.ENABLED ? Lanes.wholeVectors(n) : 0;
    int kept = done > 0 ? Lanes.nonZeros(v, from, done) : 0;
    for (int k = from + done; k < from + n; k++) {
      kept += stored(v[k]);
    }
    return kept;
  }

  /**
   * {@link #nonZeros}, {@link #widen} and {@link #narrow} over whole vectors, with the JDK's
   * Vector API. The count takes about 24 ns for 100 values against 62 one at a time (it was 40%
   * of a sparse row's time in generated code); widening and narrowing a row of 64 floats, about
   * 20 ns less than the plain loops. A class of its own, loaded only where {@link Simd#ENABLED}
   * says the API is there.
   */
  private static final class Lanes {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** The same shape in longs, which the values' bits become. */
    private static final VectorSpecies<Long> BITS = S.withLanes(long.class).check(long.class);

    /** The longest prefix of n made of whole vectors. */
    static int wholeVectors(int n) {
      return S.loopBound(n);
    }

    /** {@link #stored} summed over v[from, from + n), n a multiple of the vector length. */
    static int nonZeros(double[] v, int from, int n) {
      LongVector sum = LongVector.zero(BITS);
      for (int k = from; k < from + n; k += S.length()) {
        LongVector bits = DoubleVector.fromArray(S, v, k).reinterpretAsLongs();
        sum = sum.add(bits.or(bits.neg()).lanewise(VectorOperators.LSHR, 63));
      }
      return (int) sum.reduceLanes(VectorOperators.ADD);
    }

    /** Floats in as many lanes as {@link #S} has doubles. */
    private static final VectorSpecies<Float> FLOATS =
        VectorSpecies.of(float.class, VectorShape.forBitSize(S.vectorBitSize() / 2));

    /** {@link VectorRows#widen} over whole vectors; returns how many elements it did. */
    static int widen(float[] floats, int from, double[] wide, int n) {
      int bound = S.loopBound(n);
      for (int i = 0; i < bound; i += S.length()) {
        ((DoubleVector) FloatVector.fromArray(FLOATS, floats, from + i)
            .convertShape(VectorOperators.F2D, S, 0)).intoArray(wide, i);
      }
      return bound;
    }

    /** {@link VectorRows#narrow} over whole vectors; returns how many elements it did. */
    static int narrow(double[] wide, int wideFrom, float[] floats, int from, int n) {
      int bound = S.loopBound(n);
      for (int i = 0; i < bound; i += S.length()) {
        ((FloatVector) DoubleVector.fromArray(S, wide, wideFrom + i)
            .convertShape(VectorOperators.D2F, FLOATS, 0)).intoArray(floats, from + i);
      }
      return bound;
    }
  }

  /**
   * Writes every byte before {@link #sparseStart}(nnz) of a sparse vector buffer but the
   * indices themselves (the padding after them included), as {@link #denseHeader} does, before
   * or after the indices.
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
      Platform.putInt(buf, D + FIXED + indexBytes(nnz) - 4, 0); // the padding after the last
    }
    arrayHeader(buf, D + FIXED + indexBytes(nnz), nnz);
  }

  /**
   * The memory accesses of {@link #sparse}'s loop over the entries. Generated code for vectors
   * handles dense and sparse rows in one method, and C2 inlines the library's code into it until
   * the method reaches its node-count cutoff; after dense rows, the dense path's SIMD code took
   * so much of it that {@code Platform.getDouble} and the like in this loop became calls, four
   * or five an entry (sparse ReLU took 0.47-0.56 s against LeakyReLU's 0.18-0.28 s when the
   * dense section had run first; -XX:+PrintInlining said "NodeCountInliningCutoff").
   * sun.misc.Unsafe's accessors are {@code @ForceInline}, which C2 still inlines past the cutoff
   * (Platform's wrappers are not).
   */
  private static final sun.misc.Unsafe ENTRIES = unsafe();

  private static sun.misc.Unsafe unsafe() {
    try {
      java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (sun.misc.Unsafe) f.get(null);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Finishes the sparse vector of {@code size} in {@code out}, which holds nnz values from
   * {@link #sparseStart}(nnz): the entries are the indices of sparse vector row {@code v} with
   * those values, less the entries whose value is +0.0; {@code kept} remain. {@code copied} is
   * null or the scratch copy of the indices made already (then it is not made again); it is
   * overwritten when entries are dropped.
   */
  private static void sparse(double[] out, int size, InternalRow v, int[] copied, int nnz,
      int kept, Scratch scratch) {
    long outIndices = D + FIXED + arrayHeader(kept);
    if (kept == nnz) {
      copyField(v, INDICES, nnz, 4, ArrayData::toIntArray, Platform.INT_ARRAY_OFFSET, out,
          outIndices);
    } else {
      // The indices are read where they lie (in the input row, or in the copy made already).
      Object in;
      long at;
      if (copied == null && v instanceof UnsafeRow) {
        UnsafeRow u = (UnsafeRow) v;
        in = u.getBaseObject();
        at = arrayAt(u, INDICES) + arrayHeader(nnz);
      } else {
        in = copied != null ? copied : scratch.indices(v, nnz);
        at = Platform.INT_ARRAY_OFFSET;
      }
      // Compacted in place, forwards: entry k goes to slot j <= k, so no value is overwritten
      // before it is read, and every write stays inside the buffer (to + j <= from + k). With
      // no branch on the data: a branch mispredicted half the time (ReLU of random signs) cost
      // more than the rest of the row. Each step writes its entry whether it is kept or not (the
      // next kept one overwrites it), so the last can land one slot past the kept ones: on the
      // padding after the indices, or the values' header, which is written below.
      // The accesses go through sun.misc.Unsafe and stored() is written out (see ENTRIES).
      long from = D + 8L * sparseStart(nnz);
      long to = D + 8L * sparseStart(kept);
      long j = 0;
      for (int k = 0; k < nnz; k++) {
        double y = ENTRIES.getDouble(out, from + 8L * k);
        ENTRIES.putInt(out, outIndices + 4 * j, ENTRIES.getInt(in, at + 4L * k));
        ENTRIES.putDouble(out, to + 8 * j, y);
        long bits = Double.doubleToRawLongBits(y);
        j += (bits | -bits) >>> 63;
      }
    }
    // Last (see above). It ends at sparseStart(kept) <= sparseStart(nnz): the values stay.
    sparseHeader(out, size, kept);
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

  /**
   * {@code wide[i] = floats[from + i]} for i in [0, n): an {@code array<float>} row widened, so
   * that the activation's whole-row (SIMD) form can run on it. One element at a time through the
   * function took 7–9 ns an element for ReLU and ELU.
   */
  public static void widen(float[] floats, int from, double[] wide, int n) {
    for (int i = Simd.ENABLED ? Lanes.widen(floats, from, wide, n) : 0; i < n; i++) {
      wide[i] = floats[from + i];
    }
  }

  /** {@code floats[from + i] = (float) wide[i]} for i in [0, n): the row narrowed back. */
  public static void narrow(double[] wide, float[] floats, int from, int n) {
    narrow(wide, 0, floats, from, n);
  }

  /** {@code floats[from + i] = (float) wide[wideFrom + i]} for i in [0, n). */
  public static void narrow(double[] wide, int wideFrom, float[] floats, int from, int n) {
    for (int i = Simd.ENABLED ? Lanes.narrow(wide, wideFrom, floats, from, n) : 0; i < n; i++) {
      floats[from + i] = (float) wide[wideFrom + i];
    }
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

    /**
     * {@link #doubles}, at least {@code length} long and with room for {@link #padded} after
     * that; whether its header must be rewritten.
     */
    private boolean doubles(int length, long kind) {
      bytes = 8 * length;
      int room = length + LANES - 1;
      if (!reuse || doubles.length < room) {
        doubles = new double[reuse ? Math.max(room, doubles.length + doubles.length / 2) : room];
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

    /**
     * A dense vector buffer holding a copy of the n values ({@link #elements}) of dense vector
     * row {@code v}; then {@link #row}.
     */
    public double[] denseCopy(InternalRow v, int n) {
      double[] buf = dense(n);
      copyField(v, VALUES, n, 8, ArrayData::toDoubleArray, D, buf, D + 8L * denseStart(n));
      return buf;
    }

    /**
     * A sparse vector buffer holding a copy of the nnz values ({@link #elements}) of sparse
     * vector row {@code v} from {@link #sparseStart}(nnz), where the caller applies the
     * activation; then {@link #sparse}. The values go straight to where the result is built.
     */
    public double[] sparseCopy(InternalRow v, int nnz) {
      doubles(sparseStart(nnz) + nnz, -1);
      copyField(v, VALUES, nnz, 8, ArrayData::toDoubleArray, D, doubles,
          D + 8L * sparseStart(nnz));
      return doubles;
    }

    /**
     * The sparse vector finished in this result's buffer by
     * {@link VectorRows#sparse(double[], int, InternalRow, int[], int, int, Scratch)}, after
     * {@link #sparseCopy}: its values not +0.0, {@code kept} of them (see {@link #nonZeros}).
     */
    public UnsafeRow sparse(int size, InternalRow v, int[] copied, int nnz, int kept,
        Scratch scratch) {
      VectorRows.sparse(doubles, size, v, copied, nnz, kept, scratch);
      bytes = 8 * (sparseStart(kept) + kept);
      return row();
    }

    /**
     * The sparse vector of {@code size} with the first nnz entries of {@code indices} and
     * {@code values} (indices increasing, values as they are: +0.0 is stored if given), built
     * in this result's buffer.
     */
    public UnsafeRow sparse(int size, int[] indices, double[] values, int nnz) {
      int start = sparseStart(nnz);
      doubles(start + nnz, -1);
      sparseHeader(doubles, size, nnz);
      Platform.copyMemory(indices, Platform.INT_ARRAY_OFFSET, doubles,
          D + FIXED + arrayHeader(nnz), 4L * nnz);
      System.arraycopy(values, 0, doubles, start, nnz);
      bytes = 8 * (start + nnz);
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
      float[] buf = floatArray(n);
      copyIn(a, 4, ArrayData::toFloatArray, F, buf, F + 4L * floatArrayStart(n));
      return buf;
    }

    /**
     * An {@code array<float>} buffer of n elements, with its header: the caller writes every
     * element, from {@link #floatArrayStart}(n), then calls {@link #array}.
     */
    public float[] floatArray(int n) {
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
