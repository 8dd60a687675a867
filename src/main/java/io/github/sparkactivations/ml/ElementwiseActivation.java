package io.github.sparkactivations.ml;

import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import io.github.sparkactivations.sql.ElementwiseExpression;
import io.github.sparkactivations.sql.ElementwiseKernel;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The base of the element-wise activations: each element x of a vector, array or numeric column
 * becomes f(x), or f'(x) when {@code derivative} is true. A subclass gives its scalar function
 * ({@link #function}), the same function as a Spark SQL expression for numeric columns
 * ({@link #expression}), and its SQL function name and arguments ({@link #sqlName},
 * {@link #sqlParams}); this class does the rest.
 *
 * <p>Column types, and what the output is:
 * <ul>
 *   <li>{@code vector} (ml.linalg): a vector of the same size and storage. A sparse vector stays
 *       sparse when f(0) = +0.0 for every element, and then only the non-zero results are stored
 *       (ReLU of a sparse vector stores only its positive entries; {@code -0.0} results are kept
 *       so that dense and sparse inputs give the same bits); otherwise the output is dense. The
 *       output keeps the input's size metadata ({@code AttributeGroup}).</li>
 *   <li>{@code array<double>}, {@code array<float>}: an array of the same element type. A null
 *       element makes the row invalid.</li>
 *   <li>{@code double}, {@code float}: the same type, computed by native Spark SQL expressions
 *       (so Catalyst generates code for them), bit-identical to the vector and array path.</li>
 * </ul>
 * Float inputs are computed in double and rounded to float once. Vectors and arrays go through
 * {@link ElementwiseExpression}, a Catalyst expression with generated code that works on Spark's
 * internal form of the column (no {@code Vector} objects per row).
 *
 * <p>Each activation is also a SQL function ({@link #sqlName}, and {@code <name>_derivative}):
 * see {@link io.github.sparkactivations.sql.ActivationFunctions}.
 */
public abstract class ElementwiseActivation<T extends ElementwiseActivation<T>>
    extends ActivationTransformer<T> {

  private static final long serialVersionUID = 1L;

  private final BooleanParam derivative;

  protected ElementwiseActivation(String uid) {
    super(uid);
    derivative = new BooleanParam(this, "derivative",
        "output the derivative f'(x) instead of f(x)");
    setDefault(derivative, false);
  }

  /** Output the derivative f'(x) instead of f(x) (default false). */
  public final BooleanParam derivative() {
    return derivative;
  }

  public boolean getDerivative() {
    return (Boolean) getOrDefault(derivative);
  }

  public T setDerivative(boolean value) {
    return setParam(derivative, value);
  }

  /** The scalar function for the current Params: f, or f' when {@code derivative} is true. */
  protected abstract ElementwiseFunction function(boolean derivative);

  /**
   * Optionally, the same function as {@link #function}{@code .apply(0, x)} as a plain Spark SQL
   * expression of a double column that is never NaN (NaN is handled here), giving the same bits;
   * numeric columns then use it, so Spark sees an ordinary expression. Empty (the default):
   * numeric columns go through the same Catalyst expression as vectors and arrays, which applies
   * {@link #function} (for functions Spark SQL cannot express, such as erf).
   */
  protected Optional<Column> nativeExpression(Column x, boolean derivative) {
    return Optional.empty();
  }

  /** The SQL function name of this activation, e.g. {@code leaky_relu}. */
  public abstract String sqlName();

  /**
   * The SQL function this stage is now: {@link #sqlName}, or {@code <sqlName>_derivative} when
   * {@code derivative} is true.
   */
  public String sqlFunctionName() {
    return sqlName() + (getDerivative() ? "_derivative" : "");
  }

  /**
   * The Params a SQL call passes after the column, in order (default none). Trailing ones may be
   * omitted, and then keep their defaults.
   */
  public List<Param<?>> sqlParams() {
    return List.of();
  }

  /**
   * The Param that SQL argument {@code position} (0 is the first after the column) sets for this
   * constant value: by default {@code sqlParams().get(position)}.
   */
  public Param<?> sqlParam(int position, Object value) {
    return sqlParams().get(position);
  }

  /**
   * Sets SQL argument {@code position} (0 is the first after the column) from its constant
   * value: a {@code Double}, a {@code double[]} for an array, or a {@code String}. Throws
   * {@link IllegalArgumentException} when the value does not fit its Param ({@link #sqlParam}).
   */
  @SuppressWarnings("unchecked")
  public void setSqlArgument(int position, Object value) {
    Param<?> p = sqlParam(position, value);
    boolean fits = p instanceof DoubleParam ? value instanceof Double
        : p instanceof DoubleArrayParam ? value instanceof double[] : value instanceof String;
    require(fits, sqlName() + ": argument " + (position + 2) + " (" + p.name() + ") must be "
        + (p instanceof DoubleParam ? "a number" : p instanceof DoubleArrayParam
            ? "an array of numbers" : "a string"));
    setParam((Param<Object>) p, value instanceof double[] ? ((double[]) value).clone() : value);
  }


  /** The SQL arguments after the column, as SQL text: up to the last one set (for names). */
  protected String sqlArguments() {
    List<Param<?>> params = sqlParams();
    int last = -1;
    for (int i = 0; i < params.size(); i++) {
      if (isSet(params.get(i))) {
        last = i;
      }
    }
    StringJoiner args = new StringJoiner(", ");
    for (int i = 0; i <= last; i++) {
      args.add(sqlLiteral(getOrDefault(params.get(i))));
    }
    return args.toString();
  }

  /** A Param value as SQL text. */
  protected static String sqlLiteral(Object value) {
    if (value instanceof double[]) {
      StringJoiner a = new StringJoiner(", ", "array(", ")");
      for (double d : (double[]) value) {
        a.add(sqlLiteral(d));
      }
      return a.toString();
    }
    if (value instanceof Double && !Double.isFinite((Double) value)) {
      return "double('" + value + "')";
    }
    if (value instanceof String) {
      return "'" + ((String) value).replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
    return String.valueOf(value).toLowerCase(Locale.ROOT);
  }

  /**
   * This activation as a SQL function call on {@code x}: any column type the stage accepts; a
   * null {@code x} gives null, an invalid row (a null element, the wrong length) fails the query.
   * The {@code derivative} Param picks f or f'. Used by
   * {@link io.github.sparkactivations.sql.ActivationFunctions} and the SQL functions.
   */
  public Column sqlFunction(Column x) {
    validateParams();
    String name = sqlFunctionName();
    return expression(x, new ElementwiseKernel(name, sqlArguments(), currentFunction(),
        ElementwiseKernel.Mode.SQL, name + ": argument " + x + " ", ""));
  }

  private static Column expression(Column x, ElementwiseKernel kernel) {
    return ExpressionUtils.column(new ElementwiseExpression(ExpressionUtils.expression(x),
        kernel));
  }

  /** The function this stage applies now (f or f', by the {@code derivative} Param). */
  public ElementwiseFunction currentFunction() {
    return function(getDerivative());
  }

  @Override
  protected StructField outputField(StructField input, String outputName) {
    DataType type = input.dataType();
    int size = currentFunction().size();
    if (type instanceof VectorUDT) {
      int n = AttributeGroup.fromStructField(input).size();
      require(size < 0 || n < 0 || n == size, describe() + ": column '" + input.name()
          + "' holds vectors of size " + n + " (its metadata), but the stage expects " + size);
      return vectorField(outputName, n);
    }
    StructField array = floatingArrayField(outputName, type);
    if (array != null) {
      return array;
    }
    if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
      require(size < 0 || size == 1, describe() + ": column '" + input.name() + "' is a "
          + type.simpleString() + " (one element per row), but the stage expects " + size
          + " elements");
      return DataTypes.createStructField(outputName, type, true);
    }
    throw new IllegalArgumentException(describe() + ": column '" + input.name()
        + "' has type " + type.simpleString() + ", but the stage expects one of vector, "
        + "array<double>, array<float>, double, float");
  }

  @Override
  protected Column transformColumn(Column input, StructField field, boolean nullOnInvalid) {
    DataType type = field.dataType();
    boolean d = getDerivative();
    Column x = type.equals(DataTypes.DoubleType) ? input : input.cast(DataTypes.DoubleType);
    Optional<Column> sql = type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)
        ? nativeExpression(x, d) : Optional.empty();
    if (sql.isPresent()) {
      Column y = when(isnan(x), x).otherwise(sql.get());
      if (type.equals(DataTypes.FloatType)) {
        y = y.cast(DataTypes.FloatType);
      }
      if (!nullOnInvalid) {
        y = when(input.isNull(), raise_error(lit(RowFunctions.message(describe(), field.name(),
            "is null")))).otherwise(y);
      }
      return y;
    }
    return expression(input, new ElementwiseKernel(sqlFunctionName(), sqlArguments(),
        function(d),
        nullOnInvalid ? ElementwiseKernel.Mode.NULL : ElementwiseKernel.Mode.ERROR,
        RowFunctions.messagePrefix(describe(), field.name()), RowFunctions.MESSAGE_SUFFIX));
  }
}
