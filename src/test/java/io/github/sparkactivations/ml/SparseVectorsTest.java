package io.github.sparkactivations.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Sparse stays sparse where f(0) = 0, storing only non-zero results; dense otherwise. */
class SparseVectorsTest {
  private static final int SIZE = 100_000;

  private static Vector one(ElementwiseActivation<?> stage, Vector v) {
    Dataset<Row> df = SparkTestSession.get().createDataFrame(
        List.of(RowFactory.create(v)), new StructType().add("my.col", SQLDataTypes.VectorType()));
    return (Vector) stage.setInputCol("my.col").setOutputCol("out `x`").transform(df)
        .select("`out ``x```").first().get(0);
  }

  private static final Vector SPARSE = Vectors.sparse(SIZE, new int[] {1, 7, 99_998},
      new double[] {-1.5, 2.0, -0.0});

  @Test
  void reluOfASparseVectorStoresOnlyItsPositiveEntries() {
    SparseVector out = (SparseVector) one(new ReLU(), SPARSE);
    assertEquals(SIZE, out.size());
    assertArrayEquals(new int[] {7}, out.indices());
    assertArrayEquals(new double[] {2.0}, out.values());
  }

  @Test
  void leakyReluKeepsNegativesAndSignedZerosSparse() {
    SparseVector out = (SparseVector) one(new LeakyReLU().setAlpha(0.5), SPARSE);
    assertArrayEquals(new int[] {1, 7, 99_998}, out.indices());
    // -0.0 is kept, as a dense input would give -0.0 there too.
    assertEquals(Arrays.toString(new double[] {-0.75, 2.0, -0.0}),
        Arrays.toString(out.values()));
  }

  @Test
  void whereTheFunctionOfZeroIsNotZeroTheOutputIsDense() {
    Vector d = one(new LeakyReLU().setAlpha(0.5).setDerivative(true), SPARSE);
    assertInstanceOf(DenseVector.class, d);
    assertEquals(0.5, d.apply(0));
    assertEquals(0.5, d.apply(1));
    assertEquals(1.0, d.apply(7));
    Vector r = one(new ReLU().setThreshold(-1).setDerivative(true), SPARSE);
    assertInstanceOf(DenseVector.class, r);
    assertEquals(0.0, r.apply(1));
    assertEquals(1.0, r.apply(2));
    // The derivative of ReLU with the default threshold is 0 at 0: still sparse.
    SparseVector s = (SparseVector) one(new ReLU().setDerivative(true), SPARSE);
    assertArrayEquals(new int[] {7}, s.indices());
    assertArrayEquals(new double[] {1.0}, s.values());
  }

  @Test
  void preluWithPerElementSlopesOfZeroStaysSparse() {
    Vector v = Vectors.sparse(4, new int[] {0, 2}, new double[] {-2.0, -4.0});
    SparseVector out = (SparseVector) one(new PReLU().setAlphas(0.5, 0.0, 0.25, 1.0), v);
    assertArrayEquals(new int[] {0, 2}, out.indices());
    assertArrayEquals(new double[] {-1.0, -1.0}, out.values());
    Vector d = one(new PReLU().setAlphas(0.5, 0.0, 0.25, 1.0).setDerivative(true), v);
    assertEquals(Vectors.dense(0.5, 0.0, 0.25, 1.0), d);
  }

  @Test
  void eluAndSeluOfSparseVectorsStaySparse() {
    for (ElementwiseActivation<?> stage : List.of(new ELU(), new SELU())) {
      SparseVector out = (SparseVector) one(stage, SPARSE);
      assertArrayEquals(new int[] {1, 7, 99_998}, out.indices(), stage.toString());
    }
  }
  /**
   * Rows that keep every entry and rows that drop some, alternating in one partition: the
   * expression computes straight into the result while rows keep everything and switches to its
   * scratch buffers after a row that drops entries (and back), so every switch is crossed, with
   * code generation and without.
   */
  @Test
  void rowsThatKeepAllAndRowsThatDropEntriesAlternate() {
    double[][] values = {{1.0, 2.0, 3.0}, {-1.0, 2.0, 0.0}, {-1.0, -2.0, -3.0}, {4.0, 5.0, 6.0},
        {7.0, 0.5, 1e-300}, {0.0, 0.0, 0.0}, {8.0, -0.0, 9.0}, {-0.5, 0.25, 0.0}, {1.0, 1.0, 2.0}};
    List<Row> rows = new java.util.ArrayList<>();
    for (double[] v : values) {
      rows.add(RowFactory.create(Vectors.sparse(SIZE, new int[] {3, 50, 99_999}, v)));
    }
    Dataset<Row> df = SparkTestSession.get().createDataFrame(rows,
        new StructType().add("v", SQLDataTypes.VectorType())).coalesce(1);
    for (SparkTestSession.Evaluation how : List.of(SparkTestSession.Evaluation.WHOLE_STAGE,
        SparkTestSession.Evaluation.INTERPRETED)) {
      for (ElementwiseActivation<?> stage : List.of(new ReLU(), new LeakyReLU().setAlpha(0.5))) {
        List<Row> out = SparkTestSession.evaluated(how, () -> stage.setInputCol("v")
            .setOutputCol("y").transform(df).select("y").collectAsList());
        for (int r = 0; r < values.length; r++) {
          // Only +0.0 results are dropped; -0.0 is kept (row 6).
          int[] at = {3, 50, 99_999};
          List<Integer> keptAt = new java.util.ArrayList<>();
          List<Double> keptValues = new java.util.ArrayList<>();
          for (int k = 0; k < 3; k++) {
            double y = stage.currentFunction().apply(at[k], values[r][k]);
            if (Double.doubleToRawLongBits(y) != 0L) {
              keptAt.add(at[k]);
              keptValues.add(y);
            }
          }
          SparseVector expected = (SparseVector) Vectors.sparse(SIZE,
              keptAt.stream().mapToInt(Integer::intValue).toArray(),
              keptValues.stream().mapToDouble(Double::doubleValue).toArray());
          SparseVector actual = (SparseVector) out.get(r).get(0);
          String where = stage + " " + how + " row " + r;
          assertArrayEquals(expected.indices(), actual.indices(), where);
          assertEquals(Arrays.toString(expected.values()), Arrays.toString(actual.values()),
              where);
        }
      }
    }
  }
}
