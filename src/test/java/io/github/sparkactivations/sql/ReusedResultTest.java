package io.github.sparkactivations.sql;

import static io.github.sparkactivations.sql.ActivationFunctions.leaky_relu;
import static io.github.sparkactivations.sql.ActivationFunctions.relu;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkactivations.ml.SparkTestSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated code builds each result in a buffer it reuses for the next row
 * ({@link VectorRows.Result#reused}). These tests put the results where Spark keeps values
 * across rows (aggregate buffers, collected lists, windows, hash keys compared by their bytes),
 * with rows of changing shape, so that a value changed under its keeper, or bytes left from an
 * earlier row, would show as a wrong result.
 */
class ReusedResultTest {
  private static final int ROWS = 600;

  private static SparkSession spark;
  private static Dataset<Row> input;
  /** relu of each row's columns, by id, as a plain select gives them. */
  private static Map<Integer, Row> expected;

  @BeforeAll
  static void setUp() {
    spark = SparkTestSession.get();
    Random rnd = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int id = 0; id < ROWS; id++) {
      // Lengths that change from row to row (odd ones leave padding after the last float or
      // index), values of both signs, so that different inputs give equal results.
      int n = 1 + rnd.nextInt(id % 5 == 0 ? 70 : 4);
      double[] x = new double[n];
      Double[] a = new Double[n];
      Float[] f = new Float[n];
      for (int i = 0; i < n; i++) {
        x[i] = rnd.nextInt(3) - 1 + (rnd.nextBoolean() ? 0.0 : 0.5);
        a[i] = x[i];
        f[i] = (float) x[i];
      }
      Vector v = id % 2 == 0 ? Vectors.dense(x) : Vectors.dense(x).toSparse();
      // Distinct order keys, with the largest in the first rows of the data.
      double y = (id * 7919L) % ROWS + (id < 3 ? ROWS : 0);
      rows.add(RowFactory.create(id, id % 3, y, v, a, f));
    }
    StructType schema = new StructType()
        .add("id", DataTypes.IntegerType, false)
        .add("g", DataTypes.IntegerType, false)
        .add("y", DataTypes.DoubleType, false)
        .add("v", SQLDataTypes.VectorType(), false)
        .add("a", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
        .add("f", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    input = spark.createDataFrame(rows, schema).repartition(2).cache();
    input.count();
    expected = new HashMap<>();
    for (Row r : input.select(col("id"), relu(col("v")), relu(col("a")), relu(col("f")))
        .collectAsList()) {
      expected.put(r.getInt(0), r);
    }
  }

  @AfterAll
  static void tearDown() {
    input.unpersist();
  }

  private static Column[] activated() {
    return new Column[] {relu(col("v")), relu(col("a")), relu(col("f"))};
  }

  @Test
  void aggregateBuffersKeepTheirRowsValue() {
    Column[] r = activated();
    List<Column> aggs = new ArrayList<>();
    aggs.add(max_by(col("id"), col("y")));
    aggs.add(min_by(col("id"), col("y")));
    for (Column c : r) {
      aggs.add(max_by(c, col("y")));
      aggs.add(min_by(c, col("y")));
    }
    for (Row row : input.groupBy(col("g")).agg(aggs.get(0), aggs.subList(1, aggs.size())
        .toArray(new Column[0])).collectAsList()) {
      int maxId = row.getInt(1);
      int minId = row.getInt(2);
      for (int k = 0; k < 3; k++) {
        assertEquals(expected.get(maxId).get(1 + k), row.get(3 + 2 * k), "max_by, column " + k);
        assertEquals(expected.get(minId).get(1 + k), row.get(4 + 2 * k), "min_by, column " + k);
      }
    }
    // No grouping: one aggregate over every row, and first() over one partition's rows.
    Row all = input.agg(max_by(col("id"), col("y")), max_by(r[0], col("y")),
        max_by(r[1], col("y")), max_by(r[2], col("y"))).first();
    for (int k = 0; k < 3; k++) {
      assertEquals(expected.get(all.getInt(0)).get(1 + k), all.get(1 + k), "column " + k);
    }
    Row firsts = input.coalesce(1).agg(first(struct(col("id"), r[0], r[1], r[2]))).first()
        .getStruct(0);
    for (int k = 0; k < 3; k++) {
      assertEquals(expected.get(firsts.getInt(0)).get(1 + k), firsts.get(1 + k));
    }
  }

  @Test
  void collectedListsHoldEachRowsValue() {
    Column[] r = activated();
    int seen = 0;
    for (Row row : input.groupBy(col("g"))
        .agg(collect_list(struct(col("id"), r[0], r[1], r[2]))).collectAsList()) {
      for (Row e : row.<Row>getList(1)) {
        Row want = expected.get(e.getInt(0));
        for (int k = 0; k < 3; k++) {
          assertEquals(want.get(1 + k), e.get(1 + k), "id " + e.getInt(0) + ", column " + k);
        }
        seen++;
      }
    }
    assertEquals(ROWS, seen);
  }

  @Test
  void windowsSeeThePreviousRowsValue() {
    Column[] r = activated();
    org.apache.spark.sql.expressions.WindowSpec w = Window.partitionBy(col("g"))
        .orderBy(col("id"));
    int checked = 0;
    for (Row row : input.select(col("id"), lag(r[0], 1).over(w), lag(r[1], 1).over(w),
        lag(r[2], 1).over(w)).collectAsList()) {
      int previous = row.getInt(0) - 3;
      for (int k = 0; k < 3; k++) {
        Object want = previous < 0 ? null : expected.get(previous).get(1 + k);
        assertEquals(want, row.get(1 + k), "id " + row.getInt(0) + ", column " + k);
      }
      checked++;
    }
    assertEquals(ROWS, checked);
  }

  /**
   * Equal results from rows before which came rows of other lengths: grouped by their bytes,
   * they must fall in one group (bytes left in the buffer by an earlier row would split it).
   */
  @Test
  void equalResultsHaveEqualBytes() {
    Column[] r = activated();
    for (int k = 1; k < 3; k++) {
      Set<Object> distinct = new HashSet<>();
      for (Row e : expected.values()) {
        distinct.add(e.get(1 + k));
      }
      assertTrue(distinct.size() < ROWS / 2, "the data has equal results: " + distinct.size());
      assertEquals(distinct.size(), input.select(r[k]).distinct().count(), "column " + k);
      assertEquals(distinct.size(), input.groupBy(r[k]).count().count(), "column " + k);
    }
    // Vectors, dense and sparse (distinct compares their stored form, so storage counts).
    Set<Object> distinct = new HashSet<>();
    for (Row e : expected.values()) {
      Vector v = (Vector) e.get(1);
      distinct.add((v instanceof org.apache.spark.ml.linalg.SparseVector ? "s" : "d") + v);
    }
    assertEquals(distinct.size(), input.select(r[0]).distinct().count());
    // The same through an activation that keeps every entry of a sparse vector.
    assertEquals(input.select(col("v")).distinct().count(),
        input.select(leaky_relu(col("v"), 0.5)).distinct().count());
  }
}
