import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.xxhash64;

import io.github.sparkactivations.job.SyntheticData;
import io.github.sparkactivations.ml.ReLU;

import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads the cluster job's output back and checks its row count and a checksum against the same
 * synthetic data put through ReLU here, at local[2].
 * Usage: java ... VerifyClusterOutput.java OUTPUT ROWS DIM DENSITY SEED
 */
public class VerifyClusterOutput {
  public static void main(String[] args) {
    String output = args[0];
    long rows = Long.parseLong(args[1]);
    int dim = Integer.parseInt(args[2]);
    double density = Double.parseDouble(args[3]);
    long seed = Long.parseLong(args[4]);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("verify")
        .config("spark.ui.enabled", "false").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    Row actual = checksum(spark.read().parquet(output));
    Dataset<Row> expected = new ReLU().setInputCol("features").setOutputCol("relu")
        .transform(SyntheticData.generate(spark, rows, dim, density, seed, 8))
        .select("id", "relu");
    Row wanted = checksum(expected);
    System.out.println("output read back: rows " + actual.get(0) + ", checksum " + actual.get(1));
    System.out.println("expected:         rows " + wanted.get(0) + ", checksum " + wanted.get(1));
    spark.stop();
    if (actual.getLong(0) != rows || !actual.equals(wanted)) {
      System.out.println("MISMATCH");
      System.exit(1);
    }
    System.out.println("output verified");
  }

  /** Row count and an order-independent checksum of (id, relu); relu is a function of features. */
  static Row checksum(Dataset<Row> df) {
    return df.select(
            count(lit(1)),
            sum(xxhash64(col("id"), functions.vector_to_array(col("relu"), "float64"))
                .cast(DataTypes.createDecimalType(38, 0))))
        .first();
  }
}
