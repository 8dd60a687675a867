package io.github.sparkactivations.job;

import static org.apache.spark.sql.functions.col;

import io.github.sparkactivations.math.Initializers;

import java.util.SplittableRandom;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;

/**
 * A generated data set of any size: columns {@code id} (0 to rows - 1) and {@code features}, a
 * vector of {@code dim} standard normal values, dense when {@code density} is 1 and otherwise
 * sparse with each element stored with probability {@code density}. Row i depends only on the
 * seed and i, so the data are the same for any partitioning, cluster or retry.
 */
public final class SyntheticData {
  private SyntheticData() {}

  public static Dataset<Row> generate(SparkSession spark, long rows, int dim, double density,
      long seed, int partitions) {
    int parts = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
    UDF1<Long, Vector> row = id -> vector(id, dim, density, seed);
    return spark.range(0, rows, 1, parts)
        .withColumn("features",
            org.apache.spark.sql.functions.udf(row, SQLDataTypes.VectorType()).apply(col("id")));
  }

  /** Row {@code id} of the data set. */
  public static Vector vector(long id, int dim, double density, long seed) {
    SplittableRandom rnd = new SplittableRandom(mix(seed, id));
    if (density >= 1.0) {
      double[] v = new double[dim];
      for (int i = 0; i < dim; i++) {
        v[i] = Initializers.gaussian(rnd);
      }
      return new DenseVector(v);
    }
    int capacity = (int) Math.min(dim, 2 * density * dim + 16);
    int[] indices = new int[capacity];
    double[] values = new double[capacity];
    int nnz = 0;
    if (density * dim < 64) {
      // Few non-zeros: draw the gaps between them (geometric), so cost ∝ non-zeros, not dim.
      double logq = StrictMath.log1p(-density);
      long i = -1;
      while (true) {
        i += 1 + (long) Math.floor(StrictMath.log(1.0 - rnd.nextDouble()) / logq);
        if (i >= dim) {
          break;
        }
        if (nnz == indices.length) {
          indices = java.util.Arrays.copyOf(indices, Math.min(dim, 2 * nnz));
          values = java.util.Arrays.copyOf(values, indices.length);
        }
        indices[nnz] = (int) i;
        values[nnz++] = Initializers.gaussian(rnd);
      }
    } else {
      indices = new int[dim];
      values = new double[dim];
      for (int i = 0; i < dim; i++) {
        if (rnd.nextDouble() < density) {
          indices[nnz] = i;
          values[nnz++] = Initializers.gaussian(rnd);
        }
      }
    }
    return new SparseVector(dim, java.util.Arrays.copyOf(indices, nnz),
        java.util.Arrays.copyOf(values, nnz));
  }

  private static long mix(long seed, long id) {
    long z = seed * 0x9E3779B97F4A7C15L + id;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
