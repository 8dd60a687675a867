package io.github.sparkactivations.examples;

import io.github.sparkactivations.job.BundledData;
import io.github.sparkactivations.ml.LeakyReLU;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Pipeline on the bundled breast-cancer data: assemble the 30 features, standardize them,
 * apply LeakyReLU, fit a logistic regression; save the fitted PipelineModel, load it back and
 * check that it predicts exactly as before.
 */
public final class PipelineSaveLoad {

  public static void main(String[] args) throws Exception {
    try (SparkSession spark = SparkSession.builder().master("local[2]")
        .appName("PipelineSaveLoad").config("spark.ui.enabled", "false").getOrCreate()) {
      Dataset<Row> data = BundledData.read(spark, "breast_cancer");
      String[] features = Arrays.stream(data.columns()).filter(c -> !c.equals("target"))
          .toArray(String[]::new);
      Dataset<Row>[] split = data.randomSplit(new double[] {0.7, 0.3}, 42);

      Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
          new VectorAssembler().setInputCols(features).setOutputCol("raw"),
          new StandardScaler().setInputCol("raw").setOutputCol("scaled"),
          new LeakyReLU().setAlpha(0.1).setInputCol("scaled").setOutputCol("activated"),
          new LogisticRegression().setFeaturesCol("activated").setLabelCol("target")});
      PipelineModel model = pipeline.fit(split[0]);

      Path dir = Files.createTempDirectory("pipeline-model");
      String path = dir.resolve("model").toString();
      model.write().overwrite().save(path);
      PipelineModel loaded = PipelineModel.load(path);

      Dataset<Row> before = model.transform(split[1]);
      Dataset<Row> after = loaded.transform(split[1]);
      double auc = new BinaryClassificationEvaluator().setLabelCol("target").evaluate(before);
      long differ = before.select("activated", "prediction")
          .except(after.select("activated", "prediction")).count();
      System.out.printf("test rows: %d   AUC: %.4f   rows that differ after reload: %d%n",
          before.count(), auc, differ);
      if (auc < 0.95 || differ != 0) {
        throw new IllegalStateException("expected AUC >= 0.95 and identical predictions after "
            + "reload, got AUC " + auc + " and " + differ + " differing rows");
      }
    }
  }
}
