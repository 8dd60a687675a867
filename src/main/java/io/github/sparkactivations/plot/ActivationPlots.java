package io.github.sparkactivations.plot;

import io.github.sparkactivations.ml.ElementwiseActivation;
import io.github.sparkactivations.ml.ElementwiseFunction;
import io.github.sparkactivations.stats.ActivationStatistics;
import io.github.sparkactivations.stats.Histogram;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of activations and of {@link ActivationStatistics}, rendered headless to PNG:
 *
 * <pre>{@code
 * ActivationPlots.curves(List.of(new ReLU(), new LeakyReLU().setAlpha(0.1), new ELU(),
 *     new SELU()), -3, 3).writePng(Path.of("curves.png"));
 * ActivationPlots.activationRates(stats).writePng(Path.of("rates.png"));
 * ActivationPlots.histogram(stats, 1000, 400).toPng();
 * }</pre>
 *
 * <p>Each method has a form with the size in pixels (default 800 × 500). If the system property
 * {@code java.awt.headless} is unset when this class loads, it is set to {@code true}: the charts
 * are drawn into images, never windows, so they work on servers with no display. Needs XChart on
 * the classpath (see the package documentation).
 */
public final class ActivationPlots {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** The default width in pixels. */
  public static final int WIDTH = 800;
  /** The default height in pixels. */
  public static final int HEIGHT = 500;

  /** Series colours: the first is the colour of the first stage's curves. */
  static final Color[] COLORS = {new Color(31, 119, 180), new Color(214, 39, 40),
      new Color(44, 160, 44), new Color(148, 103, 189), new Color(255, 127, 14),
      new Color(140, 86, 75), new Color(227, 119, 194), new Color(23, 190, 207)};
  static final Color DEAD = new Color(214, 39, 40);
  static final Color NEARLY_DEAD = new Color(255, 127, 14);

  private static final int POINTS = 1201;
  // Params of every stage that say nothing about the function drawn.
  private static final java.util.Set<String> COLUMN_PARAMS = java.util.Set.of("inputCol",
      "outputCol", "inputCols", "outputCols", "handleInvalid", "derivative");
  private static final int MAX_BARS = 200;

  private ActivationPlots() {}

  /** {@link #curves(List, double, double, int, int)} at the default size. */
  public static Plot curves(List<? extends ElementwiseActivation<?>> stages, double from,
      double to) {
    return curves(stages, from, to, WIDTH, HEIGHT);
  }

  /**
   * f(x) (solid) and f'(x) (dashed, same colour) of each configured stage over [from, to], in
   * one chart with a legend; a stage with a slope per element (PReLU's {@code alphas}) is drawn
   * with the slope of element 0. The stages are not changed.
   */
  public static Plot curves(List<? extends ElementwiseActivation<?>> stages, double from,
      double to, int width, int height) {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("no stages to plot");
    }
    if (!(Double.isFinite(from) && Double.isFinite(to) && from < to)) {
      throw new IllegalArgumentException("the range must be finite with from < to, but is ["
          + from + ", " + to + "]");
    }
    XYChart chart = new XYChartBuilder().width(size(width)).height(size(height))
        .title("Activations f(x) and derivatives f'(x)").xAxisTitle("x").yAxisTitle("f(x), f'(x)")
        .build();
    style(chart.getStyler());
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    double[] x = grid(from, to);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    List<double[][]> lines = new ArrayList<>();
    for (ElementwiseActivation<?> stage : stages) {
      for (boolean derivative : new boolean[] {false, true}) {
        double[] y = apply(function(stage, derivative), x);
        for (double v : y) {
          if (Double.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
        lines.add(new double[][] {x, y});
      }
    }
    // Whole-number y limits give XChart round tick steps.
    chart.getStyler().setYAxisMin(Math.floor(lo)).setYAxisMax(Math.max(Math.ceil(hi),
        Math.floor(lo) + 1));
    double tolerance = (hi - lo) * 1e-4;
    for (int s = 0; s < stages.size(); s++) {
      Color color = COLORS[s % COLORS.length];
      String label = label(stages.get(s));
      for (int d = 0; d < 2; d++) {
        // Straight runs become single segments, so a dashed stroke shows its dashes.
        double[][] line = simplify(lines.get(2 * s + d), tolerance);
        XYSeries series = chart.addSeries(unique(chart, d == 0 ? label : label + "'"), line[0],
            line[1]);
        series.setMarker(SeriesMarkers.NONE).setLineColor(color).setLineStyle(d == 0
            ? new BasicStroke(2.5f)
            : new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                new float[] {8f, 5f}, 0f));
      }
    }
    return new Plot(chart);
  }

  /** {@link #activationRates(ActivationStatistics, int, int)} at the default size. */
  public static Plot activationRates(ActivationStatistics stats) {
    return activationRates(stats, WIDTH, HEIGHT);
  }

  /**
   * The fraction of rows in which each unit is active ({@code > 0}), as bars, with dead units
   * (active in no row) marked by a red band the height of the chart and nearly dead ones by an
   * orange band. Above 200 units the bars become a filled step line and dead units red markers.
   */
  public static Plot activationRates(ActivationStatistics stats, int width, int height) {
    int n = stats.getUnits().size();
    double[] rate = new double[n];
    for (int i = 0; i < n; i++) {
      double r = stats.getUnit(i).activeFraction();
      rate[i] = Double.isNaN(r) ? 0.0 : r;
    }
    String title = String.format(Locale.ROOT, "%s: active (> 0) fraction per unit, %d dead, %d"
        + " nearly dead (< %s)", stats.getColumn(), stats.getDeadUnits().size(),
        stats.getNearlyDeadUnits().size(), percent(stats.getOptions().nearlyDeadBelow()));
    if (n <= MAX_BARS) {
      CategoryChart chart = new CategoryChartBuilder().width(size(width)).height(size(height))
          .title(title).xAxisTitle("unit").yAxisTitle("fraction of rows active").build();
      style(chart.getStyler());
      chart.getStyler().setOverlapped(true).setYAxisMin(0.0).setYAxisMax(1.0);
      chart.getStyler().setXAxisMaxLabelCount(40);
      chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
      List<Integer> units = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        units.add(i);
      }
      // Bands first, so the bars are drawn over them.
      band(chart, "dead", units, stats.getDeadUnits(), DEAD);
      band(chart, "nearly dead", units, stats.getNearlyDeadUnits(), NEARLY_DEAD);
      CategorySeries bars = chart.addSeries("active fraction", units, boxed(rate));
      bars.setFillColor(COLORS[0]);
      return new Plot(chart);
    }
    XYChart chart = new XYChartBuilder().width(size(width)).height(size(height)).title(title)
        .xAxisTitle("unit").yAxisTitle("fraction of rows active").build();
    style(chart.getStyler());
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      u[i] = i;
    }
    XYSeries line = chart.addSeries("active fraction", u, rate);
    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea)
        .setMarker(SeriesMarkers.NONE).setLineColor(COLORS[0]).setFillColor(COLORS[0]);
    markers(chart, "dead", stats.getDeadUnits(), DEAD);
    markers(chart, "nearly dead", stats.getNearlyDeadUnits(), NEARLY_DEAD);
    return new Plot(chart);
  }

  /** {@link #histogram(ActivationStatistics, int, int)} at the default size. */
  public static Plot histogram(ActivationStatistics stats) {
    return histogram(stats, WIDTH, HEIGHT);
  }

  /**
   * The histogram of all finite values of the column ({@link ActivationStatistics#getHistogram()}),
   * as filled steps over the bin edges; the title gives the sparsity, and the cap's saturation
   * when there is one.
   */
  public static Plot histogram(ActivationStatistics stats, int width, int height) {
    Histogram h = stats.getHistogram();
    String title = String.format(Locale.ROOT, "%s: values (sparsity %s%s)", stats.getColumn(),
        percent(stats.getSparsity()), stats.getCap().isPresent()
            ? String.format(Locale.ROOT, ", at cap %s: %s", stats.getCap().getAsDouble(),
                percent(stats.getSaturation())) : "");
    XYChart chart = new XYChartBuilder().width(size(width)).height(size(height)).title(title)
        .xAxisTitle("value").yAxisTitle("count").build();
    style(chart.getStyler());
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisDecimalPattern(decimalPattern(h.getHigh() - h.getLow()));
    double[] edges = h.getEdges();
    long[] counts = h.getCounts();
    if (counts.length == 0) {
      // No finite values: an empty frame, still a valid chart.
      edges = new double[] {0, 1};
      counts = new long[] {0};
    }
    // Steps: the count of bin k from edge k to edge k + 1 (the last count repeated at the end).
    double[] y = new double[edges.length];
    for (int k = 0; k < edges.length; k++) {
      y[k] = counts[Math.min(k, counts.length - 1)];
    }
    if (edges[0] == edges[edges.length - 1]) {
      edges = new double[] {edges[0] - 0.5, edges[0] + 0.5};
    }
    XYSeries s = chart.addSeries("count", edges, y);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.StepArea).setMarker(SeriesMarkers.NONE)
        .setLineColor(COLORS[0]).setFillColor(COLORS[0]);
    return new Plot(chart);
  }

  /** The legend label of a stage: its class and the function's Params it has set. */
  static String label(ElementwiseActivation<?> stage) {
    List<String> set = new ArrayList<>();
    for (Param<?> p : stage.params()) {
      if (stage.isSet(p) && !COLUMN_PARAMS.contains(p.name())) {
        Object v = stage.getOrDefault(p);
        set.add(p.name() + "=" + (v instanceof double[] a ? Arrays.toString(a) : v));
      }
    }
    String name = stage.getClass().getSimpleName();
    return set.isEmpty() ? name : name + "(" + String.join(", ", set) + ")";
  }

  private static ElementwiseFunction function(ElementwiseActivation<?> stage,
      boolean derivative) {
    ElementwiseActivation<?> copy = (ElementwiseActivation<?>) stage.copy(ParamMap.empty());
    return copy.setDerivative(derivative).currentFunction();
  }

  /**
   * The polyline without the points that lie within {@code tolerance} of the segment joining
   * their neighbours (Ramer-Douglas-Peucker), so straight runs are drawn as one segment.
   */
  static double[][] simplify(double[][] line, double tolerance) {
    double[] x = line[0];
    double[] y = line[1];
    int n = x.length;
    boolean[] keep = new boolean[n];
    keep[0] = true;
    keep[n - 1] = true;
    java.util.ArrayDeque<int[]> work = new java.util.ArrayDeque<>();
    work.push(new int[] {0, n - 1});
    while (!work.isEmpty()) {
      int[] seg = work.pop();
      int a = seg[0];
      int b = seg[1];
      int worst = -1;
      double far = tolerance;
      for (int i = a + 1; i < b; i++) {
        double t = (x[i] - x[a]) / (x[b] - x[a]);
        double dist = Math.abs(y[i] - (y[a] + t * (y[b] - y[a])));
        if (!(dist <= far)) {
          far = dist;
          worst = i;
        }
      }
      if (worst >= 0) {
        keep[worst] = true;
        work.push(new int[] {a, worst});
        work.push(new int[] {worst, b});
      }
    }
    int m = 0;
    for (boolean k : keep) {
      m += k ? 1 : 0;
    }
    double[][] out = new double[2][m];
    for (int i = 0, j = 0; i < n; i++) {
      if (keep[i]) {
        out[0][j] = x[i];
        out[1][j++] = y[i];
      }
    }
    return out;
  }

  private static double[] apply(ElementwiseFunction f, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = f.apply(0, x[i]);
    }
    return y;
  }

  /** Evenly spaced points over [from, to], with 0 (the kink of the ReLU family) added. */
  private static double[] grid(double from, double to) {
    double[] x = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      x[i] = from + (to - from) * i / (POINTS - 1);
    }
    x[POINTS - 1] = to;
    if (from < 0 && to > 0) {
      double[] withZero = Arrays.copyOf(x, POINTS + 1);
      withZero[POINTS] = 0.0;
      Arrays.sort(withZero);
      return withZero;
    }
    return x;
  }

  private static void band(CategoryChart chart, String name, List<Integer> units,
      List<Integer> marked, Color color) {
    if (marked.isEmpty()) {
      return;
    }
    List<Double> h = new ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      h.add(0.0);
    }
    for (int i : marked) {
      h.set(i, 1.0);
    }
    chart.addSeries(name, units, h).setFillColor(
        new Color(color.getRed(), color.getGreen(), color.getBlue(), 90));
  }

  private static void markers(XYChart chart, String name, List<Integer> marked, Color color) {
    if (marked.isEmpty()) {
      return;
    }
    double[] x = marked.stream().mapToDouble(Integer::doubleValue).toArray();
    XYSeries s = chart.addSeries(name, x, new double[x.length]);
    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE)
        .setMarkerColor(color);
  }

  private static List<Double> boxed(double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    for (double d : v) {
      out.add(d);
    }
    return out;
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE).setPlotBorderVisible(true).setAntiAlias(true);
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
  }

  private static String unique(XYChart chart, String name) {
    String n = name;
    for (int k = 2; chart.getSeriesMap().containsKey(n); k++) {
      n = name + " #" + k;
    }
    return n;
  }

  /** Tick labels with as many decimals as a span of this size needs, and no more. */
  static String decimalPattern(double span) {
    if (!(span > 0) || !Double.isFinite(span)) {
      return "0.###";
    }
    if (span >= 1e6 || span < 1e-4) {
      return "0.##E0";
    }
    int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(span)));
    return decimals == 0 ? "#,##0" : "0." + "#".repeat(decimals);
  }

  private static String percent(double fraction) {
    return Double.isNaN(fraction) ? "n/a"
        : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  private static int size(int pixels) {
    if (pixels < 50 || pixels > 10_000) {
      throw new IllegalArgumentException("width and height must be between 50 and 10,000 "
          + "pixels, but one is " + pixels);
    }
    return pixels;
  }
}
