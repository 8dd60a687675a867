package io.github.sparkactivations.ml;

import org.apache.spark.sql.SparkSession;

/** The one local SparkSession all test classes of a JVM share (local[2]: this is a 2-core box). */
public final class SparkTestSession {
  /** The test sessions' code generation factory mode: generated code only. */
  public static final String CODEGEN_FACTORY_MODE = "CODEGEN_ONLY";

  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master(System.getProperty("spark.master", "local[2]"))
          .appName("spark-activations-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          // As Spark's own test sessions: evaluate projections over local data on executors
          // (not folded on the driver), and never fall back silently from generated code to the
          // interpreted path, so a test of generated code tests generated code.
          .config("spark.sql.optimizer.excludedRules",
              "org.apache.spark.sql.catalyst.optimizer.ConvertToLocalRelation")
          .config("spark.sql.codegen.fallback", "false")
          .config("spark.sql.codegen.factoryMode", CODEGEN_FACTORY_MODE)
          // The SQL functions, enabled the way users enable them.
          .config("spark.sql.extensions",
              "io.github.sparkactivations.sql.ActivationExtensions")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir")
              + "/spark-activations-warehouse")
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
    }
    return spark;
  }
}
