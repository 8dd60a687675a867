package io.github.sparkactivations.ml;

import io.github.sparkactivations.math.Initializers;
import io.github.sparkactivations.math.MaxoutFunction;
import io.github.sparkactivations.sql.RowExpression;
import io.github.sparkactivations.sql.VectorRows;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Maxout (Goodfellow et al., 2013): each of m output units is the maximum of k pieces,
 * {@code h_i(x) = max_j z[i*k + j]}.
 *
 * <ul>
 *   <li>Without {@code weights} (pooling): the pieces are the input itself, so unit i is the
 *       maximum of the contiguous elements {@code x[i*k .. i*k+k-1]}; the input size d must be a
 *       multiple of k and m = d / k. (TensorFlow Addons' {@code Maxout} groups strided elements
 *       instead: unit i takes {@code x[i], x[i+m], ..., x[i+(k-1)m]}. To get that, use the affine
 *       form with the 0/1 selection matrix whose row {@code i*k + j} has its 1 in column
 *       {@code j*m + i}.)</li>
 *   <li>With {@code weights} W ({@code m*k} rows × d columns) and {@code bias} b (m*k entries,
 *       default zeros): {@code z = W·x + b}. Row {@code i*k + j} of W is piece j of unit i.
 *       {@link #withRandomWeights} makes He-initialised pieces.</li>
 * </ul>
 *
 * <p>A unit with a NaN piece is NaN; ±Infinity follow IEEE arithmetic. Input columns: vector
 * (dense or sparse), {@code array<double>}, {@code array<float>}; the output is of the same kind
 * (vectors: dense for the affine form; for pooling a sparse input, whose implicit zeros take part
 * in each maximum, the output is stored in whichever form is smaller). The output's size metadata
 * is m. A row that is null, or whose length does not fit (not a multiple of k for pooling, not d
 * for the affine form), follows {@code handleInvalid}. {@code argmaxCol} adds an {@code array<int>}
 * column with the winning piece j of each unit (the first one on ties, the first NaN for a NaN
 * unit): what a gradient or a dead-piece analysis needs. There is no {@code derivative} Param:
 * use {@code argmaxCol}.
 */
public final class Maxout extends ActivationTransformer<Maxout> {
  private static final long serialVersionUID = 1L;

  private final IntParam numPieces = new IntParam(this, "numPieces",
      "the number k of pieces of each unit (>= 1)",
      Validators.of((Object v) -> (Integer) v >= 1));
  private final Param<Matrix> weights = new Param<>(this, "weights",
      "the pieces' weights W, (m*k) rows × d columns, finite; unset: pooling",
      Validators.of((Matrix w) -> w.numRows() > 0 && w.numCols() > 0
          && Arrays.stream(w.toArray()).allMatch(Double::isFinite)));
  private final Param<Vector> bias = new Param<>(this, "bias",
      "the pieces' biases b, m*k entries, finite (default zeros; needs weights)",
      Validators.of((Vector b) -> Arrays.stream(b.toArray()).allMatch(Double::isFinite)));
  private final Param<String> argmaxCol = new Param<>(this, "argmaxCol",
      "optional output column for the index of each unit's winning piece (array<int>)");

  public Maxout(String uid) {
    super(uid);
    setDefault(numPieces, 2);
  }

  public Maxout() {
    this(Identifiable.randomUID("maxout"));
  }

  /**
   * A Maxout of m units of k pieces each over inputs of size d, with He (Kaiming) normal weights
   * (std sqrt(2 / d), {@link Initializers#heNormal}) reproducible from the seed, and zero bias.
   */
  public static Maxout withRandomWeights(int d, int m, int k, long seed) {
    double[][] w = Initializers.heNormal(m * k, d, seed);
    double[] columnMajor = new double[m * k * d];
    for (int r = 0; r < m * k; r++) {
      for (int c = 0; c < d; c++) {
        columnMajor[c * m * k + r] = w[r][c];
      }
    }
    return new Maxout().setNumPieces(k).setWeights(new DenseMatrix(m * k, d, columnMajor));
  }

  /** The number k of pieces of each unit (default 2). */
  public IntParam numPieces() {
    return numPieces;
  }

  /** The pieces' weights W, (m·k) × d; unset means pooling. */
  public Param<Matrix> weights() {
    return weights;
  }

  /** The pieces' biases b (m·k entries; default zeros). */
  public Param<Vector> bias() {
    return bias;
  }

  /** Optional column for each unit's winning piece. */
  public Param<String> argmaxCol() {
    return argmaxCol;
  }

  public int getNumPieces() {
    return (Integer) getOrDefault(numPieces);
  }

  public Matrix getWeights() {
    return getOrDefault(weights);
  }

  public Vector getBias() {
    return getOrDefault(bias);
  }

  public String getArgmaxCol() {
    return getOrDefault(argmaxCol);
  }

  public Maxout setNumPieces(int value) {
    Maxout self = setParam(numPieces, value);
    checkShapes();
    return self;
  }

  public Maxout setWeights(Matrix value) {
    Maxout self = setParam(weights, value);
    checkShapes();
    return self;
  }

  public Maxout setBias(Vector value) {
    Maxout self = setParam(bias, value);
    checkShapes();
    return self;
  }

  public Maxout setArgmaxCol(String value) {
    return setParam(argmaxCol, value);
  }

  /** The shapes of weights, bias and numPieces must fit each other; bias needs weights. */
  private void checkShapes() {
    int k = getNumPieces();
    if (isDefined(weights)) {
      int rows = getWeights().numRows();
      require(rows % k == 0, describe() + ": weights has " + rows + " rows, which is not a "
          + "multiple of numPieces = " + k + " (rows must be m * k)");
      if (isDefined(bias)) {
        require(getBias().size() == rows, describe() + ": bias has " + getBias().size()
            + " entries, but weights has " + rows + " rows (one bias per row)");
      }
    }
  }

  @Override
  protected void validateParams() {
    checkShapes();
    require(!isDefined(bias) || isDefined(weights), describe()
        + ": bias is set but weights is not; bias applies to the affine form only");
    require(!isDefined(argmaxCol) || !isSet(inputCols()), describe()
        + ": argmaxCol applies to a single inputCol, not inputCols");
  }

  /** The number of units for an input of {@code d} elements (-1 if d is unknown). */
  private int units(int d) {
    if (isDefined(weights)) {
      return getWeights().numRows() / getNumPieces();
    }
    return d < 0 ? -1 : d / getNumPieces();
  }

  /** The problem with an input of {@code d} elements, or null if it fits. */
  private static String sizeProblem(int d, int k, int weightCols) {
    if (weightCols >= 0) {
      return d == weightCols ? null
          : "has " + d + " elements, but weights has " + weightCols + " columns";
    }
    return d % k == 0 ? null
        : "has " + d + " elements, which is not a multiple of numPieces = " + k;
  }

  @Override
  protected StructField outputField(StructField input, String outputName) {
    DataType type = input.dataType();
    int weightCols = isDefined(weights) ? getWeights().numCols() : -1;
    if (type instanceof VectorUDT) {
      int d = AttributeGroup.fromStructField(input).size();
      if (d >= 0) {
        String problem = sizeProblem(d, getNumPieces(), weightCols);
        require(problem == null, describe() + ": column '" + input.name() + "' (size " + d
            + " by its metadata) " + problem);
      }
      int m = units(d);
      return vectorField(outputName, m);
    }
    StructField array = floatingArrayField(outputName, type);
    if (array != null) {
      return array;
    }
    throw new IllegalArgumentException(describe() + ": column '" + input.name() + "' has type "
        + type.simpleString() + ", but the stage expects one of vector, array<double>, "
        + "array<float>");
  }

  @Override
  protected List<StructField> companionFields(StructField input, String outputName) {
    if (!isDefined(argmaxCol)) {
      return List.of();
    }
    return List.of(DataTypes.createStructField(getArgmaxCol(),
        DataTypes.createArrayType(DataTypes.IntegerType, false), true));
  }

  @Override
  protected Column transformColumn(Column input, StructField field, boolean nullOnInvalid) {
    RowFunctions.Invalid invalid = new RowFunctions.Invalid(describe(), field.name(),
        nullOnInvalid);
    DataType outType = outputField(field, "out").dataType();
    boolean withArgmax = isDefined(argmaxCol);
    DataType type = withArgmax ? companionStruct(outType, companionFields(field, "out"))
        : outType;
    Kernel kernel = new Kernel(getNumPieces(), isDefined(weights) ? getWeights() : null,
        isDefined(bias) ? getBias() : null, withArgmax, invalid, field.dataType(), type);
    return ExpressionUtils.column(new RowExpression(ExpressionUtils.expression(input), kernel));
  }

  /**
   * The per-row computation, with the Params fixed (W row-major, as the kernel reads it), on
   * Spark's internal form of the column: a vector's struct (type, size, indices, values) or an
   * array, read and written with no {@code Vector} or {@code Seq} objects in between.
   */
  private static final class Kernel implements RowExpression.RowKernel {
    private static final long serialVersionUID = 1L;
    final int k;
    final double[] w;
    final int d;
    final double[] b;
    final boolean withArgmax;
    final RowFunctions.Invalid invalid;
    final boolean vectors;
    final boolean floats;
    final DataType type;

    Kernel(int k, Matrix weights, Vector bias, boolean withArgmax, RowFunctions.Invalid invalid,
        DataType inputType, DataType type) {
      this.k = k;
      this.withArgmax = withArgmax;
      this.invalid = invalid;
      this.vectors = inputType instanceof VectorUDT;
      this.floats = !vectors
          && ((ArrayType) inputType).elementType().equals(DataTypes.FloatType);
      this.type = type;
      if (weights == null) {
        w = null;
        d = -1;
        b = null;
      } else {
        d = weights.numCols();
        w = weights.transpose().toArray(); // column-major of Wᵀ = row-major of W
        b = bias == null ? new double[weights.numRows()] : bias.toArray();
      }
    }

    @Override
    public String name() {
      return "maxout";
    }

    @Override
    public DataType dataType() {
      return type;
    }

    private String problem(int n) {
      return sizeProblem(n, k, d);
    }

    @Override
    public Object apply(Object value, VectorRows.Result out, VectorRows.Scratch scratch) {
      if (value == null) {
        return invalid.row("is null");
      }
      return vectors ? vector((InternalRow) value, out, scratch)
          : array((ArrayData) value, out, scratch);
    }

    private Object vector(InternalRow v, VectorRows.Result out, VectorRows.Scratch scratch) {
      boolean dense = v.getByte(0) == 1;
      int stored = VectorRows.elements(v, VectorRows.VALUES);
      int size = dense ? stored : v.getInt(1);
      String problem = problem(size);
      if (problem != null) {
        return invalid.row(problem);
      }
      int m = units(size);
      int[] indices = dense ? null : scratch.indices(v, stored);
      double[] values = scratch.values(v, stored);
      if (!dense && w == null) {
        // The units go where the entries were (each after its entries are read).
        int[] arg = withArgmax ? new int[m] : null;
        int touched = MaxoutFunction.poolSparseEntries(indices, values, stored, k, indices,
            values, arg);
        return result(smaller(out, m, indices, values, touched), arg);
      }
      double[] z = pieces(indices, values, stored);
      double[] buf = out.dense(m);
      int[] arg = pool(z, buf, VectorRows.denseStart(m), m);
      return result(out.row(), arg);
    }

    private Object array(ArrayData a, VectorRows.Result out, VectorRows.Scratch scratch) {
      int n = a.numElements();
      String problem = problem(n);
      if (problem != null) {
        return invalid.row(problem);
      }
      int nullAt = VectorRows.firstNull(a);
      if (nullAt >= 0) {
        return invalid.row("has a null element at index " + nullAt);
      }
      int m = units(n);
      double[] z = pieces(null, floats ? scratch.widened(a) : scratch.values(a), n);
      // A float row is pooled in doubles (exact: the maximum is one of the pieces), then
      // narrowed, which rounds only the affine form's pieces.
      double[] buf = out.doubleArray(m);
      int start = VectorRows.doubleArrayStart(m);
      int[] arg = pool(z, buf, start, m);
      if (floats) {
        VectorRows.narrow(buf, start, out.floatArray(m), VectorRows.floatArrayStart(m), m);
      }
      return result(out.array(), arg);
    }

    /** The number of units for an input of n elements that fits. */
    private int units(int n) {
      return (w == null ? n : b.length) / k;
    }

    /**
     * The pieces of a row given by its first {@code count} stored values (and their indices,
     * null for a dense row; both arrays may be longer): the values themselves for pooling a
     * dense row, else W·x + b.
     */
    private double[] pieces(int[] indices, double[] values, int count) {
      if (w == null) {
        return values;
      }
      double[] z = new double[b.length];
      MaxoutFunction.affine(w, d, b, indices, values, count, z);
      return z;
    }

    /**
     * Pools the pieces z into m units at {@code out[from ..]} (a result's row buffer); returns
     * their arg max, or null without argmaxCol.
     */
    private int[] pool(double[] z, double[] out, int from, int m) {
      int[] arg = withArgmax ? new int[m] : null;
      MaxoutFunction.pool(z, k, out, from, m, arg);
      return arg;
    }

    /** The output, or the struct of the output and the arg max (argmaxCol set). */
    private Object result(Object out, int[] argmax) {
      return withArgmax
          ? new GenericInternalRow(new Object[] {out, UnsafeArrayData.fromPrimitiveArray(argmax)})
          : out;
    }

    /**
     * The vector of m units, +0.0 but for {@code units[e] = maxima[e]} (e < touched), built in
     * {@code out}, sparse or dense, whichever stores less; -0.0 counts as stored (it is not
     * +0.0). Its cost is proportional to the units touched unless the result is dense.
     */
    private static UnsafeRow smaller(VectorRows.Result out, int m, int[] units,
        double[] maxima, int touched) {
      int nnz = 0;
      for (int e = 0; e < touched; e++) {
        // Compacted in place: entries whose maximum is +0.0 are implicit.
        units[nnz] = units[e];
        maxima[nnz] = maxima[e];
        nnz += VectorRows.stored(maxima[e]);
      }
      if (1.5 * (nnz + 1.0) >= m) {
        double[] buf = out.dense(m); // a reused buffer holds the last row's values
        int start = VectorRows.denseStart(m);
        Arrays.fill(buf, start, start + m, 0.0);
        for (int e = 0; e < nnz; e++) {
          buf[start + units[e]] = maxima[e];
        }
        return out.row();
      }
      return out.sparse(m, units, maxima, nnz);
    }
  }

  public static MLReader<Maxout> read() {
    return new DefaultParamsReader<>();
  }

  public static Maxout load(String path) {
    return read().load(path);
  }
}
