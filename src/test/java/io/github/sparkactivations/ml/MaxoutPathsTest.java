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
      Maxout stage = make.get().setInputCol(c).setOutputCol("y").setHandleInvalid("keep");
      if (argmax) {
        stage.setArgmaxCol("arg");
      }
      Dataset<Row> generated = stage.transform(input).select("id", argmax ? "arg" : "y", "y");
      List<Row> viaCodegen = ExpressionPathsTest.sorted(generated);
      String plan = generated.queryExecution().executedPlan().toString();
      assertTrue(plan.contains("*(") && plan.contains("maxout("),
          "expected whole-stage code generation around maxout: " + plan);
      List<Row> viaProjection;
      List<Row> viaInterpreter;
      spark.conf().set("spark.sql.codegen.wholeStage", "false");
      try {
        viaProjection = ExpressionPathsTest.sorted(stage.transform(input).select("id", argmax ? "arg" : "y", "y"));
        spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
        viaInterpreter = ExpressionPathsTest.sorted(stage.transform(input).select("id", argmax ? "arg" : "y", "y"));
      } finally {
        spark.conf().unset("spark.sql.codegen.wholeStage");
        spark.conf().set("spark.sql.codegen.factoryMode", SparkTestSession.CODEGEN_FACTORY_MODE);
      }
      Reference ref = new Reference(stage, c);
      DataType type = stage.transformSchema(input.schema()).apply("y").dataType();
      UDF1<Object, Row> g = ref::apply;
      Column u = org.apache.spark.sql.functions.udf(g, new org.apache.spark.sql.types.StructType()
          .add("y", type).add("arg", DataTypes.createArrayType(DataTypes.IntegerType, false)))
          .apply(col(c));
      List<Row> viaUdf = ExpressionPathsTest.sorted(input.select(col("id"), u.as("r"))
          .select("id", argmax ? "r.arg" : "r.y", "r.y"));

      assertEquals(input.count(), viaCodegen.size());
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
    }
    assertTrue(nulls >= 2 * 4 * 10, "the invalid rows gave null: " + nulls);
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

    Reference(Maxout stage, String column) {
      k = stage.getNumPieces();
      DataType t = input.schema().apply(column).dataType();
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
