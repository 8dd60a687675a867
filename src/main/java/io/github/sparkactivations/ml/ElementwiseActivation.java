package io.github.sparkactivations.ml;

import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The base of the element-wise activations: each element x of a vector, array or numeric column
 * becomes f(x), or f'(x) when {@code derivative} is true. A subclass gives its scalar function
 * ({@link #function}) and the same function as a Spark SQL expression ({@link #expression}); this
 * class does the rest.
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
 * Float inputs are computed in double and rounded to float once.
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
   * The same function as {@link #function}{@code .apply(0, x)}, as a Spark SQL expression of a
   * double column that is never NaN (NaN is handled here). It must give the same bits.
   */
  protected abstract Column expression(Column x, boolean derivative);

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
      return n < 0
          ? new StructField(outputName, SQLDataTypes.VectorType(), true,
              org.apache.spark.sql.types.Metadata.empty())
          : new AttributeGroup(outputName, n).toStructField();
    }
    if (type instanceof ArrayType) {
      DataType element = ((ArrayType) type).elementType();
      if (element.equals(DataTypes.DoubleType) || element.equals(DataTypes.FloatType)) {
        return DataTypes.createStructField(outputName, DataTypes.createArrayType(element, false),
            true);
      }
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
    if (type.equals(DataTypes.DoubleType) || type.equals(DataTypes.FloatType)) {
      Column x = type.equals(DataTypes.DoubleType) ? input : input.cast(DataTypes.DoubleType);
      Column y = when(isnan(x), x).otherwise(expression(x, d));
      if (type.equals(DataTypes.FloatType)) {
        y = y.cast(DataTypes.FloatType);
      }
      if (!nullOnInvalid) {
        y = when(input.isNull(), raise_error(lit(RowFunctions.message(describe(), field.name(),
            "is null")))).otherwise(y);
      }
      return y;
    }
    return RowFunctions.udf(type, function(d), describe(), field.name(), nullOnInvalid)
        .apply(input);
  }
}
