package io.github.sparkactivations.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkactivations.ml.ReLU;
import io.github.sparkactivations.ml.SparkTestSession;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ActivationStatisticsTest {

  private static SparkSession spark;

  // Rows of D units: unit 2 is always 0 (dead), unit 5 is positive in exactly 1 row (nearly
  // dead), unit 7 is NaN now and then; every 17th row is null.
  private static final int D = 9;
  private static final int N = 600;
  private static List<double[]> rows;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    Random r = new Random(11);
    rows = new ArrayList<>();
    for (int k = 0; k < N; k++) {
      if (k % 17 == 3) {
        rows.add(null);
        continue;
      }
      double[] x = new double[D];
      for (int i = 0; i < D; i++) {
        // Mostly zeros (sparse), the rest spread over several magnitudes, both signs.
        x[i] = r.nextDouble() < 0.6 ? 0.0 : r.nextGaussian() * Math.pow(10, r.nextInt(4) - 1);
      }
      x[2] = 0.0;
      x[5] = k == 10 ? 3.5 : -Math.abs(x[5]);
      if (k % 23 == 0) {
        x[7] = Double.NaN;
      }
      rows.add(x);
    }
  }

  /** The rows as a DataFrame of vectors (dense or sparse), arrays and a double column. */
  private static Dataset<Row> frame(boolean sparse) {
    List<Row> rs = new ArrayList<>();
    for (double[] x : rows) {
      Vector v = x == null ? null : sparse ? Vectors.dense(x).toSparse() : Vectors.dense(x);
      Double[] boxed = x == null ? null : Arrays.stream(x).boxed().toArray(Double[]::new);
      Float[] floats = x == null ? null : new Float[D];
      for (int i = 0; floats != null && i < D; i++) {
        floats[i] = (float) x[i];
      }
      rs.add(RowFactory.create(v, boxed, floats, x == null ? null : x[0]));
    }
    StructType schema = new StructType()
        .add("v", SQLDataTypes.VectorType())
        .add("a", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("af", DataTypes.createArrayType(DataTypes.FloatType))
        .add("d", DataTypes.DoubleType);
    return spark.createDataFrame(rs, schema);
  }

  @Test
  void againstADirectComputationOnDenseAndSparseVectors() {
    ActivationStatistics dense = ActivationStatistics.of(frame(false), "v");
    ActivationStatistics sparse = ActivationStatistics.of(frame(true), "v");
    ActivationStatistics array = ActivationStatistics.of(frame(false), "a");
    for (ActivationStatistics s : List.of(dense, sparse, array)) {
      StatisticsReference.check(s, rows, D);
    }
    // The same numbers in any storage give the same figures, to the bit.
    assertEquals(dense.toJson().replace("\"v\"", "\"a\""), array.toJson());
    assertEquals(dense.toJson(), sparse.toJson());
    assertEquals(List.of(2), dense.getDeadUnits());
    assertEquals(List.of(5), dense.getNearlyDeadUnits());
    assertEquals(N / 17 + 1, dense.getNullRows());
  }

  @Test
  void floatArraysAndNumericColumns() {
    Dataset<Row> df = frame(false);
    List<double[]> floats = new ArrayList<>();
    List<double[]> firsts = new ArrayList<>();
    for (double[] x : rows) {
      floats.add(x == null ? null : Arrays.stream(x).map(v -> (float) v).toArray());
      firsts.add(x == null ? null : new double[] {x[0]});
    }
    StatisticsReference.check(ActivationStatistics.of(df, "af"), floats, D);
    ActivationStatistics d = ActivationStatistics.of(df, "d");
    StatisticsReference.check(d, firsts, 1);
    assertEquals(1, d.getSize());
    // Integral columns are numbers too.
    ActivationStatistics ints = ActivationStatistics.of(
        df.selectExpr("cast(d * 10 as int) as i"), "i");
    assertEquals(N - N / 17 - 1, ints.getRows());
  }

  @Test
  void multiPartitionFiguresEqualSinglePartitionOnes() {
    for (boolean sparse : new boolean[] {false, true}) {
      Dataset<Row> df = frame(sparse);
      String one = ActivationStatistics.of(df.coalesce(1), "v").toJson();
      String seven = ActivationStatistics.of(df.repartition(7), "v").toJson();
      String shuffled = ActivationStatistics.of(df.orderBy(org.apache.spark.sql.functions.rand(3))
          .repartition(3), "v").toJson();
      assertEquals(one, seven);
      assertEquals(one, shuffled);
    }
  }

  @Test
  void severalColumnsInOnePassAndThroughObserve() throws InterruptedException {
    Dataset<Row> df = frame(true);
    Map<String, ActivationStatistics> m = ActivationStatistics.of(df, "v", "a", "d");
    assertEquals(List.of("v", "a", "d"), new ArrayList<>(m.keySet()));
    assertEquals(ActivationStatistics.of(df, "d").toJson(), m.get("d").toJson());

    ActivationStatistics.Options o = ActivationStatistics.Options.defaults();
    Observation obs = new Observation("stats");
    df.observe(obs, ActivationStatistics.aggregate(df.schema(), "v", o).as("v"))
        .write().format("noop").mode("overwrite").save();
    ActivationStatistics observed = ActivationStatistics.fromAggregate("v", obs.get().apply("v"), o);
    assertEquals(m.get("v").toJson(), observed.toJson());
  }

  @Test
  void histogramIsExactForFewDistinctValuesAndCountsEverything() {
    ActivationStatistics s = ActivationStatistics.of(frame(true), "v",
        ActivationStatistics.Options.defaults().withBins(7));
    Histogram h = s.getHistogram();
    assertTrue(h.isExact());
    assertEquals(7, h.getBins());
    assertEquals(8, h.getEdges().length);
    long[] expected = new long[7];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] x : rows) {
      for (int i = 0; x != null && i < D; i++) {
        if (!Double.isNaN(x[i])) {
          lo = Math.min(lo, x[i]);
          hi = Math.max(hi, x[i]);
        }
      }
    }
    assertEquals(lo, h.getLow());
    assertEquals(hi, h.getHigh());
    for (double[] x : rows) {
      for (int i = 0; x != null && i < D; i++) {
        if (!Double.isNaN(x[i])) {
          int b = (int) Math.min(6, Math.floor((x[i] - lo) / (hi - lo) * 7));
          expected[b]++;
        }
      }
    }
    assertEquals(Arrays.toString(expected), Arrays.toString(h.getCounts()));
    assertEquals(s.getElements() - s.getNaNCount(), Arrays.stream(h.getCounts()).sum());
  }

  @Test
  void infinitiesSaturationAndAStageCap() {
    ReLU relu6 = new ReLU().setMaxValue(6).setInputCol("v").setOutputCol("out");
    List<Row> scaled = new ArrayList<>();
    for (double[] x : rows) {
      scaled.add(RowFactory.create(x == null ? null
          : Vectors.dense(Arrays.stream(x).map(v -> v * 10).toArray())));
    }
    Dataset<Row> out = relu6.setHandleInvalid("keep").transform(spark.createDataFrame(scaled,
        new StructType().add("v", SQLDataTypes.VectorType())));
    ActivationStatistics s = ActivationStatistics.of(out, relu6).get("out");
    long atSix = 0;
    long elements = 0;
    for (double[] x : rows) {
      for (int i = 0; x != null && i < D; i++) {
        elements++;
        atSix += x[i] * 10 >= 6 ? 1 : 0;
      }
    }
    assertEquals(6.0, s.getCap().getAsDouble());
    assertEquals(atSix, s.getAtCapCount());
    assertEquals((double) atSix / elements, s.getSaturation());
    assertTrue(s.toJson().contains("\"saturation\""));
    assertTrue(Double.isNaN(ActivationStatistics.of(out, "out").getSaturation()));

    Dataset<Row> inf = spark.createDataFrame(List.of(
        RowFactory.create(Vectors.dense(Double.POSITIVE_INFINITY, 1, Double.NEGATIVE_INFINITY)),
        RowFactory.create(Vectors.dense(1, 2, Double.POSITIVE_INFINITY)),
        RowFactory.create(Vectors.dense(3, 4, 5))),
        new StructType().add("v", SQLDataTypes.VectorType()));
    ActivationStatistics i = ActivationStatistics.of(inf, "v");
    assertEquals(Double.POSITIVE_INFINITY, i.getUnit(0).mean());
    assertTrue(Double.isNaN(i.getUnit(0).std()));
    assertEquals(Double.POSITIVE_INFINITY, i.getUnit(0).max());
    assertEquals(7.0 / 3, i.getUnit(1).mean());
    assertTrue(Double.isNaN(i.getUnit(2).mean()));
    assertEquals(Double.NEGATIVE_INFINITY, i.getUnit(2).min());
    assertEquals(2, i.getHistogram().getPositiveInfinity());
    assertEquals(1, i.getHistogram().getNegativeInfinity());
    assertEquals(1.0, i.getHistogram().getLow());
    assertEquals(5.0, i.getHistogram().getHigh());
  }

  @Test
  void preActivationFlagsTheUnitsReluWouldKill() {
    // 200 rows, 5 units: unit 0 always negative, unit 1 negative in 198, unit 2 in 196,
    // unit 3 in half, unit 4 always exactly 0.
    List<Row> rs = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      rs.add(RowFactory.create(Vectors.dense(-1 - k, k < 198 ? -0.5 : 0.5, k < 196 ? -2 : 2,
          k % 2 == 0 ? -1 : 1, 0.0)));
    }
    rs.add(RowFactory.create((Object) null));
    Dataset<Row> df = spark.createDataFrame(rs, new StructType()
        .add("z", SQLDataTypes.VectorType()));
    PreActivationReport r = ActivationStatistics.preActivation(df, "z");
    assertEquals(List.of(0, 1, 4), r.getAtRiskUnits());
    assertEquals("[1.0, 0.99, 0.98, 0.5, 1.0]", Arrays.toString(r.getNonPositiveFractions()));
    assertEquals(1, r.getInputStatistics().getNullRows());
    assertEquals(List.of(0, 1, 2, 4),
        ActivationStatistics.preActivation(df, "z", 0.98).getAtRiskUnits());
    assertEquals(5, r.toDataFrame().count());
    assertTrue(r.toJson().contains("\"atRiskUnits\" : [ 0, 1, 4 ]"), r.toJson());
  }

  @Test
  void toDataFrameHasOneRowPerUnit() {
    ActivationStatistics s = ActivationStatistics.of(frame(true), "v");
    List<Row> units = s.toDataFrame(spark).orderBy("unit").collectAsList();
    assertEquals(D, units.size());
    assertEquals(ActivationStatistics.UNIT_SCHEMA, s.toDataFrame().schema());
    Row two = units.get(2);
    assertEquals(2, two.getInt(0));
    assertEquals(0.0, two.getDouble(2));
    assertTrue(two.getBoolean(8));
    assertTrue(units.get(5).getBoolean(9));
    assertEquals(s.getUnit(7).nanCount(), units.get(7).getLong(7));
  }

  @Test
  void emptyAndAllNullColumns() {
    Dataset<Row> df = frame(false).limit(0);
    ActivationStatistics s = ActivationStatistics.of(df, "v");
    assertEquals(0, s.getRows());
    assertEquals(-1, s.getSize());
    assertTrue(Double.isNaN(s.getSparsity()));
    assertEquals(0, s.getHistogram().getBins());
    ActivationStatistics nulls = ActivationStatistics.of(frame(false).where("v is null"), "v");
    assertEquals(N / 17 + 1, nulls.getNullRows());
    assertEquals(0, nulls.getUnits().size());
    assertTrue(nulls.toJson().contains("\"nullRows\" : 36"), nulls.toJson());
  }

  @Test
  void rowsOfDifferentSizesAndNullArrayElements() {
    Dataset<Row> df = spark.createDataFrame(List.of(
        RowFactory.create((Object) new Double[] {1.0, -2.0}),
        RowFactory.create((Object) new Double[] {3.0, null, 0.0}),
        RowFactory.create((Object) new Double[] {})),
        new StructType().add("a", DataTypes.createArrayType(DataTypes.DoubleType)));
    ActivationStatistics s = ActivationStatistics.of(df, "a");
    assertEquals(-1, s.getSize());
    assertEquals(0, s.getMinSize());
    assertEquals(3, s.getMaxSize());
    assertEquals(1, s.getNullElements());
    assertEquals(4, s.getElements());
    assertEquals(2, s.getUnit(0).count());
    assertEquals(1, s.getUnit(1).count());
    assertEquals(-2.0, s.getUnit(1).mean());
    assertEquals(List.of(1, 2), s.getDeadUnits());
    assertEquals(0.25, s.getSparsity());
  }

  @Test
  void badInputIsRejectedWithTheColumnAndTypes() {
    Dataset<Row> df = frame(false).selectExpr("v", "'x' as s");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ActivationStatistics.of(df, "s"));
    assertEquals("ActivationStatistics: column 's' must be a vector, an array of numbers or a "
        + "number, but is string", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ActivationStatistics.of(df, "nope"));
    assertTrue(e.getMessage().contains("column 'nope' does not exist"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ActivationStatistics.Options.defaults().withBins(0));
    assertThrows(IllegalArgumentException.class,
        () -> ActivationStatistics.Options.defaults().withNearlyDeadBelow(1.5));
    assertThrows(IllegalArgumentException.class,
        () -> ActivationStatistics.Options.defaults().withCap(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class,
        () -> ActivationStatistics.preActivation(df, "v", Double.NaN));
  }
}
