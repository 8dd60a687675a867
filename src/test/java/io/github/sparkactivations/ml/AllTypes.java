package io.github.sparkactivations.ml;

import java.util.Arrays;
import java.util.Random;

import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Test rows holding the same values in every column type a stage accepts: {@code id}, then
 * {@code vd} (dense vector), {@code vs} (sparse vector), {@code ad} ({@code array<double>}),
 * {@code af} ({@code array<float>}), {@code nd} ({@code double}, element 0) and {@code nf}
 * ({@code float}, element 0).
 */
public final class AllTypes {
  private AllTypes() {}

  /** The value columns, in order after {@code id}. */
  public static final String[] COLUMNS = {"vd", "vs", "ad", "af", "nd", "nf"};

  public static StructType schema() {
    return new StructType()
        .add("id", DataTypes.IntegerType)
        .add("vd", org.apache.spark.ml.linalg.SQLDataTypes.VectorType())
        .add("vs", org.apache.spark.ml.linalg.SQLDataTypes.VectorType())
        .add("ad", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("af", DataTypes.createArrayType(DataTypes.FloatType))
        .add("nd", DataTypes.DoubleType)
        .add("nf", DataTypes.FloatType);
  }

  /** The values of one row (an array, so that a test may null or append some). */
  public static Object[] values(int id, double[] x) {
    return new Object[] {id, Vectors.dense(x), Vectors.dense(x).toSparse(),
        Arrays.stream(x).boxed().toArray(Double[]::new),
        Arrays.stream(x).mapToObj(d -> (float) d).toArray(Float[]::new),
        x[0], (float) x[0]};
  }

  /**
   * Makes some rows invalid, by id: a null element in the arrays (id % 23 == 3), or every value
   * column null (id % 31 == 7).
   */
  public static Object[] withInvalidRows(int id, Object[] values) {
    int n = ((Object[]) values[3]).length;
    if (id % 23 == 3) {
      ((Object[]) values[3])[id % n] = null;
      ((Object[]) values[4])[id % n] = null;
    }
    if (id % 31 == 7) {
      Arrays.fill(values, 1, values.length, null);
    }
    return values;
  }

  /** n elements: a third special values, the rest zeros or Gaussian values of the given scale. */
  public static double[] elements(Random rnd, int n, double[] special, double scale) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextInt(3) == 0 ? special[rnd.nextInt(special.length)]
          : rnd.nextInt(3) == 0 ? 0.0 : rnd.nextGaussian() * scale;
    }
    return x;
  }
}
