package io.github.sparkactivations.examples;

import io.github.sparkactivations.ml.ELU;

import java.util.List;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One stage over several columns of different types at once (a vector, an array and a number),
 * with the derivative, and {@code handleInvalid = "keep"} turning a null row into null output
 * instead of failing the job.
 */
public final class MultiColumn {

  public static void main(String[] args) throws Exception {
    try (SparkSession spark = SparkSession.builder().master("local[2]")
        .appName("MultiColumn").config("spark.ui.enabled", "false").getOrCreate()) {
      Dataset<Row> df = spark.createDataFrame(List.of(
          RowFactory.create(Vectors.dense(-1.0, 0.0, 2.0), new Double[] {-2.0, 3.0}, -0.5),
          RowFactory.create(null, new Double[] {0.0, -1.0}, 4.0)),
          new StructType()
              .add("embedding", SQLDataTypes.VectorType())
              .add("scores", DataTypes.createArrayType(DataTypes.DoubleType))
              .add("bias", DataTypes.DoubleType));

      ELU elu = new ELU().setAlpha(1.0)
          .setInputCols("embedding", "scores", "bias")
          .setOutputCols("embedding_elu", "scores_elu", "bias_elu")
          .setHandleInvalid("keep");
      ELU slope = elu.copy(new org.apache.spark.ml.param.ParamMap()).setDerivative(true)
          .setOutputCols("embedding_d", "scores_d", "bias_d");
      Dataset<Row> out = slope.transform(elu.transform(df));
      out.show(false);

      List<Row> rows = out.collectAsList();
      Vector first = rows.get(0).getAs("embedding_elu");
      double[] expected = {Math.expm1(-1.0), 0.0, 2.0};
      boolean ok = java.util.Arrays.equals(first.toArray(), expected)
          && rows.get(1).isNullAt(rows.get(1).fieldIndex("embedding_elu"))
          && rows.get(1).<Double>getAs("bias_elu") == 4.0
          && rows.get(0).<Double>getAs("bias_d") == Math.exp(-0.5)
          && rows.get(0).<scala.collection.Seq<Double>>getAs("scores_elu").apply(1) == 3.0;
      System.out.println("ELU(-1) = " + first.apply(0) + "   null row kept as null: "
          + rows.get(1).isNullAt(rows.get(1).fieldIndex("embedding_elu")));
      if (!ok) {
        throw new IllegalStateException("unexpected output: " + rows);
      }
    }
  }
}
