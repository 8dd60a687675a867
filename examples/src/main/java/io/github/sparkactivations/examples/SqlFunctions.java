package io.github.sparkactivations.examples;

import static io.github.sparkactivations.sql.ActivationFunctions.leaky_relu;
import static io.github.sparkactivations.sql.ActivationFunctions.relu;
import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.List;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The activations as SQL functions (enabled by one setting, {@code spark.sql.extensions}) and as
 * Java {@code Column} functions.
 */
public final class SqlFunctions {

  public static void main(String[] args) throws Exception {
    try (SparkSession spark = SparkSession.builder().master("local[2]")
        .appName("SqlFunctions").config("spark.ui.enabled", "false")
        .config("spark.sql.extensions", "io.github.sparkactivations.sql.ActivationExtensions")
        .getOrCreate()) {
      // x = -2 .. 2, and a vector column v = [x, 7] (ml.functions.array_to_vector is Java-only).
      Column x = col("id").cast("double").minus(2);
      spark.range(5).select(col("id"), x.as("x"), array_to_vector(array(x, lit(7.0))).as("v"))
          .createOrReplaceTempView("t");

      List<Row> sql = spark.sql("SELECT x, relu(x) AS r, leaky_relu(x, 0.5) AS l, "
          + "relu(v, 0, 6) AS relu6, elu_derivative(x) AS d FROM t ORDER BY id").collectAsList();
      spark.sql("SELECT x, relu(x), leaky_relu(x, 0.5), relu(v, 0, 6), elu_derivative(x) "
          + "FROM t ORDER BY id").show(false);
      List<Row> java = spark.table("t").orderBy("id")
          .select(relu(col("x")), leaky_relu(col("x"), 0.5)).collectAsList();

      boolean ok = sql.get(0).getDouble(1) == 0.0 && sql.get(0).getDouble(2) == -1.0
          && sql.get(4).getDouble(1) == 2.0
          && sql.get(4).<org.apache.spark.ml.linalg.Vector>getAs("relu6").apply(1) == 6.0
          && sql.get(0).getDouble(4) == Math.exp(-2.0)
          && java.get(0).getDouble(1) == -1.0 && java.get(4).getDouble(0) == 2.0;
      System.out.println("relu(-2) = " + sql.get(0).getDouble(1) + "   leaky_relu(-2, 0.5) = "
          + sql.get(0).getDouble(2) + "   relu(v, 0, 6)[1] = 6.0: " + ok);
      if (!ok) {
        throw new IllegalStateException("unexpected results: " + sql + " / " + java);
      }
    }
  }
}
