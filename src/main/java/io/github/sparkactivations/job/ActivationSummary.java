package io.github.sparkactivations.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.stat.Summarizer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * What the job reports: rows in and out, time taken, and for each activated vector column its
 * size, its sparsity (the fraction of outputs that are zero) and its dead units (zero in every
 * row). The column figures come from Spark's {@link Summarizer} ({@code count} and
 * {@code numNonZeros}), observed while the output is written, so they cost no extra pass.
 */
public final class ActivationSummary {

  /** The figures of one activated column. */
  public static final class ColumnSummary {
    public final String column;
    public final int size;
    public final long rows;
    public final double sparsity;
    public final List<Integer> deadUnits;

    ColumnSummary(String column, int size, long rows, double sparsity, List<Integer> deadUnits) {
      this.column = column;
      this.size = size;
      this.rows = rows;
      this.sparsity = sparsity;
      this.deadUnits = deadUnits;
    }
  }

  public final long rowsIn;
  public final long rowsOut;
  public final double seconds;
  public final String outputPath;
  public final List<ColumnSummary> columns;

  ActivationSummary(long rowsIn, long rowsOut, double seconds, String outputPath,
      List<ColumnSummary> columns) {
    this.rowsIn = rowsIn;
    this.rowsOut = rowsOut;
    this.seconds = seconds;
    this.outputPath = outputPath;
    this.columns = columns;
  }

  /** The aggregate to observe for one vector column, named {@code name}. */
  static Column metrics(Column vectors, String name) {
    return Summarizer.metrics("count", "numNonZeros").summary(vectors).as(name);
  }

  /** The figures of one column from its observed metrics (a struct of count, numNonZeros). */
  static ColumnSummary column(String column, Row metrics) {
    if (metrics == null || metrics.isNullAt(1)) {
      return new ColumnSummary(column, 0, 0, Double.NaN, List.of());
    }
    long rows = metrics.getLong(0);
    Vector nnz = (Vector) metrics.get(1);
    int size = nnz.size();
    double nonZeros = 0;
    List<Integer> dead = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      nonZeros += nnz.apply(i);
      if (nnz.apply(i) == 0.0) {
        dead.add(i);
      }
    }
    double cells = (double) rows * size;
    return new ColumnSummary(column, size, rows, cells == 0 ? Double.NaN : 1 - nonZeros / cells,
        dead);
  }

  /** The summary as JSON. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rowsIn", rowsIn);
    m.put("rowsOut", rowsOut);
    m.put("seconds", seconds);
    m.put("output", outputPath);
    List<Map<String, Object>> cols = new ArrayList<>();
    for (ColumnSummary c : columns) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("column", c.column);
      cm.put("size", c.size);
      cm.put("sparsity", c.sparsity);
      cm.put("deadUnits", c.deadUnits.size());
      cm.put("deadUnitIndices", c.deadUnits);
      cols.add(cm);
    }
    m.put("columns", cols);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(m);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The summary for a person. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("rows in: %,d   rows out: %,d   time: %.1f s%n", rowsIn, rowsOut,
        seconds));
    b.append("output: ").append(outputPath).append('\n');
    for (ColumnSummary c : columns) {
      b.append(String.format("  %-24s size %,d   sparsity %.4f   dead units %d of %d%s%n",
          c.column, c.size, c.sparsity, c.deadUnits.size(), c.size,
          c.deadUnits.isEmpty() ? "" : " " + preview(c.deadUnits)));
    }
    return b.toString();
  }

  private static String preview(List<Integer> units) {
    return units.size() <= 10 ? units.toString()
        : units.subList(0, 10).toString().replace("]", ", ...]");
  }
}
