package io.github.sparkactivations.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** transformSchema's checks, Param validation, metadata, copy, and the multi-column rules. */
class SchemaAndParamsTest {
  private static final StructType SCHEMA = new StructType()
      .add("v", SQLDataTypes.VectorType())
      .add("a", DataTypes.createArrayType(DataTypes.DoubleType))
      .add("s", DataTypes.StringType)
      .add("i", DataTypes.IntegerType)
      .add("ai", DataTypes.createArrayType(DataTypes.IntegerType))
      .add("d", DataTypes.DoubleType);

  private static String error(Supplier<?> action) {
    return assertThrows(IllegalArgumentException.class, action::get).getMessage();
  }

  @Test
  void unsupportedTypesAreRejectedNamingColumnAndTypes() {
    for (String c : new String[] {"s", "i", "ai"}) {
      ReLU relu = new ReLU().setInputCol(c).setOutputCol("o");
      String m = error(() -> relu.transformSchema(SCHEMA));
      assertTrue(m.contains("ReLU " + relu.uid()) && m.contains("column '" + c + "'")
          && m.contains("has type " + SCHEMA.apply(c).dataType().simpleString())
          && m.contains("vector, array<double>, array<float>, double, float"), m);
    }
  }

  @Test
  void missingInputAndExistingOutputAreRejected() {
    String m = error(() -> new ELU().setInputCol("nope").setOutputCol("o").transformSchema(SCHEMA));
    assertTrue(m.contains("input column 'nope' does not exist") && m.contains("[v, a, s"), m);
    m = error(() -> new ELU().setInputCol("v").setOutputCol("d").transformSchema(SCHEMA));
    assertTrue(m.contains("output column 'd' already exists"), m);
    m = error(() -> new ELU().setInputCols("v", "a").setOutputCols("o", "o")
        .transformSchema(SCHEMA));
    assertTrue(m.contains("outputCols must be distinct"), m);
  }

  @Test
  void singleAndMultiColumnRulesAreThoseOfBinarizer() {
    assertTrue(error(() -> new SELU().transformSchema(SCHEMA))
        .contains("inputCol or inputCols must be set"));
    assertTrue(error(() -> new SELU().setInputCol("v").setInputCols("a").setOutputCols("o")
        .transformSchema(SCHEMA)).contains("not both"));
    assertTrue(error(() -> new SELU().setInputCols("v", "a").setOutputCols("o")
        .transformSchema(SCHEMA)).contains("inputCols has 2 and outputCols has 1"));
    assertTrue(error(() -> new SELU().setInputCols("v").transformSchema(SCHEMA))
        .contains("outputCols must be set"));
    assertTrue(error(() -> new SELU().setInputCol("v").setOutputCols("o")
        .transformSchema(SCHEMA)).contains("outputCols is for inputCols"));
    assertTrue(error(() -> new SELU().setInputCols("v").setOutputCol("o").setOutputCols("p")
        .transformSchema(SCHEMA)).contains("outputCol is for inputCol"));
    StructType out = new SELU().setInputCols("v", "a", "d").setOutputCols("o1", "o2", "o3")
        .transformSchema(SCHEMA);
    assertEquals(SQLDataTypes.VectorType(), out.apply("o1").dataType());
    assertEquals(DataTypes.createArrayType(DataTypes.DoubleType, false),
        out.apply("o2").dataType());
    assertEquals(DataTypes.DoubleType, out.apply("o3").dataType());
    SELU defaults = new SELU().setInputCol("v");
    assertEquals(defaults.uid() + "__output", defaults.getOutputCol());
  }

  @Test
  void numericParamsMustBeFiniteAndAreCheckedWhenSet() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      assertTrue(error(() -> new LeakyReLU().setAlpha(bad)).contains("alpha"));
      assertTrue(error(() -> new PReLU().setAlpha(bad)).contains("alpha"));
      assertTrue(error(() -> new PReLU().setAlphas(0.1, bad)).contains("alphas"));
      assertTrue(error(() -> new ELU().setAlpha(bad)).contains("alpha"));
      assertTrue(error(() -> new ReLU().setThreshold(bad)).contains("threshold"));
    }
    assertTrue(error(() -> new PReLU().setAlphas()).contains("alphas"));
    assertTrue(error(() -> new ReLU().setMaxValue(Double.NaN)).contains("maxValue"));
    assertTrue(error(() -> new ReLU().setMaxValue(0.0)).contains("maxValue"));
    assertTrue(error(() -> new ReLU().setMaxValue(Double.NEGATIVE_INFINITY))
        .contains("maxValue"));
    assertEquals(Double.POSITIVE_INFINITY, new ReLU().setMaxValue(6).setMaxValue(
        Double.POSITIVE_INFINITY).getMaxValue());
    // The stage, the value, the Param and what it takes (Spark's own message has no more than
    // "relu_... parameter maxValue given invalid value -1.0.").
    ReLU relu = new ReLU();
    assertEquals("ReLU " + relu.uid() + ": invalid value -1.0 for maxValue (the cap on the output "
        + "(> 0, > threshold; +Infinity for none))", error(() -> relu.setMaxValue(-1)));
    assertTrue(error(() -> new PReLU().setAlphas(0.1, Double.NaN))
        .contains(": invalid value [0.1, NaN] for alphas (the slope for x <= 0 of each element"));
    String m = error(() -> new ReLU().setThreshold(7).setMaxValue(6).setInputCol("d")
        .transformSchema(SCHEMA));
    assertTrue(m.contains("maxValue must be greater than threshold")
        && m.contains("maxValue = 6.0") && m.contains("threshold = 7.0"), m);
  }

  @Test
  void defaultsAreThoseOfTheContract() {
    assertEquals(0.0, new ReLU().getThreshold());
    assertEquals(Double.POSITIVE_INFINITY, new ReLU().getMaxValue());
    assertEquals(0.01, new LeakyReLU().getAlpha());
    assertEquals(0.25, new PReLU().getAlpha());
    PReLU p = new PReLU();
    assertFalse(p.isDefined(p.alphas()));
    assertEquals(1.0, new ELU().getAlpha());
    assertEquals("error", new SELU().getHandleInvalid());
    assertFalse(new SELU().getDerivative());
  }

  @Test
  void preluSlopesMustFitTheColumn() {
    StructType sized = new StructType().add(new AttributeGroup("v", 3).toStructField())
        .add("d", DataTypes.DoubleType);
    String m = error(() -> new PReLU().setAlphas(1, 2).setInputCol("v").transformSchema(sized));
    assertTrue(m.contains("column 'v' holds vectors of size 3") && m.contains("expects 2"), m);
    m = error(() -> new PReLU().setAlphas(1, 2).setInputCol("d").transformSchema(sized));
    assertTrue(m.contains("column 'd' is a double") && m.contains("expects 2"), m);
    new PReLU().setAlphas(1, 2, 3).setInputCol("v").transformSchema(sized);
    new PReLU().setAlphas(0.5).setInputCol("d").transformSchema(sized);
  }

  @Test
  void outputKeepsTheInputVectorsSizeMetadata() {
    Dataset<Row> df = SparkTestSession.get().createDataFrame(
        Arrays.asList(RowFactory.create(1.0, -2.0, 3.0), RowFactory.create(-1.0, 0.0, 2.0)),
        new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
            .add("z", DataTypes.DoubleType));
    Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"x", "y", "z"})
        .setOutputCol("features").transform(df);
    assertEquals(3, AttributeGroup.fromStructField(assembled.schema().apply("features")).size());
    Dataset<Row> out = new LeakyReLU().setInputCol("features").setOutputCol("act")
        .transform(assembled);
    assertEquals(3, AttributeGroup.fromStructField(out.schema().apply("act")).size());
    assertEquals(3, AttributeGroup.fromStructField(
        new ReLU().setInputCol("features").setOutputCol("act")
            .transformSchema(assembled.schema()).apply("act")).size());
    List<Row> rows = out.select("act").collectAsList();
    assertEquals(Vectors.dense(1.0, -0.02, 3.0), rows.get(0).get(0));
  }

  @Test
  void copyKeepsTheUidAndParamsAndAppliesExtras() {
    PReLU p = new PReLU().setAlphas(0.1, 0.2).setInputCol("v").setDerivative(true);
    PReLU c = p.copy(new ParamMap().put(p.alpha(), 0.5));
    assertEquals(p.uid(), c.uid());
    assertArrayEquals(new double[] {0.1, 0.2}, c.getAlphas());
    assertTrue(c.getDerivative());
    assertEquals(0.5, c.getAlpha());
    assertEquals(0.25, p.getAlpha());
  }

  @Test
  void everyParamHasADoc() {
    for (ElementwiseActivation<?> s : List.of(new ReLU(), new LeakyReLU(), new PReLU(),
        new ELU(), new SELU())) {
      String explained = s.explainParams();
      for (String name : new String[] {"inputCol", "outputCol", "inputCols", "outputCols",
          "handleInvalid", "derivative"}) {
        assertTrue(explained.contains(name + ": "), explained);
      }
    }
  }
}
