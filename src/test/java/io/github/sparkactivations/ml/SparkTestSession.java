package io.github.sparkactivations.ml;

import java.util.function.Supplier;

import org.apache.spark.sql.SparkSession;

/** The one local SparkSession all test classes of a JVM share (local[2]: this is a 2-core box). */
public final class SparkTestSession {
  /** The test sessions' code generation factory mode: generated code only. */
  public static final String CODEGEN_FACTORY_MODE = "CODEGEN_ONLY";

  private static SparkSession spark;

  private SparkTestSession() {}

  /** How Spark evaluates a query's expressions. */
  public enum Evaluation {
    /** Whole-stage generated code (the session's default). */
    WHOLE_STAGE,
    /** Generated code in a stand-alone projection, without whole-stage code generation. */
    PROJECTION,
    /** No generated code: {@code Expression.eval}. */
    INTERPRETED
  }

  /** {@code action}'s result with the session evaluating as {@code how}; its defaults after. */
  public static <T> T evaluated(Evaluation how, Supplier<T> action) {
    SparkSession s = get();
    if (how != Evaluation.WHOLE_STAGE) {
      s.conf().set("spark.sql.codegen.wholeStage", "false");
    }
    if (how == Evaluation.INTERPRETED) {
      s.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    }
    try {
      return action.get();
    } finally {
      s.conf().unset("spark.sql.codegen.wholeStage");
      s.conf().set("spark.sql.codegen.factoryMode", CODEGEN_FACTORY_MODE);
    }
  }

  /** Runs {@code action} with the session evaluating as {@code how}; its defaults after. */
  public static void evaluated(Evaluation how, Runnable action) {
    evaluated(how, () -> {
      action.run();
      return null;
    });
  }

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
