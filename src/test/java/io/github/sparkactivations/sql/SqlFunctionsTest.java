package io.github.sparkactivations.sql;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkactivations.ml.AllTypes;
import io.github.sparkactivations.ml.CELU;
import io.github.sparkactivations.ml.ELU;
import io.github.sparkactivations.ml.ElementwiseActivation;
import io.github.sparkactivations.ml.GELU;
import io.github.sparkactivations.ml.LeakyReLU;
import io.github.sparkactivations.ml.Mish;
import io.github.sparkactivations.ml.PReLU;
import io.github.sparkactivations.ml.ReLU;
import io.github.sparkactivations.ml.SELU;
import io.github.sparkactivations.ml.SiLU;
import io.github.sparkactivations.ml.Softplus;
import io.github.sparkactivations.ml.SparkTestSession;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL functions (registered by {@link ActivationExtensions} through
 * {@code spark.sql.extensions}, as the shared test session sets it) and the Java
 * {@link ActivationFunctions}: the same bits as the stages on every column type, sparse kept
 * sparse, nulls, and analysis-time errors that name the function and the argument.
 */
class SqlFunctionsTest {
  private static final String[] IN = AllTypes.COLUMNS;
  private static SparkSession spark;
  private static Dataset<Row> input;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MAX_VALUE, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 6.0, -1.0, 0.5};
    Random rnd = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < 200; id++) {
      Object[] values = Arrays.copyOf(AllTypes.values(id, AllTypes.elements(rnd, 3, special, 4)),
          AllTypes.COLUMNS.length + 2);
      values[values.length - 1] = "s";
      rows.add(RowFactory.create(values));
    }
    input = spark.createDataFrame(rows, AllTypes.schema().add("s", DataTypes.StringType))
        .repartition(2).cache();
    input.createOrReplaceTempView("t");
  }

  @AfterAll
  static void tearDown() {
    input.unpersist();
    spark.catalog().dropTempView("t");
    spark.catalog().dropTempView("local_rows");
  }

  static Stream<Arguments> calls() {
    return Stream.of(
        call("relu(%s)", ReLU::new),
        call("relu(%s, 0.5, 6)", () -> new ReLU().setThreshold(0.5).setMaxValue(6.0)),
        call("relu(%s, -1)", () -> new ReLU().setThreshold(-1.0)),
        call("relu_derivative(%s, 0, 6.0)", () -> new ReLU().setMaxValue(6.0)
            .setDerivative(true)),
        call("leaky_relu(%s)", LeakyReLU::new),
        call("leaky_relu(%s, 0.2D)", () -> new LeakyReLU().setAlpha(0.2)),
        call("leaky_relu_derivative(%s, -0.5)", () -> new LeakyReLU().setAlpha(-0.5)
            .setDerivative(true)),
        call("prelu(%s, 0.3)", () -> new PReLU().setAlpha(0.3)),
        call("prelu_derivative(%s, 0.3)", () -> new PReLU().setAlpha(0.3)
            .setDerivative(true)),
        call("elu(%s)", ELU::new),
        call("elu(%s, 2.5)", () -> new ELU().setAlpha(2.5)),
        call("elu_derivative(%s, 2.5)", () -> new ELU().setAlpha(2.5).setDerivative(true)),
        call("selu(%s)", SELU::new),
        call("selu_derivative(%s)", () -> new SELU().setDerivative(true)),
        call("celu(%s, 0.5)", () -> new CELU().setAlpha(0.5)),
        call("silu_derivative(%s)", () -> new SiLU().setDerivative(true)),
        call("softplus(%s, 2, 5)", () -> new Softplus().setBeta(2.0).setThreshold(5.0)),
        call("gelu(%s)", GELU::new),
        call("gelu(%s, 'tanh')", () -> new GELU().setApproximate("tanh")),
        call("gelu_derivative(%s, 'none')", () -> new GELU().setDerivative(true)),
        call("mish(%s)", Mish::new));
  }

  private static Arguments call(String sql, Supplier<ElementwiseActivation<?>> stage) {
    return Arguments.of(sql, stage);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void sqlFunctionsGiveTheStagesBitsOnEveryColumnType(String sql,
      Supplier<ElementwiseActivation<?>> make) {
    List<String> exprs = new ArrayList<>(List.of("id"));
    for (String c : IN) {
      exprs.add(String.format(sql, c));
    }
    List<Row> viaSql = sorted(spark.sql("SELECT " + String.join(", ", exprs) + " FROM t"));
    String[] outs = Arrays.stream(IN).map(c -> "y_" + c).toArray(String[]::new);
    List<Row> viaStage = sorted(make.get().setInputCols(IN).setOutputCols(outs).transform(input)
        .select("id", outs));
    // The Java Column functions are the same expressions.
    ElementwiseActivation<?> stage = make.get();
    List<Row> viaColumns = sorted(input.select(Stream.concat(Stream.of(col("id")),
        Arrays.stream(IN).map(c -> ActivationFunctions.activate(stage, col(c))))
        .toArray(org.apache.spark.sql.Column[]::new)));
    assertEquals(200, viaSql.size());
    for (int r = 0; r < viaSql.size(); r++) {
      for (int k = 1; k <= IN.length; k++) {
        String where = sql + " on " + IN[k - 1] + " id=" + r;
        assertEquals(canon(viaStage.get(r).get(k)), canon(viaSql.get(r).get(k)), where);
        assertEquals(canon(viaStage.get(r).get(k)), canon(viaColumns.get(r).get(k)), where);
      }
      // Sparse stays sparse exactly where the stage keeps it sparse.
      assertEquals(viaStage.get(r).get(2).getClass(), viaSql.get(r).get(2).getClass(), sql);
    }
  }

  /**
   * EXPLAIN CODEGEN (and {@code debugCodegen}, the same printer) shows the generated code: the
   * printer reads a {@code $} in a code comment as a regex group reference, and the function's
   * name in a comment held one until the thirteenth session ("Illegal group reference").
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void explainCodegenPrintsTheGeneratedCode(String sql, Supplier<ElementwiseActivation<?>> make) {
    List<String> exprs = new ArrayList<>();
    for (String c : IN) {
      exprs.add(String.format(sql, c));
    }
    // Local rows: no exchange under the projection, so adaptive execution leaves the plan as
    // it is and EXPLAIN finds its generated code.
    spark.createDataFrame(input.limit(3).collectAsList(), input.schema())
        .createOrReplaceTempView("local_rows");
    String plan = spark.sql("EXPLAIN CODEGEN SELECT " + String.join(", ", exprs)
        + " FROM local_rows").first().getString(0);
    assertTrue(plan.contains("Generated code:") && plan.contains("VectorRows"), plan);
  }

  @Test
  void perElementSlopesAndNamesAndTypes() {
    Dataset<Row> out = spark.sql("SELECT prelu(ad, array(0.1, 0, 2)) AS p, relu(vs) AS r, "
        + "relu(3), relu(CAST(-2 AS FLOAT)), relu(NULL), relu(CAST(NULL AS ARRAY<DOUBLE>)) "
        + "FROM t WHERE id = 0");
    StructType schema = out.schema();
    assertEquals(DataTypes.createArrayType(DataTypes.DoubleType, false),
        schema.apply("p").dataType());
    assertEquals(SQLDataTypes.VectorType(), schema.apply("r").dataType());
    assertEquals("relu(3)", schema.fieldNames()[2]);
    assertEquals(DataTypes.FloatType, schema.apply(3).dataType());
    Row row = out.first();
    assertInstanceOf(SparseVector.class, row.get(1));
    assertEquals(3.0, row.getDouble(2));
    assertEquals(0.0f, row.getFloat(3));
    assertTrue(row.isNullAt(4) && row.isNullAt(5));

    Row x = spark.sql("SELECT ad FROM t WHERE id = 0").first();
    List<Object> a = toList(x.get(0));
    double[] alphas = {0.1, 0, 2};
    List<Object> p = toList(row.get(0));
    for (int i = 0; i < 3; i++) {
      double xi = (Double) a.get(i);
      double expected = io.github.sparkactivations.math.LeakyReLUFunction.value(xi, alphas[i]);
      assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits((Double) p.get(i)),
          "prelu element " + i + " of " + a);
    }
    assertEquals("relu(vd)", input.select(ActivationFunctions.relu(col("vd"))).columns()[0]);
    assertEquals("relu(vd, 0.0, 6.0)",
        input.select(ActivationFunctions.relu(col("vd"), 0, 6)).columns()[0]);
  }

  /** Constant arguments are folded at planning time (eval) and shipped to tasks as literals. */
  @Test
  void constantArgumentsAreFoldedCorrectly() {
    Row r = spark.sql("SELECT relu(array(1D, -2D, -0D)), elu(array(CAST(-1 AS FLOAT))), "
        + "selu_derivative(2), id FROM t WHERE id < 3").orderBy("id").collectAsList().get(2);
    assertEquals("[1.0, 0.0, 0.0]", toList(r.get(0)).toString());
    assertEquals(List.of((float) Math.expm1(-1.0)), toList(r.get(1)));
    assertEquals(io.github.sparkactivations.math.SELUFunction.LAMBDA, r.getDouble(2));
  }

  @Test
  void aSparseVectorTooLargeForADenseOutputFailsTheQueryNamingTheFunction() {
    int huge = VectorRows.MAX_DENSE + 1;
    Dataset<Row> big = spark.createDataFrame(List.of(RowFactory.create(
            org.apache.spark.ml.linalg.Vectors.sparse(huge, new int[] {5}, new double[] {-1.0}))),
        new StructType().add("v", SQLDataTypes.VectorType())).repartition(1);
    Exception e = assertThrows(Exception.class,
        () -> big.select(ActivationFunctions.leaky_relu_derivative(col("v"), 0.5)).collect());
    String m = messages(e);
    assertTrue(m.contains("leaky_relu_derivative: argument")
        && m.contains("has a sparse row of size " + huge + ", whose output is dense "
            + "(leaky_relu_derivative(0) = 0.5, not 0)"), m);
    // f(0) = 0: the output stays sparse, whatever its size.
    Row r = big.select(ActivationFunctions.leaky_relu(col("v"), 0.5)).first();
    assertEquals(org.apache.spark.ml.linalg.Vectors.sparse(huge, new int[] {5},
        new double[] {-0.5}), r.get(0));
  }

  @Test
  void aNullElementFailsTheQueryNamingTheFunctionAndArgument() {
    Exception e = assertThrows(Exception.class, () -> spark.sql(
        "SELECT relu(array(1D, NULL, -1D)) FROM t").collect());
    String m = messages(e);
    assertTrue(m.contains("relu: argument") && m.contains("has a null element at index 1"), m);
  }

  @Test
  void wrongArgumentsFailAtAnalysisNamingTheFunctionAndTheArgument() {
    assertAnalysisError("SELECT relu(s) FROM t", "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
        "\"relu(s)\"", "\"STRING\"", "The first parameter");
    assertAnalysisError("SELECT selu(vd, 1) FROM t", "WRONG_NUM_ARGS", "`selu`",
        "requires 1 parameters", "actual number is 2");
    assertAnalysisError("SELECT relu(vd, 0, 6, 7) FROM t", "WRONG_NUM_ARGS", "`relu`",
        "between 1 and 3");
    assertAnalysisError("SELECT relu() FROM t", "WRONG_NUM_ARGS", "`relu`");
    assertAnalysisError("SELECT relu(vd, nd) FROM t", "NON_FOLDABLE_INPUT",
        "\"relu(t.vd, t.nd)\"", "`threshold`");
    assertAnalysisError("SELECT elu(vd, 'x') FROM t", "UNEXPECTED_INPUT_TYPE",
        "\"elu(t.vd, 'x')\"", "second parameter");
    // The value as written, the Param it sets, and what that Param takes.
    assertAnalysisError("SELECT relu(vd, 0, -1) FROM t", "TYPE_CHECK_FAILURE_WITH_HINT",
        "invalid value -1 for `maxValue` (the cap on the output (> 0, > threshold; "
            + "+Infinity for none))");
    assertAnalysisError("SELECT prelu(vd, array(0.1, double('NaN'))) FROM t",
        "TYPE_CHECK_FAILURE_WITH_HINT", "for `alphas` (the slope for x <= 0 of each element");
    assertAnalysisError("SELECT relu(vd, 2, 1) FROM t", "TYPE_CHECK_FAILURE_WITH_HINT",
        "maxValue must be greater than threshold");
    assertAnalysisError("SELECT elu(vd, double('Infinity')) FROM t", "TYPE_CHECK_FAILURE_WITH_HINT",
        "`alpha`");
    assertAnalysisError("SELECT prelu(nd, array(0.1, 0.2)) FROM t",
        "TYPE_CHECK_FAILURE_WITH_HINT", "prelu has 2 per-element parameters");
    assertAnalysisError("SELECT leaky_relu(vd, NULL) FROM t", "second parameter", "\"VOID\"");
    // A string argument (GELU's approximate): its type, its value, and constant-ness.
    assertAnalysisError("SELECT gelu(vd, 1) FROM t", "UNEXPECTED_INPUT_TYPE", "\"gelu(t.vd, 1)\"",
        "second parameter", "\"STRING\"");
    assertAnalysisError("SELECT gelu(vd, 'erf') FROM t", "TYPE_CHECK_FAILURE_WITH_HINT",
        "`approximate`", "'erf'");
    assertAnalysisError("SELECT gelu(vd, s) FROM t", "NON_FOLDABLE_INPUT", "`approximate`");
    assertAnalysisError("SELECT leaky_relu(vd, CAST(NULL AS DOUBLE)) FROM t",
        "`alpha` must not be null");
    // The Java functions fail when the Dataset is analysed, before anything runs.
    AnalysisException e = assertThrows(AnalysisException.class,
        () -> input.select(ActivationFunctions.elu(col("s"))));
    assertTrue(e.getMessage().contains("\"elu(s)\"") && e.getMessage().contains("\"STRING\""),
        e.getMessage());
  }

  @Test
  void describeFunctionShowsUsage() {
    String usage = spark.sql("DESCRIBE FUNCTION EXTENDED relu").collectAsList().toString();
    assertTrue(usage.contains("relu(x [, threshold [, maxValue]])")
        && usage.contains("maxValue - "), usage);
  }

  private static void assertAnalysisError(String sql, String... fragments) {
    AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql(sql), sql);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), sql + ": expected '" + f + "' in: "
          + e.getMessage());
    }
  }

  private static List<Row> sorted(Dataset<Row> df) {
    List<Row> rows = new ArrayList<>(df.collectAsList());
    rows.sort(java.util.Comparator.comparingInt(r -> r.getInt(0)));
    return rows;
  }

  private static List<Object> toList(Object seq) {
    return new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(
        (scala.collection.Seq<?>) seq));
  }

  /** A value as text that differs whenever the bits, the type or the storage differ. */
  private static String canon(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double) {
      return "d" + Long.toHexString(Double.doubleToRawLongBits((Double) v));
    }
    if (v instanceof Float) {
      return "f" + Integer.toHexString(Float.floatToRawIntBits((Float) v));
    }
    if (v instanceof SparseVector) {
      SparseVector s = (SparseVector) v;
      return "sparse" + s.size() + Arrays.toString(s.indices()) + canon(new DenseVector(
          s.values()));
    }
    if (v instanceof Vector) {
      StringBuilder b = new StringBuilder("dense");
      for (double d : ((Vector) v).toArray()) {
        b.append(' ').append(canon(d));
      }
      return b.toString();
    }
    StringBuilder b = new StringBuilder("array");
    for (Object o : toList(v)) {
      b.append(' ').append(canon(o));
    }
    return b.toString();
  }

  private static String messages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getMessage()).append('\n');
    }
    return b.toString();
  }
}
