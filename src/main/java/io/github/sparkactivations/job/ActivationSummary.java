package io.github.sparkactivations.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.github.sparkactivations.stats.ActivationStatistics;

/**
 * What the job reports: rows in and out, time taken, and the {@link ActivationStatistics} of
 * each activated column (size, sparsity, dead and nearly dead units, per unit figures, a
 * histogram, saturation at ReLU's cap). The statistics are observed while the output is
 * written ({@link ActivationStatistics#aggregate} in {@code Dataset.observe}), so they cost no
 * extra pass over the data.
 */
public final class ActivationSummary {

  public final long rowsIn;
  public final long rowsOut;
  public final double seconds;
  public final String outputPath;
  /** The statistics of each activated column, in stage order. */
  public final List<ActivationStatistics> columns;

  ActivationSummary(long rowsIn, long rowsOut, double seconds, String outputPath,
      List<ActivationStatistics> columns) {
    this.rowsIn = rowsIn;
    this.rowsOut = rowsOut;
    this.seconds = seconds;
    this.outputPath = outputPath;
    this.columns = List.copyOf(columns);
  }

  /** The summary as JSON: the job's figures, and each column's statistics in full. */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rowsIn", rowsIn);
    m.put("rowsOut", rowsOut);
    m.put("seconds", seconds);
    m.put("output", outputPath);
    List<Map<String, Object>> cols = new ArrayList<>();
    for (ActivationStatistics c : columns) {
      cols.add(c.toMap());
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
    for (ActivationStatistics c : columns) {
      int units = c.getUnits().size();
      b.append(String.format("  %-24s size %s   sparsity %.4f   dead units %d of %d%s"
          + "   nearly dead %d%s%s%n",
          c.getColumn(), c.getSize() >= 0 ? String.format("%,d", c.getSize())
              : c.getMinSize() + ".." + c.getMaxSize(),
          c.getSparsity(), c.getDeadUnits().size(), units, preview(c.getDeadUnits()),
          c.getNearlyDeadUnits().size(), preview(c.getNearlyDeadUnits()),
          c.getCap().isPresent() ? String.format("   at cap %s: %.4f", c.getCap().getAsDouble(),
              c.getSaturation()) : ""));
    }
    return b.toString();
  }

  private static String preview(List<Integer> units) {
    if (units.isEmpty()) {
      return "";
    }
    return " " + (units.size() <= 10 ? units.toString()
        : units.subList(0, 10).toString().replace("]", ", ...]"));
  }
}
