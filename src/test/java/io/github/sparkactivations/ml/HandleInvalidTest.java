package io.github.sparkactivations.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Null values, null elements and wrong lengths under each handleInvalid mode. */
class HandleInvalidTest {
  private static SparkSession spark;
  private static Dataset<Row> df;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    StructType schema = new StructType()
        .add("id", DataTypes.IntegerType)
        .add("v", SQLDataTypes.VectorType())
        .add("a", DataTypes.createArrayType(DataTypes.DoubleType, true))
        .add("f", DataTypes.createArrayType(DataTypes.FloatType, true))
        .add("d", DataTypes.DoubleType)
        .add("g", DataTypes.FloatType);
    List<Row> rows = Arrays.asList(
        RowFactory.create(0, Vectors.dense(-1.0, 2.0), new Double[] {-1.0, 2.0},
            new Float[] {-1f, 2f}, -1.0, -1f),
        RowFactory.create(1, null, null, null, null, null),
        RowFactory.create(2, Vectors.sparse(2, new int[] {1}, new double[] {3.0}),
            new Double[] {null, 2.0}, new Float[] {1f, null}, Double.NaN, Float.NaN),
        RowFactory.create(3, Vectors.dense(1.0, 2.0, 3.0), new Double[] {4.0},
            new Float[] {}, 5.0, 5f));
    df = spark.createDataFrame(rows, schema).repartition(1).cache();
  }

  private static List<Row> run(ElementwiseActivation<?> stage, String column) {
    return run(stage, column, df);
  }

  private static List<Row> run(ElementwiseActivation<?> stage, String column, Dataset<Row> in) {
    return stage.setInputCol(column).setOutputCol("out").transform(in.select("id", column))
        .orderBy("id").collectAsList();
  }

  /** The rows but the all-null one. */
  private static Dataset<Row> withoutNullRow() {
    return df.filter("id != 1");
  }

  /** The full message of an exception and its causes. */
  private static String messages(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (; t != null; t = t.getCause()) {
      b.append(t.getMessage()).append('\n');
    }
    return b.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"v", "a", "f", "d", "g"})
  void errorModeNamesTheStageTheColumnAndTheProblem(String column) {
    ReLU relu = new ReLU();
    Exception e = assertThrows(Exception.class, () -> run(relu, column));
    String m = messages(e);
    assertTrue(m.contains("ReLU " + relu.uid()) && m.contains("column '" + column + "'")
        && m.contains("is null"), m);
  }

  @Test
  void nullElementsAreInvalid() {
    Exception e = assertThrows(Exception.class,
        () -> run(new ELU(), "a", withoutNullRow()));
    assertTrue(messages(e).contains("has a null element at index 0"), messages(e));
    List<Row> kept = run(new ELU().setHandleInvalid("keep"), "f");
    assertNull(kept.get(2).get(2));
    assertNotNull(kept.get(0).get(2));
  }

  @Test
  void wrongLengthForPReLUIsInvalid() {
    PReLU p = new PReLU().setAlphas(0.5, 0.1);
    Exception e = assertThrows(Exception.class,
        () -> run(p, "v", withoutNullRow()));
    assertTrue(messages(e).contains("has a row of 3 elements, but 2 are expected"),
        messages(e));
    List<Row> skipped = run(new PReLU().setAlphas(0.5, 0.1).setHandleInvalid("skip"), "a");
    // Row 1 is null, row 2 has a null element, row 3 has one element: only row 0 is left.
    assertEquals(1, skipped.size());
    assertEquals(Arrays.asList(-0.5, 2.0), skipped.get(0).getList(2));
    List<Row> kept = run(new PReLU().setAlphas(0.5, 0.1).setHandleInvalid("keep"), "v");
    assertEquals(4, kept.size());
    assertEquals(Vectors.dense(-0.5, 2.0), kept.get(0).get(2));
    assertNull(kept.get(1).get(2));
    assertEquals(Vectors.sparse(2, new int[] {1}, new double[] {3.0}), kept.get(2).get(2));
    assertNull(kept.get(3).get(2));
  }

  @ParameterizedTest
  @ValueSource(strings = {"v", "a", "f", "d", "g"})
  void skipDropsAndKeepNullsOnlyTheInvalidRows(String column) {
    List<Row> skipped = run(new LeakyReLU().setHandleInvalid("skip"), column);
    List<Row> kept = run(new LeakyReLU().setHandleInvalid("keep"), column);
    assertEquals(4, kept.size());
    assertNull(kept.get(1).get(2), "null in, null out");
    boolean nullElement = column.equals("a") || column.equals("f");
    int expected = nullElement ? 2 : 3;
    assertEquals(expected, skipped.size(), column);
    assertTrue(skipped.stream().noneMatch(r -> r.get(2) == null));
    assertTrue(skipped.stream().noneMatch(r -> r.getInt(0) == 1));
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("io.github.sparkactivations.ml.Stages#all")
  void everyStageHonoursEveryMode(Stages.Config config) {
    int size = config.stage().currentFunction().size();
    int n = size < 0 ? 2 : size;
    double[] values = new double[n];
    Arrays.fill(values, -2.0);
    Dataset<Row> in = spark.createDataFrame(Arrays.asList(
            RowFactory.create(0, Vectors.dense(values)), RowFactory.create(1, null),
            RowFactory.create(2, Vectors.dense(new double[n + 1]))),
        new StructType().add("id", DataTypes.IntegerType).add("v", SQLDataTypes.VectorType()));
    boolean sized = size >= 0;
    Exception e = assertThrows(Exception.class, () -> run(config.stage(), "v", in));
    assertTrue(messages(e).contains("column 'v'"), messages(e));
    List<Row> skipped = run(config.stage().setHandleInvalid("skip"), "v", in);
    assertEquals(sized ? List.of(0) : List.of(0, 2),
        skipped.stream().map(r -> r.getInt(0)).collect(java.util.stream.Collectors.toList()));
    List<Row> kept = run(config.stage().setHandleInvalid("keep"), "v", in);
    assertEquals(3, kept.size());
    assertNotNull(kept.get(0).get(2));
    assertNull(kept.get(1).get(2));
    assertEquals(sized, kept.get(2).get(2) == null);
  }

  /**
   * A sparse vector can be larger than any dense one Spark can hold in a row (264,305,671
   * values); where the output of such a row would be dense, the row is invalid, with or without
   * code generation. Before, Spark failed deep in its row writer ("Cannot grow BufferHolder by
   * size -1857467248 because the size is negative" for a size of 300,000,000).
   */
  @Test
  void aSparseRowTooLargeToBecomeDenseIsInvalid() {
    int huge = io.github.sparkactivations.sql.VectorRows.MAX_DENSE + 1;
    Dataset<Row> in = spark.createDataFrame(Arrays.asList(
            RowFactory.create(0, Vectors.sparse(3, new int[] {1}, new double[] {-2.0})),
            RowFactory.create(1, Vectors.sparse(huge, new int[] {5}, new double[] {1.0}))),
        new StructType().add("id", DataTypes.IntegerType).add("v", SQLDataTypes.VectorType()))
        .repartition(1);
    for (SparkTestSession.Evaluation how : List.of(SparkTestSession.Evaluation.WHOLE_STAGE,
        SparkTestSession.Evaluation.INTERPRETED)) {
      SparkTestSession.evaluated(how, () -> {
        Softplus softplus = new Softplus();
        Exception e = assertThrows(Exception.class, () -> run(softplus, "v", in));
        String m = messages(e);
        assertTrue(m.contains("Softplus " + softplus.uid()) && m.contains("column 'v'")
            && m.contains("has a sparse row of size " + huge + ", whose output is dense")
            && m.contains("at most 264305671 values"), m);
        List<Row> kept = run(new LeakyReLU().setDerivative(true).setHandleInvalid("keep"), "v",
            in);
        assertEquals(Vectors.dense(0.01, 0.01, 0.01), kept.get(0).get(2));
        assertNull(kept.get(1).get(2));
        List<Row> skipped = run(new ELU().setDerivative(true).setHandleInvalid("skip"), "v", in);
        assertEquals(1, skipped.size());
        assertEquals(0, skipped.get(0).getInt(0));
        // Where the output stays sparse, the size does not matter.
        List<Row> relu = run(new ReLU(), "v", in);
        assertEquals(Vectors.sparse(huge, new int[] {5}, new double[] {1.0}),
            relu.get(1).get(2));
      });
    }
  }

  @Test
  void nanIsNotInvalidItPropagates() {
    for (String c : new String[] {"d", "g"}) {
      List<Row> rows = run(new SELU(), c, withoutNullRow());
      Object y = rows.get(1).get(2);
      assertTrue(y instanceof Double ? ((Double) y).isNaN() : ((Float) y).isNaN(), c);
    }
  }

  @Test
  void invalidModeIsRejectedWhenSet() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ReLU().setHandleInvalid("ignore"));
    assertTrue(e.getMessage().contains("handleInvalid"), e.getMessage());
  }
}
