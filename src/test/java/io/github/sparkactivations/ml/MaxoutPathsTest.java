package io.github.sparkactivations.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkactivations.math.MaxoutFunction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import scala.collection.Seq;

/**
 * Maxout's Catalyst expression ({@code sql.RowExpression}) by generated code, a stand-alone
 * generated projection and the interpreter, against its former UDF ({@link Reference}, over
 * {@code Vector} objects and Scala {@code Seq}s): the same rows bit for bit, storage form, arg
 * max, and nulls for invalid rows ({@code handleInvalid = "keep"}).
 */
class MaxoutPathsTest {
  private static final int DIM = 6;
  private static final double[] SPECIAL = {0.0, -0.0, Double.MIN_VALUE, -1e-300,
      Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
      Double.longBitsToDouble(0x7ff8000000000123L), 6.0, -1.0, 6.0};
  private static final String[] IN = {"vd", "vs", "ad", "af"};

  private static SparkSession spark;
  private static Dataset<Row> input;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    Random rnd = new Random(17);
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < 300; id++) {
      // Rows of 7 fit none of the configurations below; some rows are mostly zeros.
      int n = id % 29 == 5 ? DIM + 1 : DIM;
      double[] x = AllTypes.elements(rnd, n, SPECIAL, 3);
      if (id % 4 == 0) {
        for (int i = 0; i < n; i++) {
          x[i] = rnd.nextInt(4) == 0 ? x[i] : 0.0;
        }
      }
      Object[] values = AllTypes.values(id, x);
      rows.add(RowFactory.create(AllTypes.withInvalidRows(id, values)));
    }
    input = spark.createDataFrame(rows, AllTypes.schema()).repartition(3).cache();
    input.count();
  }

  @AfterAll
  static void tearDown() {
    input.unpersist();
  }

  static Stream<Arguments> configs() {
    List<Arguments> all = new ArrayList<>();
    List<Object[]> stages = List.of(
        new Object[] {"pooling k=2", (Supplier<Maxout>) Maxout::new},
        new Object[] {"pooling k=3", (Supplier<Maxout>) () -> new Maxout().setNumPieces(3)},
        new Object[] {"pooling k=1", (Supplier<Maxout>) () -> new Maxout().setNumPieces(1)},
        new Object[] {"affine 3 units of 2", (Supplier<Maxout>) () ->
            Maxout.withRandomWeights(DIM, 3, 2, 4)
                .setBias(new DenseVector(new double[] {0.5, -0.5, 0, 1, -1, 2}))});
    for (Object[] s : stages) {
      all.add(Arguments.of(s[0], s[1], false));
      all.add(Arguments.of(s[0] + " with argmaxCol", s[1], true));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void generatedInterpretedAndReferencePathsAgree(String name, Supplier<Maxout> make,
      boolean argmax) {
    int nulls = 0;
    for (String c : IN) {
      nulls += assertPathsAgree(input, name, make, argmax, c);
    }
    assertTrue(nulls >= 2 * 4 * 10, "the invalid rows gave null: " + nulls);
  }

  /**
   * Rows of 120, on which pooling a sparse vector gives sparse and dense results with many
   * entries (the rows above give at most 3 units), in one task after another: the result and
   * scratch buffers that generated code reuses change size and storage from row to row.
   */
  @ParameterizedTest(name = "pooling k={0}, argmaxCol {1}")
  @MethodSource("longRowConfigs")
  void longRowsAgree(int k, boolean argmax) {
    Random rnd = new Random(29 + k);
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < 240; id++) {
      int n = id % 37 == 11 ? 121 : 120;
      double[] x = AllTypes.elements(rnd, n, SPECIAL, 3);
      // From all zeros to nearly all stored: sparse results of every size, and dense ones.
      double keep = (id % 12) / 11.0;
      for (int i = 0; i < n; i++) {
        x[i] = rnd.nextDouble() < keep * keep ? x[i] : 0.0;
      }
      rows.add(RowFactory.create(AllTypes.withInvalidRows(id, AllTypes.values(id, x))));
    }
    Dataset<Row> data = spark.createDataFrame(rows, AllTypes.schema()).repartition(2).cache();
    try {
      int nulls = 0;
      for (String c : IN) {
        nulls += assertPathsAgree(data, "k=" + k, () -> new Maxout().setNumPieces(k), argmax, c);
      }
      assertTrue(nulls >= 4 * 10, "the invalid rows gave null: " + nulls);
      // Both storages came out of sparse input.
      List<Row> out = new Maxout().setNumPieces(k).setInputCol("vs").setOutputCol("y")
          .setHandleInvalid("keep").transform(data).select("y").collectAsList();
      assertTrue(out.stream().anyMatch(r -> r.get(0) instanceof SparseVector
          && ((SparseVector) r.get(0)).numActives() > 5), "no sparse result with entries");
      assertTrue(out.stream().anyMatch(r -> r.get(0) instanceof DenseVector),
          "no dense result");
    } finally {
      data.unpersist();
    }
  }

  static Stream<Arguments> longRowConfigs() {
    return Stream.of(Arguments.of(2, false), Arguments.of(3, true), Arguments.of(4, false),
        Arguments.of(1, false));
  }

  /**
   * Column c of {@code data} through Maxout by generated code, a stand-alone projection and the
   * interpreter, each the same as the reference UDF's rows; returns the number of nulls.
   */
  private static int assertPathsAgree(Dataset<Row> data, String name, Supplier<Maxout> make,
      boolean argmax, String c) {
    int nulls = 0;
    Maxout stage = make.get().setInputCol(c).setOutputCol("y").setHandleInvalid("keep");
    if (argmax) {
      stage.setArgmaxCol("arg");
    }
    String shown = argmax ? "arg" : "y";
    Dataset<Row> generated = stage.transform(data).select("id", shown, "y");
    List<Row> viaCodegen = ExpressionPathsTest.sorted(generated);
    String plan = generated.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("*(") && plan.contains("maxout("),
        "expected whole-stage code generation around maxout: " + plan);
    List<Row> viaProjection = SparkTestSession.evaluated(SparkTestSession.Evaluation.PROJECTION,
        () -> ExpressionPathsTest.sorted(stage.transform(data).select("id", shown, "y")));
    List<Row> viaInterpreter = SparkTestSession.evaluated(
        SparkTestSession.Evaluation.INTERPRETED,
        () -> ExpressionPathsTest.sorted(stage.transform(data).select("id", shown, "y")));
    Reference ref = new Reference(stage, data.schema().apply(c).dataType());
    DataType type = stage.transformSchema(data.schema()).apply("y").dataType();
    UDF1<Object, Row> g = ref::apply;
    Column u = org.apache.spark.sql.functions.udf(g, new org.apache.spark.sql.types.StructType()
        .add("y", type).add("arg", DataTypes.createArrayType(DataTypes.IntegerType, false)))
        .apply(col(c));
    List<Row> viaUdf = ExpressionPathsTest.sorted(data.select(col("id"), u.as("r"))
        .select("id", argmax ? "r.arg" : "r.y", "r.y"));

    assertEquals(data.count(), viaCodegen.size());
    for (int r = 0; r < viaUdf.size(); r++) {
      String where = name + " id=" + viaUdf.get(r).getInt(0) + " " + c;
      for (int f = 1; f <= 2; f++) {
        Object expected = viaUdf.get(r).get(f);
        String what = where + (f == 1 && argmax ? " arg" : "");
        ExpressionPathsTest.assertSame(expected, viaCodegen.get(r).get(f), what + " (generated)");
        ExpressionPathsTest.assertSame(expected, viaProjection.get(r).get(f),
            what + " (projection)");
        ExpressionPathsTest.assertSame(expected, viaInterpreter.get(r).get(f),
            what + " (interpreted)");
        nulls += expected == null ? 1 : 0;
      }
    }
    return nulls;
  }

  /**
   * Maxout's former UDF, over {@code Vector} objects and Scala {@code Seq}s (a null row, a null
   * element or a length that does not fit give null, as with {@code handleInvalid = "keep"}):
   * a struct of the output and the arg max.
   */
  private static final class Reference implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final int k;
    final double[] w;
    final int d;
    final double[] b;
    final boolean floats;

    Reference(Maxout stage, DataType t) {
      k = stage.getNumPieces();
      floats = t instanceof ArrayType
          && ((ArrayType) t).elementType().equals(DataTypes.FloatType);
      if (stage.isDefined(stage.weights())) {
        d = stage.getWeights().numCols();
        w = stage.getWeights().transpose().toArray();
        b = stage.isDefined(stage.bias()) ? stage.getBias().toArray()
            : new double[stage.getWeights().numRows()];
      } else {
        w = null;
        d = -1;
        b = null;
      }
    }

    private boolean fits(int n) {
      return w != null ? n == d : n % k == 0;
    }

    Row apply(Object value) {
      if (value instanceof Vector) {
        return vector((Vector) value);
      }
      if (value == null) {
        return null;
      }
      Seq<?> a = (Seq<?>) value;
      if (!fits(a.length())) {
        return null;
      }
      double[] x = new double[a.length()];
      for (int i = 0; i < x.length; i++) {
        Object e = a.apply(i);
        if (e == null) {
          return null;
        }
        x[i] = ((Number) e).doubleValue();
      }
      int[] arg = new int[(w == null ? x.length : b.length) / k];
      double[] out = compute(null, x, arg);
      if (floats) {
        float[] f = new float[out.length];
        for (int i = 0; i < f.length; i++) {
          f[i] = (float) out[i];
        }
        return RowFactory.create(f, arg);
      }
      return RowFactory.create(out, arg);
    }

    private Row vector(Vector v) {
      if (!fits(v.size())) {
        return null;
      }
      int[] indices = v instanceof SparseVector ? ((SparseVector) v).indices() : null;
      double[] values = v instanceof SparseVector ? ((SparseVector) v).values()
          : ((DenseVector) v).values();
      if (w == null && indices != null) {
        int m = v.size() / k;
        double[] out = new double[m];
        int[] arg = new int[m];
        MaxoutFunction.poolSparse(v.size(), indices, values, k, out, arg);
        Vector y = new DenseVector(out);
        // Sparse when that stores less: 1.5 (nnz + 1) < m, -0.0 counting as stored.
        int nnz = (int) Arrays.stream(out).filter(e -> Double.doubleToRawLongBits(e) != 0L)
            .count();
        return RowFactory.create(1.5 * (nnz + 1.0) >= m ? y : sparseOf(out, nnz), arg);
      }
      int[] arg = new int[(w == null ? v.size() : b.length) / k];
      return RowFactory.create(new DenseVector(compute(indices, values, arg)), arg);
    }

    private static Vector sparseOf(double[] out, int nnz) {
      int[] idx = new int[nnz];
      double[] val = new double[nnz];
      int p = 0;
      for (int i = 0; i < out.length; i++) {
        if (Double.doubleToRawLongBits(out[i]) != 0L) {
          idx[p] = i;
          val[p++] = out[i];
        }
      }
      return new SparseVector(out.length, idx, val);
    }

    private double[] compute(int[] indices, double[] values, int[] argmax) {
      double[] z = values;
      if (w != null) {
        z = new double[b.length];
        MaxoutFunction.affine(w, d, b, indices, values, z);
      }
      double[] out = new double[z.length / k];
      MaxoutFunction.pool(z, k, out, argmax);
      return out;
    }
  }
}
