package io.github.sparkactivations.examples;

import io.github.sparkactivations.ml.ReLU;
import io.github.sparkactivations.stats.ActivationStatistics;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Sparse features end to end: 20,000 sparse vectors of size 50,000 with 20 stored entries each,
 * through ReLU6, written to Parquet and read back. The output stays sparse (ReLU stores only the
 * positive results), and the statistics are computed from the stored entries.
 */
public final class SparseFeatures {

  public static void main(String[] args) throws Exception {
    try (SparkSession spark = SparkSession.builder().master("local[2]")
        .appName("SparseFeatures").config("spark.ui.enabled", "false").getOrCreate()) {
      int size = 50_000;
      Random random = new Random(7);
      List<Row> rows = new ArrayList<>();
      long positive = 0;
      for (int r = 0; r < 20_000; r++) {
        int[] indices = random.ints(0, size).distinct().limit(20).sorted().toArray();
        double[] values = random.doubles(20, -3, 9).toArray();
        for (double v : values) {
          positive += v > 0 ? 1 : 0;
        }
        rows.add(RowFactory.create(r, Vectors.sparse(size, indices, values)));
      }
      Dataset<Row> df = spark.createDataFrame(rows, new StructType()
          .add("id", "int").add("features", SQLDataTypes.VectorType()));

      ReLU relu6 = new ReLU().setMaxValue(6).setInputCol("features").setOutputCol("activated");
      String path = Files.createTempDirectory("sparse").resolve("out.parquet").toString();
      relu6.transform(df).write().parquet(path);
      Dataset<Row> back = spark.read().parquet(path);

      long stored = 0;
      for (Row r : back.select("activated").collectAsList()) {
        SparseVector v = (SparseVector) r.get(0);   // a ClassCastException if it were dense
        stored += v.numActives();
      }
      ActivationStatistics stats = ActivationStatistics.of(back, relu6).get("activated");
      System.out.printf("rows: %d   stored entries out: %d (positive inputs: %d)   sparsity: %.6f"
          + "   at the cap 6: %d%n", back.count(), stored, positive, stats.getSparsity(),
          stats.getAtCapCount());
      double expectedSparsity = 1 - (double) positive / (20_000.0 * size);
      if (stored != positive || Math.abs(stats.getSparsity() - expectedSparsity) > 1e-12
          || stats.getAtCapCount() == 0) {
        throw new IllegalStateException("expected " + positive + " stored entries and sparsity "
            + expectedSparsity + ", got " + stored + " and " + stats.getSparsity());
      }
    }
  }
}
