package io.github.sparkactivations.ml;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated-code path (whole-stage codegen over a cached DataFrame, and a stand-alone
 * generated projection), the interpreted path (code generation off) and the reference UDF path
 * ({@link ReferenceUdfs}, the implementation
 * before the Catalyst expression) give the same rows, bit for bit: values, storage (dense or
 * sparse), stored indices, and nulls for invalid rows ({@code handleInvalid = "keep"}).
 */
class ExpressionPathsTest {
  private static final int DIM = 5;
  private static final double[] SPECIAL = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
      1e-300, -1e-300, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, Double.NaN, 6.0, -1.0, 0.5, 1e-10, -30.0, 0.5};
  private static final String[] IN = {"vd", "vs", "ad", "af"};

  private static SparkSession spark;
  private static Dataset<Row> input;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    Random rnd = new Random(11);
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < 400; id++) {
      int n = id % 37 == 5 ? DIM + 1 : DIM; // some rows of the wrong length for PReLU(alphas)
      Object[] values = AllTypes.values(id, AllTypes.elements(rnd, n, SPECIAL, 3));
      rows.add(RowFactory.create(AllTypes.withInvalidRows(id, values)));
    }
    // Several partitions, cached: the plan is a whole-stage-codegen scan of an in-memory table.
    input = spark.createDataFrame(rows, AllTypes.schema()).repartition(3).cache();
    input.count();
  }

  @AfterAll
  static void tearDown() {
    input.unpersist();
  }

  static Stream<Arguments> stages() {
    return Stages.all().stream().flatMap(c -> Stream.of(Arguments.of(c, false),
        Arguments.of(c, true)));
  }

  @ParameterizedTest(name = "{0} derivative={1}")
  @MethodSource("stages")
  void generatedInterpretedAndReferencePathsAgree(Stages.Config config, boolean derivative) {
    ElementwiseActivation<?> stage = config.stage().setDerivative(derivative);
    int nulls = checkPaths(input, stage, config + " derivative=" + derivative);
    assertTrue(nulls >= 13 * 4, "the invalid rows gave null: " + nulls);
  }

  /**
   * Lengths around the 64-element steps of Spark's array header (null bits), empty vectors and
   * arrays, and sparse vectors with no stored entry: the buffers' layout must be right for each.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("shapeStages")
  void everyLengthHasTheRightLayout(String name, ElementwiseActivation<?> stage) {
    Random rnd = new Random(5);
    List<Row> rows = new ArrayList<>();
    int id = 0;
    for (int n : new int[] {1, 2, 63, 64, 65, 127, 128, 129, 200}) {
      for (int stored : new int[] {0, 1, n / 2, n - 1, n}) {
        double[] x = new double[n];
        for (int i = 0; i < stored; i++) {
          x[rnd.nextInt(n)] = rnd.nextInt(4) == 0 ? 0.0 : rnd.nextGaussian();
        }
        rows.add(RowFactory.create(AllTypes.values(id++, x)));
      }
    }
    Object[] empty = AllTypes.values(id, new double[1]);
    empty[1] = Vectors.dense(new double[0]);
    empty[2] = Vectors.sparse(0, new int[0], new double[0]);
    empty[3] = new Double[0];
    empty[4] = new Float[0];
    rows.add(RowFactory.create(empty));
    Dataset<Row> shapes = spark.createDataFrame(rows, AllTypes.schema()).repartition(2).cache();
    try {
      assertEquals(0, checkPaths(shapes, stage, name));
    } finally {
      shapes.unpersist();
    }
  }

  /**
   * Rows long enough for whole vectors of SIMD lanes (70 elements), with special values: ReLU
   * with a cap, LeakyReLU with a negative slope and PReLU with a slope per element, of every
   * kind and mixed within a vector, go through the SIMD forms and give the reference's bits.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("longRowStages")
  void longRowsThroughSimdAgree(String name, ElementwiseActivation<?> stage) {
    Random rnd = new Random(17);
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < 120; id++) {
      rows.add(RowFactory.create(AllTypes.values(id, AllTypes.elements(rnd, 70, SPECIAL, 3))));
    }
    Dataset<Row> data = spark.createDataFrame(rows, AllTypes.schema()).repartition(2).cache();
    try {
      assertEquals(0, checkPaths(data, stage, name));
    } finally {
      data.unpersist();
    }
  }

  static Stream<Arguments> longRowStages() {
    double[] kinds = {0.0, -0.0, 0.01, 0.25, 1.0, 2.0, -0.5, Double.MIN_VALUE, 1e300};
    Random rnd = new Random(3);
    double[] slopes = new double[70];
    for (int i = 0; i < slopes.length; i++) {
      slopes[i] = kinds[rnd.nextInt(kinds.length)];
    }
    return Stream.of(false, true).flatMap(derivative -> Stream.of(
        Arguments.of("ReLU(t=-1,m=0.5) derivative=" + derivative,
            new ReLU().setThreshold(-1.0).setMaxValue(0.5).setDerivative(derivative)),
        Arguments.of("ReLU6 derivative=" + derivative,
            new ReLU().setMaxValue(6.0).setDerivative(derivative)),
        Arguments.of("LeakyReLU(-0.5) derivative=" + derivative,
            new LeakyReLU().setAlpha(-0.5).setDerivative(derivative)),
        Arguments.of("LeakyReLU(2) derivative=" + derivative,
            new LeakyReLU().setAlpha(2.0).setDerivative(derivative)),
        Arguments.of("PReLU(70 slopes of every kind) derivative=" + derivative,
            new PReLU().setAlphas(slopes).setDerivative(derivative)),
        Arguments.of("PReLU(70 equal slopes) derivative=" + derivative,
            new PReLU().setAlphas(new double[70]).setDerivative(derivative))));
  }

  static Stream<Arguments> shapeStages() {
    return Stream.of(
        Arguments.of("ReLU (sparse stays sparse, drops zeros)", new ReLU()),
        Arguments.of("LeakyReLU (sparse keeps every entry)", new LeakyReLU()),
        Arguments.of("ELU' (sparse becomes dense)", new ELU().setDerivative(true)),
        // Whole rows at once (SIMD) against the reference's one element at a time.
        Arguments.of("ELU (rows through SIMD)", new ELU().setAlpha(0.7)),
        Arguments.of("SELU (rows through SIMD)", new SELU()),
        Arguments.of("CELU (rows through SIMD)", new CELU().setAlpha(1.5)),
        Arguments.of("CELU alpha < 0 (one element at a time)", new CELU().setAlpha(-0.5)),
        Arguments.of("SiLU (rows through SIMD)", new SiLU()),
        Arguments.of("Mish (rows through SIMD)", new Mish()),
        Arguments.of("GELU (rows through SIMD)", new GELU()),
        Arguments.of("GELU tanh form (rows through SIMD)", new GELU().setApproximate("tanh")),
        Arguments.of("Softplus (rows through SIMD; sparse becomes dense)",
            new Softplus().setBeta(2.0).setThreshold(5.0)),
        Arguments.of("ELU alpha < 0 (sparse becomes dense)", new ELU().setAlpha(-0.5)),
        Arguments.of("GELU' (rows through SIMD; sparse becomes dense)",
            new GELU().setDerivative(true)),
        Arguments.of("GELU tanh form' (rows through SIMD; sparse becomes dense)",
            new GELU().setApproximate("tanh").setDerivative(true)),
        Arguments.of("SiLU' (rows through SIMD; sparse becomes dense)",
            new SiLU().setDerivative(true)),
        Arguments.of("Mish' (rows through SIMD; sparse becomes dense)",
            new Mish().setDerivative(true)),
        Arguments.of("SELU' (rows through SIMD; sparse becomes dense)",
            new SELU().setDerivative(true)),
        Arguments.of("CELU' (rows through SIMD; sparse becomes dense)",
            new CELU().setAlpha(1.5).setDerivative(true)),
        Arguments.of("Softplus' (rows through SIMD; sparse becomes dense)",
            new Softplus().setBeta(2.0).setThreshold(5.0).setDerivative(true)));
  }

  /**
   * The stage (with handleInvalid "keep") on the vector and array columns of {@code data}, by
   * generated code, a stand-alone generated projection, the interpreter and the reference UDFs:
   * asserts the same rows and returns how many outputs were null.
   */
  private static int checkPaths(Dataset<Row> data, ElementwiseActivation<?> stage,
      String what) {
    stage.setHandleInvalid("keep");
    String[] outs = {"yvd", "yvs", "yad", "yaf"};
    // The numeric columns are plain Spark expressions, tested in ColumnTypesTest.
    stage.setInputCols(IN).setOutputCols(outs);

    Dataset<Row> generated = stage.transform(data);
    List<Row> viaCodegen = sorted(generated);
    String plan = generated.queryExecution().executedPlan().toString();
    String name = stage.sqlFunctionName();
    assertTrue(plan.contains("*(") && plan.contains(name + "("),
        "expected whole-stage code generation around " + name + ": " + plan);

    List<Row> viaProjection = SparkTestSession.evaluated(
        SparkTestSession.Evaluation.PROJECTION, () -> sorted(stage.transform(data)));
    List<Row> viaInterpreter = SparkTestSession.evaluated(
        SparkTestSession.Evaluation.INTERPRETED, () -> sorted(stage.transform(data)));

    ElementwiseFunction f = stage.currentFunction();
    List<Column> reference = new ArrayList<>();
    reference.add(col("id"));
    for (String c : IN) {
      reference.add(ReferenceUdfs.udf(data.schema().apply(c).dataType(), f, "ref", c, true)
          .apply(col(c)));
    }
    List<Row> viaUdf = sorted(data.select(reference.toArray(new Column[0])));

    assertEquals(data.count(), viaCodegen.size());
    int nulls = 0;
    int out = 1 + AllTypes.COLUMNS.length;
    for (int r = 0; r < viaCodegen.size(); r++) {
      Row g = viaCodegen.get(r);
      Row u = viaUdf.get(r);
      for (int k = 0; k < IN.length; k++) {
        String where = what + " id=" + g.getInt(0) + " " + IN[k];
        Object expected = u.get(1 + k);
        assertSame(expected, g.get(out + k), where + " (generated code)");
        assertSame(expected, viaInterpreter.get(r).get(out + k), where + " (interpreted)");
        assertSame(expected, viaProjection.get(r).get(out + k), where + " (projection)");
        nulls += expected == null ? 1 : 0;
      }
    }
    return nulls;
  }

  static List<Row> sorted(Dataset<Row> df) {
    List<Row> rows = new ArrayList<>(df.collectAsList());
    rows.sort(java.util.Comparator.comparingInt(r -> r.getInt(0)));
    return rows;
  }

  static void assertSame(Object expected, Object actual, String where) {
    if (expected == null || actual == null) {
      assertEquals(expected, actual, where);
      return;
    }
    if (expected instanceof Vector) {
      assertEquals(expected.getClass(), actual.getClass(), where + ": storage");
      if (expected instanceof SparseVector) {
        SparseVector e = (SparseVector) expected;
        SparseVector a = (SparseVector) actual;
        assertEquals(e.size(), a.size(), where);
        assertEquals(Arrays.toString(e.indices()), Arrays.toString(a.indices()), where);
        assertBits(e.values(), a.values(), where);
      } else {
        assertBits(((DenseVector) expected).values(), ((DenseVector) actual).values(), where);
      }
      return;
    }
    List<?> e = toList(expected);
    List<?> a = toList(actual);
    assertEquals(e.size(), a.size(), where);
    for (int j = 0; j < e.size(); j++) {
      Object x = e.get(j);
      Object y = a.get(j);
      assertEquals(x.getClass(), y.getClass(), where);
      if (x instanceof Integer) { // Maxout's arg max
        assertEquals(x, y, where + "[" + j + "]");
      } else if (x instanceof Float) {
        assertEquals(Float.floatToRawIntBits((Float) x), Float.floatToRawIntBits((Float) y),
            where + "[" + j + "]: " + x + " vs " + y);
      } else {
        assertEquals(Double.doubleToRawLongBits((Double) x),
            Double.doubleToRawLongBits((Double) y), where + "[" + j + "]: " + x + " vs " + y);
      }
    }
  }

  private static List<?> toList(Object seq) {
    return scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) seq);
  }

  private static void assertBits(double[] e, double[] a, String where) {
    assertEquals(e.length, a.length, where);
    for (int j = 0; j < e.length; j++) {
      assertEquals(Double.doubleToRawLongBits(e[j]), Double.doubleToRawLongBits(a[j]),
          where + "[" + j + "]: " + e[j] + " vs " + a[j]);
    }
  }
}
