package io.github.sparkactivations.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.sparkactivations.ml.LeakyReLU;
import io.github.sparkactivations.ml.ReLU;
import io.github.sparkactivations.ml.SparkTestSession;
import io.github.sparkactivations.stats.ActivationStatistics;
import io.github.sparkactivations.stats.StatisticsReference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch job end to end at local[2]. */
class ActivationJobTest {
  @TempDir
  Path dir;

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  private ActivationSummary run(String... args) {
    return ActivationJob.run(spark, JobConfig.fromArgs(args));
  }

  @Test
  void defaultConfigOnTheBundledDataAndItsSummaryFigures() throws Exception {
    String out = dir.resolve("out").toString();
    ActivationSummary s = run("--output", out);
    assertEquals(569, s.rowsIn);
    assertEquals(569, s.rowsOut);
    assertEquals(List.of("relu6", "elu"), List.of(s.columns.get(0).getColumn(),
        s.columns.get(1).getColumn()));

    // The summary against a direct computation on the output read back.
    Dataset<Row> written = spark.read().parquet(out);
    for (int c = 0; c < 2; c++) {
      List<double[]> values = new ArrayList<>();
      for (Row r : written.select(s.columns.get(c).getColumn()).collectAsList()) {
        values.add(((Vector) r.get(0)).toArray());
      }
      StatisticsReference.check(s.columns.get(c), values, 30);
    }
    // Observed while writing = computed on the output read back, to the bit.
    ActivationStatistics.Options o = ActivationStatistics.Options.defaults();
    assertEquals(ActivationStatistics.of(written, "relu6", o.withCap(6)).toJson(),
        s.columns.get(0).toJson());
    assertEquals(ActivationStatistics.of(written, "elu", o).toJson(), s.columns.get(1).toJson());
    // Standardized features through ReLU6: about half the outputs are zero, a few at the cap.
    ActivationStatistics relu6 = s.columns.get(0);
    assertTrue(relu6.getSparsity() > 0.4 && relu6.getSparsity() < 0.7);
    assertTrue(relu6.getAtCapCount() > 0);
    assertTrue(s.toString().contains("at cap 6.0: "), s.toString());

    JsonNode json = new ObjectMapper().readTree(
        Files.readString(Path.of(out, ActivationJob.SUMMARY_FILE)));
    assertEquals(569, json.get("rowsIn").asLong());
    assertEquals(569, json.get("rowsOut").asLong());
    JsonNode first = json.get("columns").get(0);
    assertEquals("relu6", first.get("column").asText());
    assertEquals(relu6.getSparsity(), first.get("sparsity").asDouble());
    assertEquals(30, first.get("units").size());
    assertEquals(relu6.getUnit(4).mean(), first.get("units").get(4).get("mean").asDouble());
    assertEquals(relu6.getAtCapCount(), first.get("saturation").get("count").asLong());
    assertEquals(20, first.get("histogram").get("counts").size());
  }

  @Test
  void summaryOptionsFromTheConfiguration() {
    ActivationSummary s = run("--synthetic-rows", "300", "--dim", "6", "--output",
        dir.resolve("options").toString(), "--stages", "r", "--stage.r.type", "ReLU",
        "--summary.bins", "7", "--summary.nearlyDeadBelow", "0.6");
    ActivationStatistics r = s.columns.get(0);
    assertEquals(7, r.getHistogram().getBins());
    assertEquals(0.6, r.getOptions().nearlyDeadBelow());
    // Standard normal inputs: each unit is active in about half the rows, under 0.6.
    assertEquals(List.of(0, 1, 2, 3, 4, 5), r.getNearlyDeadUnits());
  }

  @Test
  void syntheticDataAreDeterministicForASeed() {
    List<Row> a = SyntheticData.generate(spark, 300, 50, 0.1, 9, 1).orderBy("id")
        .collectAsList();
    List<Row> b = SyntheticData.generate(spark, 300, 50, 0.1, 9, 3).orderBy("id")
        .collectAsList();
    List<Row> c = SyntheticData.generate(spark, 300, 50, 0.1, 10, 1).orderBy("id")
        .collectAsList();
    assertEquals(a, b, "the same seed gives the same rows, whatever the partitioning");
    assertNotEquals(a, c);
    long stored = 0;
    for (Row r : a) {
      assertTrue(r.get(1) instanceof SparseVector);
      stored += ((SparseVector) r.get(1)).numActives();
    }
    assertEquals(0.1, stored / (300.0 * 50), 0.02);
    Vector dense = SyntheticData.vector(5, 16, 1.0, 9);
    assertTrue(dense instanceof DenseVector);
    assertEquals(dense, SyntheticData.vector(5, 16, 1.0, 9));
    SparseVector wide = (SparseVector) SyntheticData.vector(1, 100_000, 0.001, 9);
    assertTrue(wide.numActives() > 50 && wide.numActives() < 160, "" + wide.numActives());
  }

  @Test
  void syntheticRunOutputsEveryRowWithExactValues() {
    String out = dir.resolve("synthetic").toString();
    ActivationSummary s = run("--synthetic-rows", "2000", "--dim", "20", "--density", "0.3",
        "--seed", "5", "--output", out, "--stages", "leaky", "--stage.leaky.type", "LeakyReLU",
        "--stage.leaky.alpha", "0.5");
    assertEquals(2000, s.rowsIn);
    assertEquals(2000, s.rowsOut);
    for (Row r : spark.read().parquet(out).filter("id < 20").collectAsList()) {
      Vector in = SyntheticData.vector(r.getLong(0), 20, 0.3, 5);
      double[] x = in.toArray();
      double[] y = ((Vector) r.getAs("leaky")).toArray();
      for (int i = 0; i < 20; i++) {
        assertEquals(x[i] > 0 ? x[i] : 0.5 * x[i], y[i]);
      }
      assertTrue(r.getAs("leaky") instanceof SparseVector, "sparse stays sparse");
    }
  }

  @Test
  void appliesASavedPipelineModel() throws Exception {
    String model = dir.resolve("model").toString();
    new PipelineModel("m", new Transformer[] {
        new ReLU().setInputCol("features").setOutputCol("r"),
        new LeakyReLU().setAlpha(0.2).setInputCol("features").setOutputCol("l")})
        .write().save(model);
    String out = dir.resolve("from-model").toString();
    ActivationSummary s = run("--synthetic-rows", "500", "--dim", "8", "--output", out,
        "--pipeline", model);
    assertEquals(500, s.rowsOut);
    assertEquals(List.of("r", "l"), List.of(s.columns.get(0).getColumn(),
        s.columns.get(1).getColumn()));
    Row r = spark.read().parquet(out).filter("id = 3").first();
    double[] x = SyntheticData.vector(3, 8, 1.0, 42).toArray();
    double[] relu = ((Vector) r.getAs("r")).toArray();
    for (int i = 0; i < 8; i++) {
      assertEquals(Math.max(x[i], 0.0), relu[i]);
    }
  }

  private String error(String... args) {
    return assertThrows(ConfigException.class, () -> run(args)).getMessage();
  }

  @Test
  void dataDependentConfigErrorsNameTheKey() throws Exception {
    String out = dir.resolve("o").toString();
    String m = error("--output", out, "--features.columns", "mean_radius, no_such");
    assertTrue(m.contains("config key 'features.columns'") && m.contains("no column 'no_such'"),
        m);
    m = error("--output", out, "--input", dir.resolve("absent.parquet").toString(),
        "--input.format", "parquet");
    assertTrue(m.contains("config key 'input.path'") && m.contains("does not exist"), m);
    m = error("--output", out, "--pipeline", dir.resolve("no-model").toString());
    assertTrue(m.contains("config key 'pipeline.path'") && m.contains("does not exist"), m);
    m = error("--output", out, "--stage.elu.inputCol", "nope");
    assertTrue(m.contains("config key 'stage.elu'") && m.contains("input column 'nope' does "
        + "not exist"), m);
    m = error("--output", out, "--output.format", "csv");
    assertTrue(m.contains("config key 'output.format'") && m.contains("csv cannot hold"), m);
    m = error("--output", out, "--features.columns", "mean_radius, target",
        "--features.exclude", "", "--features.vectorColumn", "x");
    assertTrue(m.contains("not both"), m);
    Files.createDirectories(Path.of(out));
    m = error("--output", out, "--output.mode", "errorifexists");
    assertTrue(m.contains("config key 'output.path'") && m.contains("already exists"), m);
  }
}
