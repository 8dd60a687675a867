package io.github.sparkactivations.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkactivations.ml.ELU;
import io.github.sparkactivations.ml.PReLU;
import io.github.sparkactivations.ml.ReLU;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.ml.Transformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and checking the job's configuration: every error names the key and the problem. */
class JobConfigTest {
  @TempDir
  Path dir;

  private static final String BASE = String.join("\n",
      "input.path = bundled:breast_cancer", "input.format = csv",
      "features.columns = *", "features.exclude = target",
      "stages = r", "stage.r.type = ReLU", "output.path = /tmp/x", "");

  private static String error(String text, String... args) {
    return assertThrows(ConfigException.class, () -> JobConfig.fromText(text)).getMessage();
  }

  private String errorArgs(String... args) {
    return assertThrows(ConfigException.class, () -> JobConfig.fromArgs(args)).getMessage();
  }

  private static void assertMessage(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "'" + message + "' lacks '" + p + "'");
    }
  }

  @Test
  void theDefaultConfigIsValidAndBuildsItsStages() {
    JobConfig c = JobConfig.fromArgs();
    assertEquals("bundled:breast_cancer", c.inputPath());
    List<Transformer> stages = c.stages();
    assertEquals(2, stages.size());
    assertEquals(6.0, ((ReLU) stages.get(0)).getMaxValue());
    assertEquals("relu6", stages.get(0).uid());
    assertEquals(1.0, ((ELU) stages.get(1)).getAlpha());
    assertEquals("elu", stages.get(1).uid());
  }

  @Test
  void everyParamTypeParses() {
    JobConfig c = JobConfig.fromText(BASE.replace("stage.r.type = ReLU",
        "stage.r.type = PReLU\nstage.r.alphas = 0.1, -0.2, 0\nstage.r.derivative = true\n"
            + "stage.r.handleInvalid = skip\nstage.r.outputCols = a, b\nstage.r.inputCols = x, y"));
    PReLU p = (PReLU) c.stages().get(0);
    assertArrayEquals(new double[] {0.1, -0.2, 0.0}, p.getAlphas());
    assertTrue(p.getDerivative());
    assertEquals("skip", p.getHandleInvalid());
    assertArrayEquals(new String[] {"x", "y"}, p.getInputCols());
    ReLU r = (ReLU) JobConfig.fromText(BASE + "stage.r.maxValue = inf\n").stages().get(0);
    assertEquals(Double.POSITIVE_INFINITY, r.getMaxValue());
  }

  @Test
  void unknownKey() {
    assertMessage(error(BASE + "ouput.path = /tmp/y\n"), "config key 'ouput.path'",
        "unknown key", "output.path");
  }

  @Test
  void unknownStage() {
    assertMessage(error(BASE.replace("type = ReLU", "type = Swish")),
        "config key 'stage.r.type'", "unknown stage 'Swish'",
        new java.util.TreeSet<>(io.github.sparkactivations.ml.StageCatalog.stages().keySet())
            .toString());
  }

  @Test
  void missingStageType() {
    assertMessage(error(BASE.replace("stage.r.type = ReLU", "stage.r.threshold = 1")),
        "config key 'stage.r.type'", "missing");
  }

  @Test
  void unknownParam() {
    assertMessage(error(BASE + "stage.r.alpha = 0.1\n"), "config key 'stage.r.alpha'",
        "ReLU has no Param 'alpha'", "maxValue", "threshold");
  }

  @Test
  void wrongValueTypes() {
    assertMessage(error(BASE + "stage.r.maxValue = six\n"), "config key 'stage.r.maxValue'",
        "expected a number, got 'six'");
    assertMessage(error(BASE + "stage.r.derivative = yes\n"), "config key 'stage.r.derivative'",
        "expected true or false, got 'yes'");
    assertMessage(error(BASE.replace("type = ReLU", "type = PReLU")
        + "stage.r.alphas = 0.1, x\n"), "config key 'stage.r.alphas'",
        "expected a comma-separated list of numbers");
    assertMessage(error(BASE + "features.standardize = 1\n"), "'features.standardize'",
        "expected true or false");
  }

  @Test
  void invalidParamValues() {
    assertMessage(error(BASE + "stage.r.maxValue = -1\n"), "config key 'stage.r.maxValue'",
        "invalid value '-1' for ReLU.maxValue");
    assertMessage(error(BASE + "stage.r.handleInvalid = drop\n"),
        "config key 'stage.r.handleInvalid'", "invalid value 'drop'");
  }

  @Test
  void stageSettingsMustBelongToAListedStage() {
    assertMessage(error(BASE + "stage.q.type = ELU\n"), "config key 'stage.q.type'",
        "stage 'q' is not listed in 'stages'");
    assertMessage(error(BASE.replace("stages = r", "stages = r, r")), "config key 'stages'",
        "names a stage twice");
    assertMessage(error(BASE.replace("stages = r\n", "").replace("stage.r.type = ReLU\n", "")),
        "config key 'stages'", "missing");
  }

  @Test
  void inputOutputAndFormats() {
    assertMessage(error(BASE.replace("input.path = bundled:breast_cancer\n", "")),
        "config key 'input.path'", "missing");
    assertMessage(error(BASE.replace("bundled:breast_cancer", "bundled:iris")),
        "config key 'input.path'", "no bundled data set 'iris'");
    assertMessage(error(BASE.replace("input.format = csv", "input.format = xls")),
        "config key 'input.format'", "expected one of [parquet, csv, json, orc, libsvm]");
    assertMessage(error(BASE + "output.format = avro\n"), "config key 'output.format'",
        "got 'avro'");
    assertMessage(error(BASE + "output.mode = replace\n"), "config key 'output.mode'");
    assertMessage(error(BASE.replace("output.path = /tmp/x\n", "")), "config key 'output.path'",
        "missing");
    assertMessage(error(BASE + "features.vectorColumn = v\n"), "config key 'features.columns'",
        "not both");
    assertMessage(error(BASE + "pipeline.path = /m\n"), "config key 'pipeline.path'",
        "not both");
  }

  @Test
  void syntheticOptions() {
    JobConfig c = JobConfig.fromArgs("--synthetic-rows", "1000", "--dim", "8", "--density",
        "0.5", "--seed", "7", "--output", "/tmp/s");
    assertTrue(c.isSynthetic());
    assertEquals(1000, c.syntheticRows());
    assertEquals(8, c.syntheticDim());
    assertEquals(0.5, c.syntheticDensity());
    assertEquals(7, c.syntheticSeed());
    assertEquals("features", c.featuresVectorColumn());
    assertMessage(errorArgs("--synthetic-rows", "0"), "'synthetic.rows'", "must be positive");
    assertMessage(errorArgs("--synthetic-rows", "10", "--density", "1.5"),
        "'synthetic.density'", "(0, 1]");
    assertMessage(errorArgs("--synthetic-rows", "many"), "'synthetic.rows'",
        "expected a positive whole number, got 'many'");
  }

  @Test
  void summaryKeys() {
    assertEquals(20, JobConfig.fromArgs().summaryBins());
    assertEquals(0.01, JobConfig.fromArgs().summaryNearlyDeadBelow());
    assertEquals(50, JobConfig.fromArgs("--summary.bins", "50").summaryBins());
    assertMessage(errorArgs("--summary.bins", "0"), "'summary.bins'", "must be positive");
    assertMessage(errorArgs("--summary.nearlyDeadBelow", "2"), "'summary.nearlyDeadBelow'",
        "must be in [0, 1], got 2.0");
  }

  @Test
  void commandLineOverridesTheFile() throws Exception {
    Path file = dir.resolve("job.conf");
    Files.writeString(file, BASE + "stage.r.maxValue = 6\n");
    JobConfig c = JobConfig.fromArgs("--config", file.toString(), "--stage.r.maxValue=7",
        "--output", "/tmp/other");
    assertEquals(7.0, ((ReLU) c.stages().get(0)).getMaxValue());
    assertEquals("/tmp/other", c.outputPath());
    assertEquals(file.toString(), c.source());
  }

  @Test
  void badCommandLines() {
    assertMessage(errorArgs("--config", dir.resolve("missing.conf").toString()),
        "missing.conf' cannot be read");
    assertMessage(errorArgs("output"), "unexpected argument 'output'");
    assertMessage(errorArgs("--output"), "flag --output needs a value");
    assertMessage(errorArgs("--stage.relu6.beta", "1"), "config key 'stage.relu6.beta'",
        "ReLU has no Param 'beta'");
  }
}
