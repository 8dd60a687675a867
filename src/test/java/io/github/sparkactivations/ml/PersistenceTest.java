package io.github.sparkactivations.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save and load of every stage alone and in a PipelineModel, and the Spark Connect list. */
class PersistenceTest {
  @TempDir
  Path dir;

  /**
   * Every stage, with every one of its Params set away from its default; then every
   * configuration of {@link Stages#all()} (so a new stage is saved and loaded with no edit here),
   * with its derivative.
   */
  static List<ElementwiseActivation<?>> configuredStages() {
    List<ElementwiseActivation<?>> all = new ArrayList<>(handConfigured());
    Set<Class<?>> seen = new java.util.HashSet<>();
    all.forEach(stage -> seen.add(stage.getClass()));
    for (Stages.Config c : Stages.all()) {
      ElementwiseActivation<?> stage = c.stage();
      if (seen.add(stage.getClass())) { // one per class: each save is a small Spark job
        all.add(stage.setInputCol("a").setOutputCol("b").setDerivative(true)
            .setHandleInvalid("skip"));
      }
    }
    return all;
  }

  private static List<ElementwiseActivation<?>> handConfigured() {
    return List.of(
        new ReLU().setThreshold(-0.5).setMaxValue(Double.POSITIVE_INFINITY)
            .setInputCol("a").setOutputCol("b").setHandleInvalid("keep").setDerivative(true),
        new ReLU().setMaxValue(6.0).setInputCols("a", "c").setOutputCols("b", "d"),
        new LeakyReLU().setAlpha(0.2).setInputCol("a").setHandleInvalid("skip"),
        new PReLU().setAlpha(0.3).setAlphas(0.1, -0.2, 0.0).setInputCol("a"),
        new ELU().setAlpha(2.5).setInputCol("a").setDerivative(true),
        new SELU().setInputCol("a").setOutputCol("b"));
  }

  private static void assertSameParams(ElementwiseActivation<?> expected, Transformer actual) {
    assertEquals(expected.getClass(), actual.getClass());
    assertEquals(expected.uid(), actual.uid());
    for (ParamPair<?> p : expected.extractParamMap().toList()) {
      Object want = p.value();
      Object got = actual.getOrDefault(actual.getParam(p.param().name()));
      if (want instanceof double[]) {
        assertArrayEquals((double[]) want, (double[]) got, p.param().name());
      } else if (want instanceof String[]) {
        assertArrayEquals((String[]) want, (String[]) got, p.param().name());
      } else {
        assertEquals(want, got, p.param().name());
      }
    }
    for (org.apache.spark.ml.param.Param<?> p : expected.params()) {
      assertEquals(expected.isSet(p), actual.isSet(actual.getParam(p.name())), p.name());
    }
  }

  @Test
  void everyStageSavesAndLoadsWithEveryParam() throws Exception {
    SparkTestSession.get();
    int n = 0;
    for (ElementwiseActivation<?> stage : configuredStages()) {
      String path = dir.resolve("stage" + n++).toString();
      stage.save(path);
      Transformer loaded = (Transformer) stage.getClass().getMethod("load", String.class)
          .invoke(null, path);
      assertSameParams(stage, loaded);
    }
  }

  @Test
  void stagesSurviveAPipelineModelRoundTrip() throws Exception {
    SparkTestSession.get();
    List<ElementwiseActivation<?>> stages = configuredStages();
    PipelineModel model = new PipelineModel("pipeline", stages.toArray(new Transformer[0]));
    String path = dir.resolve("pipeline").toString();
    model.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    for (int i = 0; i < stages.size(); i++) {
      assertSameParams(stages.get(i), loaded.stages()[i]);
    }
  }

  @Test
  void everyStageIsListedForSparkConnect() throws Exception {
    // Spark Connect instantiates ML stages through this ServiceLoader file (other jars on the
    // test classpath list Spark's own stages, some of which ServiceLoader cannot instantiate).
    Set<String> listed = new TreeSet<>();
    String services = "";
    for (java.net.URL url : java.util.Collections.list(PersistenceTest.class.getClassLoader()
        .getResources("META-INF/services/org.apache.spark.ml.Transformer"))) {
      try (java.io.InputStream in = url.openStream()) {
        String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        services = text.contains("io.github.sparkactivations") ? text : services;
      }
    }
    for (String name : services.trim().split("\\s+")) {
      Transformer t = (Transformer) Class.forName(name).getConstructor().newInstance();
      listed.add(t.getClass().getSimpleName());
    }
    // Every concrete stage class of the ml package must be listed (found from the class files,
    // so a new stage needs no edit here).
    Set<String> stages = new TreeSet<>();
    java.nio.file.Path dir = java.nio.file.Path.of(ActivationTransformer.class
        .getProtectionDomain().getCodeSource().getLocation().toURI())
        .resolve("io/github/sparkactivations/ml");
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
      for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
        String file = f.getFileName().toString();
        if (!file.endsWith(".class") || file.contains("$")) {
          continue;
        }
        Class<?> c = Class.forName("io.github.sparkactivations.ml." + file.replace(".class", ""));
        if (ActivationTransformer.class.isAssignableFrom(c)
            && !java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
          stages.add(c.getSimpleName());
        }
      }
    }
    assertTrue(stages.containsAll(List.of("ELU", "LeakyReLU", "Maxout", "PReLU", "ReLU", "SELU")),
        stages.toString());
    assertEquals(stages, listed);
  }

  @Test
  void assemblerLeakyReluLogisticRegressionFitsSavesLoadsAndPredictsTheSame() throws Exception {
    Random rnd = new Random(42);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double x = rnd.nextGaussian();
      double y = rnd.nextGaussian();
      double z = rnd.nextGaussian();
      double label = (x - 2 * Math.max(y, 0.1 * y) + 0.3 * z + 0.3 * rnd.nextGaussian()) > 0
          ? 1.0 : 0.0;
      rows.add(RowFactory.create(x, y, z, label));
    }
    Dataset<Row> df = SparkTestSession.get().createDataFrame(rows, new StructType()
        .add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
        .add("z", DataTypes.DoubleType).add("label", DataTypes.DoubleType));
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x", "y", "z"})
            .setOutputCol("features"),
        new LeakyReLU().setAlpha(0.1).setInputCol("features").setOutputCol("activated"),
        new LogisticRegression().setFeaturesCol("activated").setMaxIter(50)});
    PipelineModel model = pipeline.fit(df);
    String path = dir.resolve("lr-pipeline").toString();
    model.save(path);
    PipelineModel loaded = PipelineModel.load(path);
    assertInstanceOf(LeakyReLU.class, loaded.stages()[1]);
    assertEquals(0.1, ((LeakyReLU) loaded.stages()[1]).getAlpha());

    Dataset<Row> before = model.transform(df).select("activated", "probability", "prediction");
    Dataset<Row> after = loaded.transform(df).select("activated", "probability", "prediction");
    DataFrames.assertEquals(before, after);
    double accuracy = before.filter("prediction = label").count() / 400.0;
    // Sanity: the model learned something (the label is a noisy linear function).
    org.junit.jupiter.api.Assertions.assertTrue(accuracy > 0.8, "accuracy " + accuracy);
  }
}
