package io.github.sparkactivations.stats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * "Will my units die?", answered before a ReLU-family activation is applied: per unit of the
 * input column, the fraction of rows where the input is {@code <= 0} (ReLU's output and gradient
 * are zero there), and the units at or above a threshold (default 0.99), which a ReLU will leave
 * (nearly) dead. NaN inputs count in neither part. From {@link
 * ActivationStatistics#preActivation}.
 */
public final class PreActivationReport {

  private final ActivationStatistics input;
  private final double atRisk;
  private final double[] nonPositive;
  private final List<Integer> atRiskUnits;

  PreActivationReport(ActivationStatistics input, double atRisk) {
    this.input = input;
    this.atRisk = atRisk;
    int n = input.getUnits().size();
    nonPositive = new double[n];
    List<Integer> flagged = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long count = input.getUnit(i).count();
      nonPositive[i] = count == 0 ? Double.NaN : (double) input.nonPositive(i) / count;
      if (nonPositive[i] >= atRisk) {
        flagged.add(i);
      }
    }
    atRiskUnits = Collections.unmodifiableList(flagged);
  }

  /** The input column's own statistics (mean, std, ... of the inputs). */
  public ActivationStatistics getInputStatistics() {
    return input;
  }

  /** The threshold at or above which a unit is flagged. */
  public double getAtRiskThreshold() {
    return atRisk;
  }

  /** The fraction of rows where unit {@code i}'s input is {@code <= 0}. */
  public double getNonPositiveFraction(int i) {
    return nonPositive[i];
  }

  /** The fraction of rows where each unit's input is {@code <= 0}, in unit order. */
  public double[] getNonPositiveFractions() {
    return nonPositive.clone();
  }

  /** The units whose input is {@code <= 0} in at least the threshold's fraction of rows. */
  public List<Integer> getAtRiskUnits() {
    return atRiskUnits;
  }

  /** The schema of {@link #toDataFrame()}. */
  public static final StructType UNIT_SCHEMA = new StructType()
      .add("unit", DataTypes.IntegerType, false)
      .add("count", DataTypes.LongType, false)
      .add("non_positive_fraction", DataTypes.DoubleType, false)
      .add("at_risk", DataTypes.BooleanType, false);

  /** One row per unit, in the active Spark session. */
  public Dataset<Row> toDataFrame() {
    return toDataFrame(SparkSession.active());
  }

  /** One row per unit ({@link #UNIT_SCHEMA}). */
  public Dataset<Row> toDataFrame(SparkSession spark) {
    List<Row> rs = new ArrayList<>();
    for (int i = 0; i < nonPositive.length; i++) {
      rs.add(RowFactory.create(i, input.getUnit(i).count(), nonPositive[i],
          atRiskUnits.contains(i)));
    }
    return spark.createDataFrame(rs, UNIT_SCHEMA);
  }

  /** The report as JSON. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("column", input.getColumn());
    m.put("rows", input.getRows());
    m.put("nullRows", input.getNullRows());
    m.put("atRiskThreshold", atRisk);
    m.put("atRiskUnits", atRiskUnits);
    m.put("nonPositiveFractions", nonPositive);
    return ActivationStatistics.json(m);
  }

  @Override
  public String toString() {
    return String.format("%s: %d of %d units are <= 0 in at least %.0f%% of %,d rows%s",
        input.getColumn(), atRiskUnits.size(), nonPositive.length, atRisk * 100,
        input.getRows(), atRiskUnits.isEmpty() ? "" : " " + atRiskUnits);
  }
}
