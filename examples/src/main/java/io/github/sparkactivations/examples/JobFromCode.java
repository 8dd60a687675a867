package io.github.sparkactivations.examples;

import io.github.sparkactivations.job.ActivationJob;
import io.github.sparkactivations.job.ActivationSummary;
import io.github.sparkactivations.job.JobConfig;
import io.github.sparkactivations.stats.ActivationStatistics;

import java.nio.file.Files;

import org.apache.spark.sql.SparkSession;

/**
 * The batch job driven from code on your own SparkSession: the same flags as {@code bin/run-job}
 * (here 100,000 synthetic sparse rows through LeakyReLU), and the summary as an object.
 */
public final class JobFromCode {

  public static void main(String[] args) throws Exception {
    try (SparkSession spark = SparkSession.builder().master("local[2]")
        .appName("JobFromCode").config("spark.ui.enabled", "false").getOrCreate()) {
      String out = Files.createTempDirectory("job").resolve("out").toString();
      JobConfig config = JobConfig.fromArgs("--synthetic-rows", "100000", "--dim", "200",
          "--density", "0.05", "--output", out, "--stages", "leaky",
          "--stage.leaky.type", "LeakyReLU", "--stage.leaky.alpha", "0.2");
      ActivationSummary summary = ActivationJob.run(spark, config);
      System.out.print(summary);

      ActivationStatistics leaky = summary.columns.get(0);
      long written = spark.read().parquet(out).count();
      if (summary.rowsIn != 100_000 || summary.rowsOut != 100_000 || written != 100_000
          || leaky.getSize() != 200 || leaky.getSparsity() < 0.9) {
        throw new IllegalStateException("unexpected summary: " + summary);
      }
    }
  }
}
