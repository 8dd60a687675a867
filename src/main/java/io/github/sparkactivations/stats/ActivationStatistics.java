package io.github.sparkactivations.stats;

import static org.apache.spark.sql.functions.col;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.github.sparkactivations.ml.ActivationTransformer;

import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Sparsity and dying-unit statistics of a vector, array or numeric column, computed in one
 * distributed pass: rows and null rows, the element count per row, the fraction of exact zeros,
 * per unit (element index) the fraction of rows where it is active ({@code > 0}), mean, standard
 * deviation, min, max and NaN count, the dead units (active in no row) and nearly dead ones, a
 * histogram of all values, and the fraction of values at a cap such as ReLU6's 6.
 *
 * <pre>{@code
 * ActivationStatistics s = ActivationStatistics.of(activated, "relu_out");
 * s.getSparsity(); s.getDeadUnits(); s.getUnit(3).activeFraction();
 * s.toDataFrame().show();      // one row per unit
 * s.toJson();
 * ActivationStatistics.of(activated, new ReLU().setMaxValue(6) ...);  // cap from the stage
 * }</pre>
 *
 * <p>Sparse vectors are read from their stored entries only; their implicit zeros are counted
 * from the row sizes, so the cost follows the non-zeros. Rows may differ in size: unit i counts
 * the rows that have an element i. NaN is counted per unit and left out of mean, std, min, max
 * and the histogram; a null row or null array element is counted and left out of everything
 * else. Sums are carried in double-double, so the figures are the same however the data are
 * partitioned (mean and std are rounded once from about 32 exact digits).
 *
 * <p>An instance is immutable. {@link #aggregate} gives the pass as a {@link Column}, for use in
 * {@code Dataset.observe} (figures gathered while the data are written, as the batch job does)
 * or in a larger {@code agg}; {@link #fromAggregate} reads its result.
 */
public final class ActivationStatistics {

  /** How the figures are reported; immutable, start from {@link #defaults()}. */
  public static final class Options implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int bins;
    private final double nearlyDeadBelow;
    private final double cap;

    private Options(int bins, double nearlyDeadBelow, double cap) {
      if (bins < 1) {
        throw new IllegalArgumentException("bins must be at least 1, but is " + bins);
      }
      if (!(nearlyDeadBelow >= 0 && nearlyDeadBelow <= 1)) {
        throw new IllegalArgumentException("nearlyDeadBelow must be in [0, 1], but is "
            + nearlyDeadBelow);
      }
      if (Double.isInfinite(cap)) {
        throw new IllegalArgumentException("the cap must be finite (or NaN for none), but is "
            + cap);
      }
      this.bins = bins;
      this.nearlyDeadBelow = nearlyDeadBelow;
      this.cap = cap;
    }

    /** 20 bins, nearly dead below 1% active, no cap. */
    public static Options defaults() {
      return new Options(20, 0.01, Double.NaN);
    }

    /** The number of histogram bins (at least 1). */
    public Options withBins(int bins) {
      return new Options(bins, nearlyDeadBelow, cap);
    }

    /** A unit active in fewer than this fraction of rows (but some) is nearly dead. */
    public Options withNearlyDeadBelow(double fraction) {
      return new Options(bins, fraction, cap);
    }

    /** The value outputs saturate at (ReLU's {@code maxValue}), to report how many reach it. */
    public Options withCap(double cap) {
      return new Options(bins, nearlyDeadBelow, cap);
    }

    /** With no cap. */
    public Options withoutCap() {
      return new Options(bins, nearlyDeadBelow, Double.NaN);
    }

    /** The number of histogram bins. */
    public int bins() {
      return bins;
    }

    /** The active fraction below which a unit (active in some rows) is nearly dead. */
    public double nearlyDeadBelow() {
      return nearlyDeadBelow;
    }

    /** The cap, if one is set. */
    public OptionalDouble cap() {
      return Double.isNaN(cap) ? OptionalDouble.empty() : OptionalDouble.of(cap);
    }
  }

  private static final MathContext EXACT_ENOUGH = MathContext.DECIMAL128;

  private final String column;
  private final Options options;
  private final long rows;
  private final long nullRows;
  private final long nullElements;
  private final int minSize;
  private final int maxSize;
  private final long elements;
  private final long zeros;
  private final long nanCount;
  private final long atCap;
  private final List<UnitStatistics> units;
  private final List<Integer> dead;
  private final List<Integer> nearlyDead;
  private final Histogram histogram;
  // Rows in which each unit is <= 0 (not NaN): what preActivation reports.
  private final long[] nonPositive;

  private ActivationStatistics(String column, Options options, StatisticsBuffer b) {
    this.column = column;
    this.options = options;
    this.rows = b.rows;
    this.nullRows = b.nullRows;
    this.nullElements = b.nullElements;
    int lo = -1;
    int hi = -1;
    for (int s = 0; s < b.rowsWithSize.length; s++) {
      if (b.rowsWithSize[s] > 0) {
        lo = lo < 0 ? s : lo;
        hi = s;
      }
    }
    this.minSize = lo;
    this.maxSize = hi;
    long[] n = b.rowsPerUnit(b.rowsWithSize);
    long[] sparseN = b.rowsPerUnit(b.sparseRowsWithSize);
    List<UnitStatistics> us = new ArrayList<>(b.units());
    List<Integer> deadUnits = new ArrayList<>();
    List<Integer> nearly = new ArrayList<>();
    nonPositive = new long[b.units()];
    long implicitZeros = 0;
    long els = 0;
    long nans = 0;
    long posInf = 0;
    long negInf = 0;
    for (int i = 0; i < b.units(); i++) {
      long implicit = sparseN[i] - b.sparseStored[i];
      implicitZeros += implicit;
      double min = implicit > 0 ? Math.min(b.min[i], 0.0) : b.min[i];
      double max = implicit > 0 ? Math.max(b.max[i], 0.0) : b.max[i];
      long count = n[i] - b.nulls[i];
      long values = count - b.nan[i];
      els += count;
      nans += b.nan[i];
      posInf += b.posInf[i];
      negInf += b.negInf[i];
      nonPositive[i] = values - b.active[i];
      double active = count == 0 ? Double.NaN : (double) b.active[i] / count;
      UnitStatistics u = new UnitStatistics(i, count, b.nan[i], active,
          mean(values, b.posInf[i], b.negInf[i], b.sumHi[i], b.sumLo[i]),
          std(values, b.posInf[i] + b.negInf[i], b.sumHi[i], b.sumLo[i], b.sqHi[i], b.sqLo[i]),
          values == 0 ? Double.NaN : min, values == 0 ? Double.NaN : max);
      us.add(u);
      if (u.isDead()) {
        deadUnits.add(i);
      } else if (count > 0 && active < options.nearlyDeadBelow) {
        nearly.add(i);
      }
    }
    this.units = Collections.unmodifiableList(us);
    this.dead = Collections.unmodifiableList(deadUnits);
    this.nearlyDead = Collections.unmodifiableList(nearly);
    this.elements = els;
    this.zeros = b.zeros + implicitZeros;
    this.nanCount = nans;
    this.atCap = b.atCap + (b.cap == 0.0 ? implicitZeros : 0);
    this.histogram = Histogram.of(b.sketch, this.zeros, b.finiteMin, b.finiteMax,
        options.bins, posInf, negInf);
  }

  private static double mean(long values, long posInf, long negInf, double hi, double lo) {
    if (values == 0 || (posInf > 0 && negInf > 0)) {
      return Double.NaN;
    }
    if (posInf > 0 || negInf > 0) {
      return posInf > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }
    if (!Double.isFinite(hi + lo)) {
      return (hi + lo) / values;
    }
    return exact(hi, lo).divide(BigDecimal.valueOf(values), EXACT_ENOUGH).doubleValue();
  }

  private static double std(long values, long infinities, double hi, double lo, double sqHi,
      double sqLo) {
    if (values < 2 || infinities > 0) {
      return Double.NaN;
    }
    if (!Double.isFinite(hi + lo) || !Double.isFinite(sqHi + sqLo)) {
      return Double.NaN;
    }
    BigDecimal sum = exact(hi, lo);
    BigDecimal squares = exact(sqHi, sqLo);
    BigDecimal n = BigDecimal.valueOf(values);
    BigDecimal var = squares.subtract(sum.multiply(sum).divide(n, EXACT_ENOUGH))
        .divide(n.subtract(BigDecimal.ONE), EXACT_ENOUGH);
    return Math.sqrt(Math.max(0.0, var.doubleValue()));
  }

  private static BigDecimal exact(double hi, double lo) {
    return new BigDecimal(hi).add(new BigDecimal(lo));
  }

  // ---------------------------------------------------------------- entry points

  /** The statistics of one column of {@code df}, with the default options. */
  public static ActivationStatistics of(Dataset<Row> df, String column) {
    return of(df, column, Options.defaults());
  }

  /** The statistics of one column of {@code df}. */
  public static ActivationStatistics of(Dataset<Row> df, String column, Options options) {
    return of(df, List.of(column), options).get(column);
  }

  /** The statistics of several columns, in one pass, in the order given. */
  public static Map<String, ActivationStatistics> of(Dataset<Row> df, String... columns) {
    return of(df, Arrays.asList(columns), Options.defaults());
  }

  /** The statistics of several columns, in one pass, in the order given. */
  public static Map<String, ActivationStatistics> of(Dataset<Row> df, List<String> columns,
      Options options) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no columns given");
    }
    Column[] aggs = new Column[columns.size()];
    for (int i = 0; i < aggs.length; i++) {
      aggs[i] = aggregate(df.schema(), columns.get(i), options).as("s" + i);
    }
    Row r = df.agg(aggs[0], Arrays.copyOfRange(aggs, 1, aggs.length)).head();
    Map<String, ActivationStatistics> out = new LinkedHashMap<>();
    for (int i = 0; i < aggs.length; i++) {
      out.put(columns.get(i), fromAggregate(columns.get(i), r.get(i), options));
    }
    return out;
  }

  /**
   * The statistics of a stage's output columns in {@code transformed} (the stage's output), in
   * one pass. The stage's saturation value (ReLU's finite {@code maxValue}) is the cap.
   */
  public static Map<String, ActivationStatistics> of(Dataset<Row> transformed,
      ActivationTransformer<?> stage) {
    return of(transformed, stage, Options.defaults());
  }

  /** As {@link #of(Dataset, ActivationTransformer)}, with other options. */
  public static Map<String, ActivationStatistics> of(Dataset<Row> transformed,
      ActivationTransformer<?> stage, Options options) {
    OptionalDouble cap = stage.saturationValue();
    return of(transformed, stage.outputColumns(),
        cap.isPresent() ? options.withCap(cap.getAsDouble()) : options);
  }

  /**
   * Per unit, how often the input of a ReLU-family activation is {@code <= 0} (where ReLU's
   * gradient is zero), flagging units at or above 99% of rows: units that will die.
   */
  public static PreActivationReport preActivation(Dataset<Row> df, String column) {
    return preActivation(df, column, 0.99);
  }

  /** As {@link #preActivation(Dataset, String)}, flagging units at or above {@code atRisk}. */
  public static PreActivationReport preActivation(Dataset<Row> df, String column,
      double atRisk) {
    if (!(atRisk >= 0 && atRisk <= 1)) {
      throw new IllegalArgumentException("atRisk must be in [0, 1], but is " + atRisk);
    }
    ActivationStatistics s = of(df, column);
    return new PreActivationReport(s, atRisk);
  }

  /**
   * The one-pass aggregate of {@code column} (a vector, an array of numbers or a number in
   * {@code schema}), for {@code Dataset.agg} or {@code Dataset.observe}; read its value with
   * {@link #fromAggregate}.
   *
   * @throws IllegalArgumentException if the column is missing or of another type
   */
  public static Column aggregate(StructType schema, String column, Options options) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("ActivationStatistics: column '" + column
          + "' does not exist; the columns are " + Arrays.toString(schema.fieldNames()));
    }
    StructField f = schema.apply(column);
    DataType t = f.dataType();
    Column c = col("`" + column.replace("`", "``") + "`");
    DataType input;
    if (t instanceof VectorUDT) {
      input = t;
    } else if (t instanceof ArrayType a && a.elementType() instanceof NumericType) {
      input = DataTypes.createArrayType(DataTypes.DoubleType, true);
      c = c.cast(input);
    } else if (t instanceof NumericType) {
      input = DataTypes.DoubleType;
      c = c.cast(input);
    } else {
      throw new IllegalArgumentException("ActivationStatistics: column '" + column
          + "' must be a vector, an array of numbers or a number, but is "
          + t.catalogString());
    }
    double cap = options.cap().orElse(Double.NaN);
    StructType in = new StructType().add("x", input, true);
    return functions.udaf(new StatisticsAggregator(cap), Encoders.row(in)).apply(c);
  }

  /** The statistics from the value of {@link #aggregate} (the same options). */
  public static ActivationStatistics fromAggregate(String column, Object value,
      Options options) {
    if (!(value instanceof byte[] bytes)) {
      throw new IllegalArgumentException("not a value of ActivationStatistics.aggregate: "
          + value);
    }
    return new ActivationStatistics(column, options, StatisticsAggregator.deserialize(bytes));
  }

  // ---------------------------------------------------------------- figures

  /** The column summarised. */
  public String getColumn() {
    return column;
  }

  /** The options the figures were reported with. */
  public Options getOptions() {
    return options;
  }

  /** Rows with a value (not null). */
  public long getRows() {
    return rows;
  }

  /** Null rows (counted, left out of every other figure). */
  public long getNullRows() {
    return nullRows;
  }

  /** Null elements of array rows (counted, left out of every other figure). */
  public long getNullElements() {
    return nullElements;
  }

  /** Elements per row (1 for a numeric column); -1 when rows differ in size or none exist. */
  public int getSize() {
    return minSize == maxSize ? minSize : -1;
  }

  /** The fewest elements of any row (-1 with no rows). */
  public int getMinSize() {
    return minSize;
  }

  /** The most elements of any row, which is the number of units (-1 with no rows). */
  public int getMaxSize() {
    return maxSize;
  }

  /** Elements in all rows (null elements not included). */
  public long getElements() {
    return elements;
  }

  /** Elements exactly zero (either sign; a sparse vector's implicit zeros included). */
  public long getZeroCount() {
    return zeros;
  }

  /** The fraction of elements that are exactly zero (NaN with no elements). */
  public double getSparsity() {
    return elements == 0 ? Double.NaN : (double) zeros / elements;
  }

  /** NaN elements. */
  public long getNaNCount() {
    return nanCount;
  }

  /** Per unit figures, in unit order. */
  public List<UnitStatistics> getUnits() {
    return units;
  }

  /** The figures of unit {@code i}. */
  public UnitStatistics getUnit(int i) {
    return units.get(i);
  }

  /** Units active ({@code > 0}) in no row. */
  public List<Integer> getDeadUnits() {
    return dead;
  }

  /** Units active in some rows, but fewer than {@code nearlyDeadBelow} of them. */
  public List<Integer> getNearlyDeadUnits() {
    return nearlyDead;
  }

  /** The histogram of all finite values. */
  public Histogram getHistogram() {
    return histogram;
  }

  /** The cap counted for saturation, if any. */
  public OptionalDouble getCap() {
    return options.cap();
  }

  /** Elements equal to the cap (0 with no cap). */
  public long getAtCapCount() {
    return atCap;
  }

  /** The fraction of elements equal to the cap; NaN with no cap or no elements. */
  public double getSaturation() {
    return options.cap().isEmpty() || elements == 0 ? Double.NaN : (double) atCap / elements;
  }

  long nonPositive(int unit) {
    return nonPositive[unit];
  }

  // ---------------------------------------------------------------- output

  /** The schema of {@link #toDataFrame()}. */
  public static final StructType UNIT_SCHEMA = new StructType()
      .add("unit", DataTypes.IntegerType, false)
      .add("count", DataTypes.LongType, false)
      .add("active_fraction", DataTypes.DoubleType, false)
      .add("mean", DataTypes.DoubleType, false)
      .add("std", DataTypes.DoubleType, false)
      .add("min", DataTypes.DoubleType, false)
      .add("max", DataTypes.DoubleType, false)
      .add("nan_count", DataTypes.LongType, false)
      .add("dead", DataTypes.BooleanType, false)
      .add("nearly_dead", DataTypes.BooleanType, false);

  /** One row per unit ({@link #UNIT_SCHEMA}), in the active Spark session. */
  public Dataset<Row> toDataFrame() {
    return toDataFrame(SparkSession.active());
  }

  /** One row per unit ({@link #UNIT_SCHEMA}). */
  public Dataset<Row> toDataFrame(SparkSession spark) {
    List<Row> rs = new ArrayList<>(units.size());
    for (UnitStatistics u : units) {
      rs.add(RowFactory.create(u.unit(), u.count(), u.activeFraction(), u.mean(), u.std(),
          u.min(), u.max(), u.nanCount(), dead.contains(u.unit()),
          nearlyDead.contains(u.unit())));
    }
    return spark.createDataFrame(rs, UNIT_SCHEMA);
  }

  /** The figures as a map of plain values (what {@link #toJson()} writes). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("column", column);
    m.put("rows", rows);
    m.put("nullRows", nullRows);
    m.put("nullElements", nullElements);
    m.put("size", getSize());
    m.put("minSize", minSize);
    m.put("maxSize", maxSize);
    m.put("elements", elements);
    m.put("zeros", zeros);
    m.put("sparsity", getSparsity());
    m.put("nanCount", nanCount);
    m.put("deadUnits", dead);
    m.put("nearlyDeadBelow", options.nearlyDeadBelow);
    m.put("nearlyDeadUnits", nearlyDead);
    if (options.cap().isPresent()) {
      Map<String, Object> sat = new LinkedHashMap<>();
      sat.put("cap", options.cap);
      sat.put("count", atCap);
      sat.put("fraction", getSaturation());
      m.put("saturation", sat);
    }
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("low", histogram.getLow());
    h.put("high", histogram.getHigh());
    h.put("edges", histogram.getEdges());
    h.put("counts", histogram.getCounts());
    h.put("precisionBits", histogram.getPrecisionBits());
    h.put("positiveInfinity", histogram.getPositiveInfinity());
    h.put("negativeInfinity", histogram.getNegativeInfinity());
    m.put("histogram", h);
    List<Map<String, Object>> us = new ArrayList<>();
    for (UnitStatistics u : units) {
      Map<String, Object> um = new LinkedHashMap<>();
      um.put("unit", u.unit());
      um.put("count", u.count());
      um.put("activeFraction", u.activeFraction());
      um.put("mean", u.mean());
      um.put("std", u.std());
      um.put("min", u.min());
      um.put("max", u.max());
      um.put("nanCount", u.nanCount());
      us.add(um);
    }
    m.put("units", us);
    return m;
  }

  /** The figures as JSON (NaN and infinities as the strings "NaN", "Infinity"). */
  public String toJson() {
    return json(toMap());
  }

  static String json(Object value) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return String.format("%s: %,d rows (%,d null), size %s, sparsity %.4f, dead units %d of %d,"
        + " nearly dead %d", column, rows, nullRows,
        getSize() >= 0 ? String.valueOf(getSize()) : minSize + ".." + maxSize, getSparsity(),
        dead.size(), units.size(), nearlyDead.size());
  }
}
