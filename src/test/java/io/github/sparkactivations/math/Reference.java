package io.github.sparkactivations.math;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact references of src/test/resources/reference/activations.csv, written by
 * src/test/python/generate_reference.py (mpmath): inputs x and, per column, the correctly
 * rounded value of the exact result.
 */
public final class Reference {
  /** The inputs. */
  public final double[] x;
  /** Column name (e.g. {@code elu[a=1.0]'}) to the correctly rounded results, one per input. */
  public final Map<String, double[]> columns;

  private Reference(double[] x, Map<String, double[]> columns) {
    this.x = x;
    this.columns = columns;
  }

  public static Reference load() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Reference.class.getResourceAsStream("/reference/activations.csv"),
        StandardCharsets.UTF_8))) {
      String line = r.readLine();
      while (line.startsWith("#")) {
        line = r.readLine();
      }
      List<String> names = new ArrayList<>();
      for (String h : line.substring(line.indexOf(',') + 1).split(",(?=\")")) {
        names.add(h.substring(1, h.length() - 1));
      }
      List<double[]> rows = new ArrayList<>();
      while ((line = r.readLine()) != null) {
        String[] f = line.split(",");
        double[] row = new double[f.length];
        for (int i = 0; i < f.length; i++) {
          row[i] = Double.parseDouble(f[i]);
        }
        rows.add(row);
      }
      double[] x = new double[rows.size()];
      Map<String, double[]> columns = new LinkedHashMap<>();
      for (int c = 0; c < names.size(); c++) {
        columns.put(names.get(c), new double[rows.size()]);
      }
      for (int i = 0; i < rows.size(); i++) {
        x[i] = rows.get(i)[0];
        for (int c = 0; c < names.size(); c++) {
          columns.get(names.get(c))[i] = rows.get(i)[c + 1];
        }
      }
      return new Reference(x, columns);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Distance in ulps between a computed and a reference double: 0 for the same bits (all NaNs
   * alike), the count of doubles between them otherwise, and MAX_VALUE when one is NaN or
   * they differ in the sign of zero.
   */
  public static long ulps(double actual, double expected) {
    if (Double.isNaN(actual) || Double.isNaN(expected)) {
      return Double.isNaN(actual) && Double.isNaN(expected) ? 0 : Long.MAX_VALUE;
    }
    if (actual == 0.0 && expected == 0.0) {
      return Double.doubleToRawLongBits(actual) == Double.doubleToRawLongBits(expected)
          ? 0 : Long.MAX_VALUE;
    }
    return Math.abs(ordered(actual) - ordered(expected));
  }

  private static long ordered(double d) {
    long bits = Double.doubleToRawLongBits(d);
    return bits < 0 ? Long.MIN_VALUE - bits : bits;
  }
}
