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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
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
    assertEquals(List.of("relu6", "elu"), List.of(s.columns.get(0).column,
        s.columns.get(1).column));

    // The summary against a direct computation on the output read back.
    List<Row> rows = spark.read().parquet(out).select("relu6", "elu", "target").collectAsList();
    assertEquals(569, rows.size());
    for (int c = 0; c < 2; c++) {
      int size = ((Vector) rows.get(0).get(c)).size();
      long zeros = 0;
      long[] nonZeroRows = new long[size];
      for (Row r : rows) {
        double[] v = ((Vector) r.get(c)).toArray();
        for (int i = 0; i < size; i++) {
          if (v[i] == 0.0) {
            zeros++;
          } else {
            nonZeroRows[i]++;
          }
        }
      }
      List<Integer> dead = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        if (nonZeroRows[i] == 0) {
          dead.add(i);
        }
      }
      ActivationSummary.ColumnSummary cs = s.columns.get(c);
      assertEquals(30, cs.size);
      assertEquals((double) zeros / (569.0 * size), cs.sparsity, 1e-12, cs.column);
      assertEquals(dead, cs.deadUnits, cs.column);
    }
    // Standardized features through ReLU6: about half the outputs are zero.
    assertTrue(s.columns.get(0).sparsity > 0.4 && s.columns.get(0).sparsity < 0.7);

    JsonNode json = new ObjectMapper().readTree(
        Files.readString(Path.of(out, ActivationJob.SUMMARY_FILE)));
    assertEquals(569, json.get("rowsIn").asLong());
    assertEquals(569, json.get("rowsOut").asLong());
    assertEquals(s.columns.get(0).sparsity, json.get("columns").get(0).get("sparsity").asDouble());
    assertEquals("relu6", json.get("columns").get(0).get("column").asText());
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
    assertEquals(List.of("r", "l"), List.of(s.columns.get(0).column, s.columns.get(1).column));
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
