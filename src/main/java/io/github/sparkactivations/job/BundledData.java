package io.github.sparkactivations.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The data sets packaged in the jar, read as {@code input.path = bundled:<name>}. They are read
 * on the driver and handed to Spark as text, so they work on any cluster without a shared file
 * system.
 *
 * <p>{@code breast_cancer}: the Breast Cancer Wisconsin (Diagnostic) data set, 569 rows of 30
 * numeric features and a {@code target} (0 = malignant, 1 = benign), by W. H. Wolberg,
 * W. N. Street and O. L. Mangasarian, from the UCI Machine Learning Repository, licensed
 * CC BY 4.0; this copy is the CSV that scikit-learn ships (Debian's python3-sklearn), with the
 * feature names as a header.
 *
 * <pre>{@code
 * Dataset<Row> cancer = BundledData.read(spark, "breast_cancer");   // 569 rows, 31 columns
 * }</pre>
 */
public final class BundledData {
  /** The names of the bundled data sets. */
  public static final List<String> NAMES = List.of("breast_cancer");
  private static final String FOLDER = "/io/github/sparkactivations/data/";

  private BundledData() {}

  static boolean exists(String name) {
    return NAMES.contains(name);
  }

  /** The lines of a bundled CSV file. */
  static List<String> lines(String name) {
    try (InputStream in = BundledData.class.getResourceAsStream(FOLDER + name + ".csv")) {
      return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A bundled data set as a DataFrame, with a header and inferred column types. */
  public static Dataset<Row> read(SparkSession spark, String name) {
    return read(spark, name, java.util.Map.of());
  }

  /**
   * A bundled data set as a DataFrame, parsed by Spark's CSV reader (header and inferred types
   * unless the options say otherwise).
   *
   * @throws IllegalArgumentException if there is no bundled data set of that name
   */
  public static Dataset<Row> read(SparkSession spark, String name, java.util.Map<String, String> options) {
    if (!exists(name)) {
      throw new IllegalArgumentException("no bundled data set '" + name + "'; the bundled ones "
          + "are " + NAMES);
    }
    Dataset<String> text = spark.createDataset(lines(name), Encoders.STRING());
    return spark.read().option("header", "true").option("inferSchema", "true").options(options)
        .csv(text);
  }
}
