package io.github.sparkactivations.ml;

import org.apache.spark.sql.SparkSession;

/** The one local SparkSession all test classes of a JVM share (local[2]: this is a 2-core box). */
public final class SparkTestSession {
  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master(System.getProperty("spark.master", "local[2]"))
          .appName("spark-activations-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
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
