package io.github.sparkactivations.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkactivations.math.Reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stage, f and f', on every column type (dense and sparse vectors, array<double>,
 * array<float>, double, float) at once through inputCols/outputCols: each output element must be
 * the same bits as the stage's scalar function, so the numeric (SQL expression) path and the
 * vector/array path are bit-identical.
 */
class ColumnTypesTest {
  private static final int DIM = 5;
  private static final double[] SPECIAL = {0.0, -0.0, 0.0, 0.0, Double.MIN_VALUE,
      -Double.MIN_VALUE, 1e-300, -1e-300, Double.MAX_VALUE, -Double.MAX_VALUE,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 6.0, -1.0, 0.5, 1e-10};
  private static final String[] IN = {"vd", "vs", "ad", "af", "nd", "nf"};

  private static SparkSession spark;
  private static Dataset<Row> input;
  private static List<Row> inputRows;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    Random rnd = new Random(7);
    inputRows = new ArrayList<>();
    for (int r = 0; r < 60; r++) {
      inputRows.add(RowFactory.create(AllTypes.values(r, AllTypes.elements(rnd, DIM, SPECIAL,
          10))));
    }
    input = spark.createDataFrame(inputRows, AllTypes.schema()).repartition(2).cache();
  }

  static Stream<Arguments> stagesAndDerivative() {
    return Stages.all().stream()
        .flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
  }

  @ParameterizedTest(name = "{0} derivative={1}")
  @MethodSource("stagesAndDerivative")
  void everyColumnTypeGivesTheScalarFunctionsBits(Stages.Config config, boolean derivative) {
    ElementwiseActivation<?> stage = config.stage().setDerivative(derivative);
    ElementwiseFunction f = stage.currentFunction();
    // A stage with a slope per element applies to rows of that length only.
    List<String> ins = new ArrayList<>();
    for (String c : IN) {
      boolean numeric = c.startsWith("n");
      if (f.size() < 0 || (f.size() == 1) == numeric) {
        ins.add(c);
      }
    }
    String[] outs = ins.stream().map(c -> c + "_out").toArray(String[]::new);
    stage.setInputCols(ins.toArray(new String[0])).setOutputCols(outs);
    List<Row> rows = stage.transform(input).orderBy("id").collectAsList();
    assertEquals(inputRows.size(), rows.size());
    for (Row row : rows) {
      for (String c : ins) {
        Object in = row.getAs(c);
        Object out = row.getAs(c + "_out");
        String where = config + " derivative=" + derivative + " column " + c + " row "
            + row.getAs("id");
        check(f, in, out, where);
      }
    }
  }

  private static void check(ElementwiseFunction f, Object in, Object out, String where) {
    if (in instanceof Vector) {
      Vector v = (Vector) in;
      Vector w = (Vector) out;
      assertEquals(v.size(), w.size(), where);
      if (v instanceof DenseVector) {
        assertInstanceOf(DenseVector.class, w, where + ": dense stays dense");
      } else if (f.preservesZero()) {
        assertInstanceOf(SparseVector.class, w, where + ": sparse stays sparse");
        for (double stored : ((SparseVector) w).values()) {
          assertTrue(Double.doubleToRawLongBits(stored) != 0L, where + ": stores a +0.0");
        }
      } else {
        assertInstanceOf(DenseVector.class, w, where + ": f(0) != 0, so dense");
      }
      double[] x = v.toArray();
      double[] y = w.toArray();
      for (int i = 0; i < x.length; i++) {
        assertSameBits(f.apply(i, x[i]), y[i], where + " element " + i + " x=" + x[i]);
      }
    } else if (in instanceof scala.collection.Seq) {
      scala.collection.Seq<?> x = (scala.collection.Seq<?>) in;
      scala.collection.Seq<?> y = (scala.collection.Seq<?>) out;
      assertEquals(x.length(), y.length(), where);
      for (int i = 0; i < x.length(); i++) {
        check(f, i, x.apply(i), y.apply(i), where + " element " + i);
      }
    } else {
      check(f, 0, in, out, where);
    }
  }

  private static void check(ElementwiseFunction f, int i, Object x, Object y, String where) {
    if (x instanceof Float) {
      assertInstanceOf(Float.class, y, where);
      float expected = (float) f.apply(i, (Float) x);
      assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits((Float) y),
          where + " x=" + x + ": expected " + expected + ", got " + y);
    } else {
      assertSameBits(f.apply(i, (Double) x), (Double) y, where + " x=" + x);
    }
  }

  static void assertSameBits(double expected, double actual, String where) {
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
        where + ": expected " + expected + ", got " + actual);
  }

  /** The same, with code generation off: the interpreted path gives the same bits. */
  @Test
  void withCodeGenerationOffEveryPathGivesTheSameBits() {
    SparkTestSession.evaluated(SparkTestSession.Evaluation.INTERPRETED, () -> {
      numericColumnsMatchTheScalarFunctionOnTheWholeReferenceGrid();
      for (Stages.Config config : Stages.all()) {
        everyColumnTypeGivesTheScalarFunctionsBits(config, false);
        everyColumnTypeGivesTheScalarFunctionsBits(config, true);
      }
    });
  }

  /** The SQL-expression path on every reference input, against the scalar function. */
  @Test
  void numericColumnsMatchTheScalarFunctionOnTheWholeReferenceGrid() {
    Reference ref = Reference.load();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ref.x.length; i++) {
      rows.add(RowFactory.create(i, ref.x[i], (float) ref.x[i]));
    }
    Dataset<Row> df = spark.createDataFrame(rows, new StructType()
        .add("id", DataTypes.IntegerType).add("nd", DataTypes.DoubleType)
        .add("nf", DataTypes.FloatType)).cache();
    int checked = 0;
    for (Stages.Config config : Stages.all()) {
      for (boolean derivative : new boolean[] {false, true}) {
        ElementwiseActivation<?> stage = config.stage().setDerivative(derivative);
        ElementwiseFunction f = stage.currentFunction();
        if (f.size() > 1) {
          continue;
        }
        stage.setInputCols("nd", "nf").setOutputCols("yd", "yf");
        for (Row r : stage.transform(df).collectAsList()) {
          int i = r.getInt(0);
          String where = config + " derivative=" + derivative + " x=" + ref.x[i];
          assertSameBits(f.apply(0, ref.x[i]), r.getDouble(3), where);
          float expected = (float) f.apply(0, (float) ref.x[i]);
          assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(r.getFloat(4)),
              where + " (float)");
          checked++;
        }
      }
    }
    assertTrue(checked > 90_000, "checked " + checked);
  }
}
