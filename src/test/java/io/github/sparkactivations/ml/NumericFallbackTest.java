package io.github.sparkactivations.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stage with no native SQL expression (the default of {@code nativeExpression}) still takes
 * numeric columns: they go through the element-wise Catalyst expression, with the same values
 * as its vectors and the same invalid-row handling.
 */
class NumericFallbackTest {

  /** f(x) = x³ (f' = 3x²): a function for which the stage gives no SQL expression. */
  public static final class Cube extends ElementwiseActivation<Cube> {
    private static final long serialVersionUID = 1L;

    public Cube(String uid) {
      super(uid);
    }

    public Cube() {
      this(Identifiable.randomUID("cube"));
    }

    @Override
    protected ElementwiseFunction function(boolean derivative) {
      return derivative ? (i, x) -> 3 * x * x : (i, x) -> x * x * x;
    }

    @Override
    public String sqlName() {
      return "cube";
    }
  }

  private static SparkSession spark;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
  }

  private static Dataset<Row> frame() {
    List<Row> rows = new ArrayList<>();
    double[] xs = {-2.5, -0.0, 0.0, 1.1, 1e-300, Double.NaN, Double.NEGATIVE_INFINITY};
    for (int i = 0; i < xs.length; i++) {
      rows.add(RowFactory.create(i, xs[i], (float) xs[i]));
    }
    rows.add(RowFactory.create(xs.length, null, null));
    return spark.createDataFrame(rows, new StructType().add("id", "int")
        .add("d", DataTypes.DoubleType).add("f", DataTypes.FloatType));
  }

  @Test
  void numericColumnsWithoutANativeExpression() {
    for (boolean derivative : new boolean[] {false, true}) {
      Cube cube = new Cube().setDerivative(derivative).setInputCols("d", "f")
          .setOutputCols("yd", "yf").setHandleInvalid("keep");
      assertEquals(Optional.empty(), cube.nativeExpression(new Column("d"), derivative));
      ElementwiseFunction fn = cube.currentFunction();
      List<Row> out = cube.transform(frame()).orderBy("id").collectAsList();
      for (Row r : out) {
        if (r.isNullAt(1)) {
          assertTrue(r.isNullAt(3) && r.isNullAt(4), "null in, null out with keep");
          continue;
        }
        double x = r.getDouble(1);
        assertEquals(Double.doubleToRawLongBits(fn.apply(0, x)),
            Double.doubleToRawLongBits(r.getDouble(3)), "double " + x);
        float xf = r.getFloat(2);
        assertEquals(Float.floatToRawIntBits((float) fn.apply(0, xf)),
            Float.floatToRawIntBits(r.getFloat(4)), "float " + xf);
      }
      assertEquals(DataTypes.FloatType, cube.transform(frame()).schema().apply("yf").dataType());
    }
  }

  @Test
  void invalidRowsFollowHandleInvalid() {
    Cube cube = new Cube().setInputCol("d").setOutputCol("y");
    Exception e = assertThrows(Exception.class, () -> cube.transform(frame()).collect());
    String message = e.toString() + (e.getCause() == null ? "" : e.getCause().toString());
    assertTrue(message.contains("column 'd' is null"), message);
    assertEquals(7, cube.setHandleInvalid("skip").transform(frame()).count());
  }
}
