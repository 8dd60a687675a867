package io.github.sparkactivations.ml;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The shared base of every stage in this library: input and output columns (one, or several at
 * once), {@code handleInvalid}, schema validation, and persistence. A subclass says only how one
 * input column becomes one output column ({@link #outputField} and {@link #transformColumn}).
 *
 * <p>Column rules are those of Spark's {@code Binarizer}: set exactly one of {@code inputCol} and
 * {@code inputCols}; with {@code inputCols}, set {@code outputCols} of the same length. Output
 * columns must not exist yet.
 *
 * <p>Invalid rows (a null value, or a value the stage cannot apply to, such as a vector of the
 * wrong length, or a sparse vector too large for the dense output it would give) follow
 * {@code handleInvalid}: {@code "error"} fails the job with a message naming
 * the stage, the column and the problem; {@code "skip"} drops the row; {@code "keep"} outputs null.
 * NaN is not invalid: it propagates.
 *
 * @param <T> the concrete stage, so that the fluent setters return it
 */
public abstract class ActivationTransformer<T extends ActivationTransformer<T>> extends Transformer
    implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  /** {@code handleInvalid} value: fail the job on an invalid row (the default). */
  public static final String ERROR_INVALID = "error";
  /** {@code handleInvalid} value: drop invalid rows. */
  public static final String SKIP_INVALID = "skip";
  /** {@code handleInvalid} value: output null for invalid rows. */
  public static final String KEEP_INVALID = "keep";

  private final String uid;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;
  private final Param<String> handleInvalid;

  protected ActivationTransformer(String uid) {
    // Params take the uid of their parent, so it is set before any Param is created.
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "input column name");
    outputCol = new Param<>(this, "outputCol", "output column name");
    inputCols = new StringArrayParam(this, "inputCols", "input column names");
    outputCols = new StringArrayParam(this, "outputCols", "output column names");
    handleInvalid = new Param<>(this, "handleInvalid",
        "how to handle invalid rows (null, the wrong length, or too large to become dense): "
            + "'error' fails the job, "
            + "'skip' drops the row, 'keep' outputs null",
        Validators.oneOf(ERROR_INVALID, SKIP_INVALID, KEEP_INVALID));
    setDefault(outputCol, uid + "__output");
    setDefault(handleInvalid, ERROR_INVALID);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** Input column name. */
  public final Param<String> inputCol() {
    return inputCol;
  }

  /** Output column name (default {@code <uid>__output}). */
  public final Param<String> outputCol() {
    return outputCol;
  }

  /** Input column names, to apply the stage to several columns at once. */
  public final StringArrayParam inputCols() {
    return inputCols;
  }

  /** Output column names, one per input column. */
  public final StringArrayParam outputCols() {
    return outputCols;
  }

  /** How to handle invalid rows: {@code "error"} (default), {@code "skip"} or {@code "keep"}. */
  public final Param<String> handleInvalid() {
    return handleInvalid;
  }

  public String getInputCol() {
    return getOrDefault(inputCol);
  }

  public String getOutputCol() {
    return getOrDefault(outputCol);
  }

  public String[] getInputCols() {
    return getOrDefault(inputCols);
  }

  public String[] getOutputCols() {
    return getOrDefault(outputCols);
  }

  public String getHandleInvalid() {
    return getOrDefault(handleInvalid);
  }

  public T setInputCol(String value) {
    return setParam(inputCol, value);
  }

  public T setOutputCol(String value) {
    return setParam(outputCol, value);
  }

  public T setInputCols(String... value) {
    return setParam(inputCols, value);
  }

  public T setOutputCols(String... value) {
    return setParam(outputCols, value);
  }

  public T setHandleInvalid(String value) {
    return setParam(handleInvalid, value);
  }

  /**
   * Sets a Param and returns this stage, for fluent setters. A value the Param rejects is an
   * {@link IllegalArgumentException} naming the stage, the Param, the value and what the Param
   * takes (its doc): Spark's own message ("relu_1 parameter maxValue given invalid value -1.0.")
   * does not say what would be valid.
   */
  @SuppressWarnings("unchecked")
  protected final <V> T setParam(Param<V> param, V value) {
    if (!Boolean.TRUE.equals(param.isValid().apply(value))) {
      String shown = value instanceof double[] ? java.util.Arrays.toString((double[]) value)
          : value instanceof Object[] ? java.util.Arrays.toString((Object[]) value)
          : String.valueOf(value);
      throw new IllegalArgumentException(describe() + ": invalid value " + shown + " for "
          + param.name() + " (" + param.doc() + ")");
    }
    set(param, value);
    return (T) this;
  }

  /**
   * The output column names, in input order ({@code outputCol} or {@code outputCols}).
   *
   * @throws IllegalArgumentException if the column Params are not set consistently
   */
  public List<String> outputColumns() {
    return List.of(columnPairs()[1]);
  }

  /**
   * The value this stage's output saturates at, if any (ReLU's finite {@code maxValue}): the
   * statistics report the fraction of outputs equal to it. Empty by default.
   */
  public OptionalDouble saturationValue() {
    return OptionalDouble.empty();
  }

  /** The stage's name in messages: its class and uid. */
  protected final String describe() {
    return getClass().getSimpleName() + " " + uid;
  }

  /**
   * The output field for one input column, or an {@link IllegalArgumentException} naming the
   * column, the expected and the actual type when the stage cannot apply to it.
   */
  protected abstract StructField outputField(StructField input, String outputName);

  /**
   * The expression that computes the output of one column. An invalid row gives null when
   * {@code nullOnInvalid} is true, and otherwise fails the job with a message naming the stage,
   * the column and the problem.
   */
  protected abstract Column transformColumn(Column input, StructField inputField,
      boolean nullOnInvalid);

  /**
   * Extra output columns computed together with the output of one input column (default none),
   * such as Maxout's {@code argmaxCol}. When there are some, {@link #transformColumn} returns a
   * struct of {@link #companionStruct}: the output, then these, in order.
   */
  protected List<StructField> companionFields(StructField input, String outputName) {
    return List.of();
  }

  /** An output vector column of {@code size} elements (size metadata), or of unknown size (-1). */
  protected static StructField vectorField(String name, int size) {
    return size < 0
        ? new StructField(name, SQLDataTypes.VectorType(), true,
            Metadata.empty())
        : new AttributeGroup(name, size).toStructField();
  }

  /**
   * An output {@code array<double>}/{@code array<float>} column of the input's element type, or
   * null when {@code type} is not one of those.
   */
  protected static StructField floatingArrayField(String name, DataType type) {
    if (type instanceof ArrayType) {
      DataType element = ((ArrayType) type).elementType();
      if (element.equals(DataTypes.DoubleType)
          || element.equals(DataTypes.FloatType)) {
        return DataTypes.createStructField(name,
            DataTypes.createArrayType(element, false), true);
      }
    }
    return null;
  }

  /** The struct {@link #transformColumn} returns when there are companion columns. */
  protected static StructType companionStruct(DataType outputType, List<StructField> companions) {
    StructType t = new StructType().add("value", outputType, true);
    for (int i = 0; i < companions.size(); i++) {
      t = t.add("c" + i, companions.get(i).dataType(), true);
    }
    return t;
  }

  /**
   * Checks the Params against each other (single ones are checked when set). Called by
   * {@link #transformSchema}; throws {@link IllegalArgumentException}.
   */
  protected void validateParams() {}

  /** The (input, output) column names, after checking the single- vs multi-column rules. */
  private String[][] columnPairs() {
    boolean single = isSet(inputCol);
    boolean multi = isSet(inputCols);
    if (single && multi) {
      throw new IllegalArgumentException(describe()
          + ": set either inputCol or inputCols, not both (inputCol = " + getInputCol()
          + ", inputCols = " + Arrays.toString(getInputCols()) + ")");
    }
    require(single || multi, describe() + ": inputCol or inputCols must be set");
    if (single) {
      require(!isSet(outputCols), describe()
          + ": outputCols is for inputCols; with inputCol = " + getInputCol() + " set outputCol");
      return new String[][] {{getInputCol()}, {getOutputCol()}};
    }
    require(!isSet(outputCol), describe()
        + ": outputCol is for inputCol; with inputCols set outputCols");
    require(isSet(outputCols), describe() + ": inputCols is set, so outputCols must be set too");
    String[] ins = getInputCols();
    String[] outs = getOutputCols();
    require(ins.length == outs.length, describe()
        + ": inputCols and outputCols must have equal lengths, but inputCols has " + ins.length
        + " and outputCols has " + outs.length);
    require(ins.length > 0, describe() + ": inputCols must not be empty");
    Set<String> distinct = new HashSet<>(Arrays.asList(outs));
    require(distinct.size() == outs.length, describe()
        + ": outputCols must be distinct, but are " + Arrays.toString(outs));
    return new String[][] {ins, outs};
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String[][] pairs = columnPairs();
    validateParams();
    Set<String> existing = new LinkedHashSet<>(Arrays.asList(schema.fieldNames()));
    StructType out = schema;
    for (int i = 0; i < pairs[0].length; i++) {
      String in = pairs[0][i];
      String name = pairs[1][i];
      require(existing.contains(in), describe() + ": input column '" + in
          + "' does not exist; the columns are " + existing);
      require(existing.add(name), describe()
          + ": output column '" + name + "' already exists");
      out = out.add(outputField(schema.apply(in), name));
      for (StructField extra : companionFields(schema.apply(in), name)) {
        require(existing.add(extra.name()), describe()
            + ": output column '" + extra.name() + "' already exists");
        out = out.add(extra);
      }
    }
    return out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outSchema = transformSchema(dataset.schema(), true);
    String[][] pairs = columnPairs();
    boolean nullOnInvalid = !ERROR_INVALID.equals(getHandleInvalid());
    List<Column> columns = new ArrayList<>();
    List<Column> expanded = new ArrayList<>();
    for (String name : dataset.columns()) {
      columns.add(dataset.col(quote(name)));
      expanded.add(col(quote(name)));
    }
    Column keep = null;
    for (int i = 0; i < pairs[0].length; i++) {
      String in = pairs[0][i];
      String name = pairs[1][i];
      StructField field = dataset.schema().apply(in);
      Column c = transformColumn(dataset.col(quote(in)), field, nullOnInvalid);
      List<StructField> extras = companionFields(field, name);
      if (extras.isEmpty()) {
        columns.add(c.as(name, outSchema.apply(name).metadata()));
        expanded.add(col(quote(name)));
      } else {
        // One struct holds the output and its companions (computed once), then is split.
        String tmp = "__" + uid + "_" + i;
        columns.add(c.as(tmp));
        expanded.add(col(quote(tmp)).getField("value").as(name,
            outSchema.apply(name).metadata()));
        for (int j = 0; j < extras.size(); j++) {
          expanded.add(col(quote(tmp)).getField("c" + j).as(extras.get(j).name()));
        }
      }
      Column present = col(quote(name)).isNotNull();
      keep = keep == null ? present : keep.and(present);
    }
    Dataset<Row> result = dataset.select(columns.toArray(new Column[0]))
        .select(expanded.toArray(new Column[0]));
    // Outputs are null only for invalid rows, so "skip" is a filter on the outputs.
    return SKIP_INVALID.equals(getHandleInvalid()) ? result.filter(keep) : result;
  }

  /** A copy with the same uid and Params, and {@code extra} on top (typed as the stage). */
  @Override
  public T copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public String toString() {
    String cols = isSet(inputCols) ? ", numInputCols=" + getInputCols().length : "";
    return getClass().getSimpleName() + ": uid=" + uid + cols;
  }

  static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
