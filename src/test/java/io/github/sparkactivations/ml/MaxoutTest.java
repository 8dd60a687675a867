package io.github.sparkactivations.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkactivations.math.Initializers;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.DenseMatrix;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Matrices;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maxout as a Spark stage: both forms, every column type, invalid rows and shapes, persistence. */
class MaxoutTest {
  private static SparkSession spark;
  private static Dataset<Row> df;

  @TempDir
  Path dir;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    StructType schema = new StructType().add("id", DataTypes.IntegerType)
        .add("v", SQLDataTypes.VectorType())
        .add("s", SQLDataTypes.VectorType())
        .add("a", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("f", DataTypes.createArrayType(DataTypes.FloatType));
    double[][] rows = {
        {1, 3, -2, -2, Double.NaN, 5, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY},
        {-1, -3, 0, 0, 0, 0, 4, 0},
        {0, 0, 0, 0, 0, 0, 0, 0}};
    List<Row> data = new java.util.ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      double[] r = rows[i];
      data.add(RowFactory.create(i, Vectors.dense(r), Vectors.dense(r).toSparse(),
          Arrays.stream(r).boxed().toArray(Double[]::new),
          Arrays.stream(r).mapToObj(x -> (float) x).toArray(Float[]::new)));
    }
    df = spark.createDataFrame(data, schema).cache();
  }

  private static List<Row> run(Maxout m, String column) {
    return m.setInputCol(column).setOutputCol("out").transform(df).orderBy("id").collectAsList();
  }

  @Test
  void poolingOnEveryColumnType() {
    String[] expected = {"[3.0, -2.0, NaN, Infinity]", "[-1.0, 0.0, 0.0, 4.0]",
        "[0.0, 0.0, 0.0, 0.0]"};
    for (String c : new String[] {"v", "s", "a", "f"}) {
      List<Row> rows = run(new Maxout().setArgmaxCol("arg"), c);
      for (int i = 0; i < 3; i++) {
        Object out = rows.get(i).getAs("out");
        double[] values = out instanceof Vector ? ((Vector) out).toArray()
            : ((List<?>) rows.get(i).getList(rows.get(i).fieldIndex("out"))).stream()
                .mapToDouble(x -> ((Number) x).doubleValue()).toArray();
        assertEquals(expected[i], Arrays.toString(values), c + " row " + i);
      }
      assertEquals(List.of(1, 0, 0, 1), rows.get(0).getList(rows.get(0).fieldIndex("arg")), c);
      assertEquals(List.of(0, 0, 0, 0), rows.get(1).getList(rows.get(1).fieldIndex("arg")), c);
    }
    // Sparse input: the output is stored in whichever form is smaller.
    List<Row> sparse = run(new Maxout(), "s");
    assertInstanceOf(DenseVector.class, sparse.get(1).getAs("out"));
    assertInstanceOf(SparseVector.class, sparse.get(2).getAs("out"));
    assertInstanceOf(DenseVector.class, run(new Maxout(), "v").get(2).getAs("out"));
    assertEquals(DataTypes.createArrayType(DataTypes.FloatType, false),
        new Maxout().setInputCol("f").setOutputCol("o").transformSchema(df.schema())
            .apply("o").dataType());
  }

  @Test
  void affineWithRandomHeWeightsMatchesALocalComputation() {
    Maxout m = Maxout.withRandomWeights(8, 3, 2, 99).setArgmaxCol("arg");
    assertEquals(6, m.getWeights().numRows());
    assertEquals(8, m.getWeights().numCols());
    double[][] w = Initializers.heNormal(6, 8, 99);
    assertEquals(w[4][7], m.getWeights().apply(4, 7));
    Vector bias = Vectors.dense(0.5, -0.5, 0, 0, 1, -1);
    m.setBias(bias);
    for (String c : new String[] {"v", "s"}) {
      List<Row> rows = run(m.copy(new org.apache.spark.ml.param.ParamMap()), c);
      double[] x = ((Vector) rows.get(1).getAs(c)).toArray();
      double[] out = ((Vector) rows.get(1).getAs("out")).toArray();
      List<Integer> arg = rows.get(1).getList(rows.get(1).fieldIndex("arg"));
      for (int i = 0; i < 3; i++) {
        double best = Double.NEGATIVE_INFINITY;
        int bestJ = -1;
        for (int j = 0; j < 2; j++) {
          double z = bias.apply(i * 2 + j);
          for (int e = 0; e < 8; e++) {
            z += w[i * 2 + j][e] * x[e];
          }
          if (z > best) {
            best = z;
            bestJ = j;
          }
        }
        assertEquals(best, out[i], 1e-12, c + " unit " + i);
        assertEquals(bestJ, arg.get(i), c + " unit " + i);
      }
      assertInstanceOf(DenseVector.class, rows.get(2).getAs("out"), "affine output is dense");
    }
    // Dense and sparse input give the same bits.
    List<Row> dense = run(m.copy(new org.apache.spark.ml.param.ParamMap()), "v");
    List<Row> sparse = run(m.copy(new org.apache.spark.ml.param.ParamMap()), "s");
    for (int i = 1; i < 3; i++) {
      assertEquals(dense.get(i).getAs("out").toString(), sparse.get(i).getAs("out").toString());
    }
  }

  @Test
  void largeSparseRowsPoolLikeTheirDenseFormAndStaySparse() {
    // Rows of 3,000 with up to 80 stored entries, special values among them: pooled in stored
    // form, they must give the bits of their dense form's pooling, and stay sparse.
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
    double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -1e-300, 5e-324};
    List<Row> data = new java.util.ArrayList<>();
    for (int id = 0; id < 300; id++) {
      int size = 3000;
      java.util.TreeMap<Integer, Double> entries = new java.util.TreeMap<>();
      int stored = id % 50 == 0 ? 0 : rnd.nextInt(1, 80);
      for (int e = 0; e < stored; e++) {
        // Neighbouring indices too, so several pieces of one unit are stored.
        int i = e > 0 && rnd.nextBoolean() ? Math.min(size - 1, entries.lastKey() + 1)
            : rnd.nextInt(size);
        entries.put(i, rnd.nextInt(5) == 0 ? special[rnd.nextInt(special.length)]
            : rnd.nextGaussian());
      }
      int[] idx = entries.keySet().stream().mapToInt(Integer::intValue).toArray();
      double[] val = entries.values().stream().mapToDouble(Double::doubleValue).toArray();
      Vector sv = Vectors.sparse(size, idx, val);
      data.add(RowFactory.create(id, sv, Vectors.dense(sv.toArray())));
    }
    Dataset<Row> rows = spark.createDataFrame(data, new StructType()
        .add("id", DataTypes.IntegerType).add("s", SQLDataTypes.VectorType())
        .add("d", SQLDataTypes.VectorType())).repartition(2);
    for (int k : new int[] {1, 2, 3}) {
      // With the arg max, every unit takes the exact rule; without it, the Math.max shortcut.
      Dataset<Row> both = new Maxout().setNumPieces(k).setInputCol("s").setOutputCol("os")
          .setArgmaxCol("as").transform(new Maxout().setNumPieces(k).setInputCol("d")
              .setOutputCol("od").setArgmaxCol("ad").transform(rows));
      List<Row> out = new Maxout().setNumPieces(k).setInputCol("s").setOutputCol("on")
          .transform(both).orderBy("id").collectAsList();
      assertEquals(300, out.size());
      for (Row r : out) {
        double[] fromDense = ((Vector) r.getAs("od")).toArray();
        for (String c : new String[] {"os", "on"}) {
          Vector fromSparse = r.getAs(c);
          double[] got = fromSparse.toArray();
          assertEquals(3000 / k, got.length);
          for (int i = 0; i < got.length; i++) {
            assertEquals(Double.doubleToRawLongBits(fromDense[i]),
                Double.doubleToRawLongBits(got[i]),
                c + " k=" + k + " row " + r.getAs("id") + " unit " + i);
          }
          assertInstanceOf(SparseVector.class, fromSparse, "a few units touched: stored sparse");
          for (double v : ((SparseVector) fromSparse).values()) {
            assertTrue(Double.doubleToRawLongBits(v) != 0L, "+0.0 is never stored: " + fromSparse);
          }
        }
        assertEquals(r.getList(r.fieldIndex("ad")), r.getList(r.fieldIndex("as")));
      }
    }
  }

  @Test
  void tensorFlowAddonsStridedGroupingViaASelectionMatrix() {
    int m = 4;
    int k = 2;
    int d = 8;
    double[] w = new double[m * k * d];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < k; j++) {
        w[(j * m + i) * (m * k) + (i * k + j)] = 1.0; // column-major: row i*k+j, col j*m+i
      }
    }
    Maxout strided = new Maxout().setNumPieces(k).setWeights(new DenseMatrix(m * k, d, w));
    double[] x = ((Vector) run(strided, "v").get(1).getAs("v")).toArray();
    double[] out = ((Vector) run(strided, "v").get(1).getAs("out")).toArray();
    for (int i = 0; i < m; i++) {
      assertEquals(Math.max(x[i], x[i + m]), out[i]);
    }
  }

  @Test
  void outputSizeMetadataIsTheNumberOfUnits() {
    StructType sized = new StructType().add(new AttributeGroup("v", 12).toStructField());
    assertEquals(4, AttributeGroup.fromStructField(new Maxout().setNumPieces(3).setInputCol("v")
        .setOutputCol("o").transformSchema(sized).apply("o")).size());
    assertEquals(5, AttributeGroup.fromStructField(Maxout.withRandomWeights(12, 5, 2, 1)
        .setInputCol("v").setOutputCol("o").transformSchema(sized).apply("o")).size());
    String m = assertThrows(IllegalArgumentException.class, () -> new Maxout().setNumPieces(5)
        .setInputCol("v").setOutputCol("o").transformSchema(sized)).getMessage();
    assertTrue(m.contains("12 elements, which is not a multiple of numPieces = 5"), m);
    m = assertThrows(IllegalArgumentException.class, () -> Maxout.withRandomWeights(10, 2, 2, 1)
        .setInputCol("v").setOutputCol("o").transformSchema(sized)).getMessage();
    assertTrue(m.contains("has 12 elements, but weights has 10 columns"), m);
  }

  @Test
  void invalidRowsFollowHandleInvalid() {
    Dataset<Row> bad = spark.createDataFrame(Arrays.asList(
            RowFactory.create(0, Vectors.dense(1, 2, 3, 4)), RowFactory.create(1, null),
            RowFactory.create(2, Vectors.dense(1, 2, 3))),
        new StructType().add("id", DataTypes.IntegerType).add("v", SQLDataTypes.VectorType()));
    Exception e = assertThrows(Exception.class, () -> new Maxout().setInputCol("v")
        .setOutputCol("o").transform(bad.filter("id = 2")).collect());
    String messages = "";
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages += t.getMessage();
    }
    assertTrue(messages.contains("column 'v' has 3 elements, which is not a multiple of "
        + "numPieces = 2"), messages);
    List<Row> kept = new Maxout().setInputCol("v").setOutputCol("o").setArgmaxCol("arg")
        .setHandleInvalid("keep").transform(bad).orderBy("id").collectAsList();
    assertEquals(Vectors.dense(2, 4), kept.get(0).getAs("o"));
    assertNull(kept.get(1).getAs("o"));
    assertNull(kept.get(2).getAs("o"));
    assertNull(kept.get(2).getAs("arg"));
    assertEquals(1, new Maxout().setInputCol("v").setOutputCol("o").setHandleInvalid("skip")
        .transform(bad).count());
    long affineKept = Maxout.withRandomWeights(3, 1, 2, 1).setInputCol("v").setOutputCol("o")
        .setHandleInvalid("skip").transform(bad).count();
    assertEquals(1, affineKept, "only the row of 3 elements fits weights of 3 columns");
  }

  @Test
  void invalidShapesAreRejectedWhenConfigured() {
    Maxout m = Maxout.withRandomWeights(4, 3, 2, 1);
    String e = assertThrows(IllegalArgumentException.class, () -> m.setNumPieces(4)).getMessage();
    assertTrue(e.contains("weights has 6 rows, which is not a multiple of numPieces = 4"), e);
    e = assertThrows(IllegalArgumentException.class,
        () -> Maxout.withRandomWeights(4, 3, 2, 1).setBias(Vectors.dense(1, 2))).getMessage();
    assertTrue(e.contains("bias has 2 entries, but weights has 6 rows"), e);
    e = assertThrows(IllegalArgumentException.class, () -> new Maxout().setBias(
        Vectors.dense(1, 2)).setInputCol("v").setOutputCol("o").transformSchema(df.schema()))
        .getMessage();
    assertTrue(e.contains("bias is set but weights is not"), e);
    assertThrows(IllegalArgumentException.class, () -> new Maxout().setNumPieces(0));
    assertThrows(IllegalArgumentException.class, () -> new Maxout().setWeights(
        Matrices.dense(1, 2, new double[] {1, Double.NaN})));
    e = assertThrows(IllegalArgumentException.class, () -> new Maxout().setArgmaxCol("arg")
        .setInputCols("v", "a").setOutputCols("o", "p").transformSchema(df.schema()))
        .getMessage();
    assertTrue(e.contains("argmaxCol applies to a single inputCol"), e);
    e = assertThrows(IllegalArgumentException.class, () -> new Maxout().setArgmaxCol("id")
        .setInputCol("v").setOutputCol("o").transformSchema(df.schema())).getMessage();
    assertTrue(e.contains("output column 'id' already exists"), e);
  }

  @Test
  void saveAndLoadInAPipelineWithWeightsAndBias() throws Exception {
    Maxout m = Maxout.withRandomWeights(8, 2, 3, 7).setBias(Vectors.dense(1, 2, 3, 4, 5, 6))
        .setInputCol("v").setOutputCol("out").setArgmaxCol("arg");
    PipelineModel model = new PipelineModel("p", new Transformer[] {
        new Maxout().setNumPieces(4).setInputCol("a").setOutputCol("pooled"), m});
    String path = dir.resolve("maxout-pipeline").toString();
    model.save(path);
    PipelineModel loaded = PipelineModel.load(path);
    Maxout back = (Maxout) loaded.stages()[1];
    assertEquals(m.getWeights(), back.getWeights());
    assertEquals(m.getBias(), back.getBias());
    assertEquals(3, back.getNumPieces());
    assertEquals("arg", back.getArgmaxCol());
    assertEquals(4, ((Maxout) loaded.stages()[0]).getNumPieces());
    String p2 = dir.resolve("maxout").toString();
    m.save(p2);
    assertEquals(m.getWeights(), Maxout.load(p2).getWeights());
    Dataset<Row> filtered = df.filter("id > 0");
    DataFrames.assertEquals(model.transform(filtered), loaded.transform(filtered));
    assertArrayEquals(new String[] {"id", "v", "s", "a", "f", "pooled", "out", "arg"},
        loaded.transform(df).columns());
  }
}
