package io.github.sparkactivations.ml;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * spark-testing-base's DataFrame comparisons, called from JUnit 5 tests. Its base class is a
 * JUnit 4 fixture; only its comparison helpers are used here, on our shared session.
 */
final class DataFrames {
  private static final JavaDataFrameSuiteBase HELPERS = new JavaDataFrameSuiteBase();

  private DataFrames() {}

  /** Same schema and the same rows in the same order (doubles compared exactly). */
  static void assertEquals(Dataset<Row> expected, Dataset<Row> actual) {
    HELPERS.assertDataFrameEquals(expected, actual);
  }

  /** Same schema and the same rows in the same order, doubles within {@code tol}. */
  static void assertApproximateEquals(Dataset<Row> expected, Dataset<Row> actual, double tol) {
    HELPERS.assertDataFrameApproximateEquals(expected, actual, tol);
  }
}
