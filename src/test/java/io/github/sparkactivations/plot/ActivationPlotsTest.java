package io.github.sparkactivations.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkactivations.ml.ELU;
import io.github.sparkactivations.ml.LeakyReLU;
import io.github.sparkactivations.ml.PReLU;
import io.github.sparkactivations.ml.ReLU;
import io.github.sparkactivations.ml.SELU;
import io.github.sparkactivations.ml.SparkTestSession;
import io.github.sparkactivations.stats.ActivationStatistics;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class ActivationPlotsTest {

  /** Written for a person to look at: target/plots/*.png. */
  private static final Path OUT = Path.of("target", "plots");

  private static BufferedImage decode(byte[] png) throws IOException {
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertTrue(image != null, "decodes as an image");
    return image;
  }

  private static boolean near(int rgb, Color c) {
    Color p = new Color(rgb);
    return Math.abs(p.getRed() - c.getRed()) + Math.abs(p.getGreen() - c.getGreen())
        + Math.abs(p.getBlue() - c.getBlue()) < 60;
  }

  /** Pixels of colour {@code c} within {@code r} pixels of (x, y). */
  private static int pixelsNear(BufferedImage img, int x, int y, int r, Color c) {
    int n = 0;
    for (int i = Math.max(0, x - r); i <= Math.min(img.getWidth() - 1, x + r); i++) {
      for (int j = Math.max(0, y - r); j <= Math.min(img.getHeight() - 1, y + r); j++) {
        n += near(img.getRGB(i, j), c) ? 1 : 0;
      }
    }
    return n;
  }

  @Test
  void reluCurveIsWhereTheDefinitionPutsIt() throws IOException {
    Plot plot = ActivationPlots.curves(List.of(new ReLU()), -3, 3, 640, 480);
    assertTrue(java.awt.GraphicsEnvironment.isHeadless(), "drawn with no display");
    assertTrue(((XYChart) plot.getChart()).getStyler().isLegendVisible());
    // Without the legend, the only pixels of the first colour are the curves, which span the
    // data: x from -3 to 3 and y from 0 to 3.
    ((XYChart) plot.getChart()).getStyler().setLegendVisible(false);
    plot.writePng(OUT.resolve("relu.png"));
    BufferedImage img = decode(plot.toPng());
    assertEquals(640, img.getWidth());
    assertEquals(480, img.getHeight());
    Color blue = ActivationPlots.COLORS[0];
    int left = Integer.MAX_VALUE;
    int right = -1;
    int top = Integer.MAX_VALUE;
    int bottom = -1;
    for (int i = 0; i < img.getWidth(); i++) {
      for (int j = 0; j < img.getHeight(); j++) {
        if (near(img.getRGB(i, j), blue)) {
          left = Math.min(left, i);
          right = Math.max(right, i);
          top = Math.min(top, j);
          bottom = Math.max(bottom, j);
        }
      }
    }
    assertTrue(right - left > 400 && bottom - top > 250, "the curve spans the plot: x "
        + left + ".." + right + ", y " + top + ".." + bottom);
    // ReLU(2) = 2: x = 2 is 5/6 of the way across, y = 2 is 2/3 of the way up.
    int x2 = left + (right - left) * 5 / 6;
    int y2 = bottom - (bottom - top) * 2 / 3;
    assertTrue(pixelsNear(img, x2, y2, 4, blue) > 3, "curve at (2, 2)");
    // ReLU(-2) = 0 (and its derivative too): on the bottom line, and nothing at (-2, 2).
    int xm2 = left + (right - left) / 6;
    assertTrue(pixelsNear(img, xm2, bottom, 4, blue) > 3, "curve at (-2, 0)");
    assertEquals(0, pixelsNear(img, xm2, y2, 8, blue), "nothing at (-2, 2)");
    // The derivative, dashed: 1 at x = 2, a third of the way up.
    int y1 = bottom - (bottom - top) / 3;
    assertTrue(pixelsNear(img, x2, y1, 6, blue) > 0, "derivative at (2, 1)");
  }

  @Test
  void theFamilyInOneChartWithALegendAndAFile() throws IOException {
    Plot plot = ActivationPlots.curves(List.of(new ReLU(), new LeakyReLU().setAlpha(0.1),
        new ELU(), new SELU(), new ReLU().setMaxValue(6), new PReLU().setAlphas(0.3, 0.5)),
        -4, 7);
    XYChart chart = (XYChart) plot.getChart();
    assertEquals(List.of("ReLU", "ReLU'", "LeakyReLU(alpha=0.1)", "LeakyReLU(alpha=0.1)'", "ELU",
        "ELU'", "SELU", "SELU'", "ReLU(maxValue=6.0)", "ReLU(maxValue=6.0)'",
        "PReLU(alphas=[0.3, 0.5])", "PReLU(alphas=[0.3, 0.5])'"),
        new ArrayList<>(chart.getSeriesMap().keySet()));
    assertEquals("x", chart.getXAxisTitle());
    Path file = plot.writePng(OUT.resolve("curves.png"));
    BufferedImage img = decode(Files.readAllBytes(file));
    assertEquals(ActivationPlots.WIDTH, img.getWidth());
    assertEquals(ActivationPlots.HEIGHT, img.getHeight());
    // (ReLU's blue lies under the others' right halves; the next three show.)
    for (int s = 1; s < 4; s++) {
      Color c = ActivationPlots.COLORS[s];
      assertTrue(pixelsNear(img, img.getWidth() / 2, img.getHeight() / 2, 400, c) > 100,
          "series " + s + " is drawn in its colour");
    }
  }

  @Test
  void activationRatesMarkDeadUnitsAndHistogramIsDrawn() throws IOException {
    Random r = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int k = 0; k < 400; k++) {
      double[] x = new double[12];
      for (int i = 0; i < 12; i++) {
        x[i] = Math.max(0, r.nextGaussian() + (i - 6) * 0.4);
      }
      x[0] = 0;
      x[3] = 0;
      x[7] = 0;
      x[1] = k == 0 ? 1.0 : 0.0;
      rows.add(RowFactory.create(Vectors.dense(x).compressed()));
    }
    Dataset<Row> df = SparkTestSession.get().createDataFrame(rows,
        new StructType().add("out", SQLDataTypes.VectorType()));
    ActivationStatistics s = ActivationStatistics.of(df, "out");
    assertEquals(List.of(0, 3, 7), s.getDeadUnits());
    assertEquals(List.of(1), s.getNearlyDeadUnits());

    Plot rates = ActivationPlots.activationRates(s, 900, 420);
    BufferedImage img = decode(rates.toPng());
    assertEquals(900, img.getWidth());
    assertEquals(420, img.getHeight());
    rates.writePng(OUT.resolve("activation-rates.png"));
    assertTrue(pixelsNear(img, 450, 210, 450, ActivationPlots.COLORS[0]) > 1000, "bars");
    Color band = blend(ActivationPlots.DEAD, 90);
    assertTrue(pixelsNear(img, 450, 210, 450, band) > 300, "dead units' bands");

    Plot hist = ActivationPlots.histogram(s, 700, 300);
    BufferedImage h = decode(hist.toPng());
    assertEquals(700, h.getWidth());
    assertEquals(300, h.getHeight());
    hist.writePng(OUT.resolve("histogram.png"));
    assertTrue(pixelsNear(h, 350, 150, 350, ActivationPlots.COLORS[0]) > 1000, "steps");
    assertTrue(hist.getChart().getTitle().contains("sparsity"), hist.getChart().getTitle());

    // More units than bars: a step line with markers for the dead units.
    List<Row> wide = new ArrayList<>();
    for (int k = 0; k < 50; k++) {
      wide.add(RowFactory.create(Vectors.sparse(1000, new int[] {k, 500 + k},
          new double[] {1, 2})));
    }
    ActivationStatistics w = ActivationStatistics.of(SparkTestSession.get().createDataFrame(
        wide, new StructType().add("out", SQLDataTypes.VectorType())), "out");
    assertEquals(900, w.getDeadUnits().size());
    BufferedImage wi = decode(ActivationPlots.activationRates(w).toPng());
    assertTrue(pixelsNear(wi, 400, 250, 400, ActivationPlots.DEAD) > 100, "dead markers");
  }

  @Test
  void badArgumentsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> ActivationPlots.curves(List.of(), -1, 1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ActivationPlots.curves(List.of(new ReLU()), 1, -1));
    assertEquals("the range must be finite with from < to, but is [1.0, -1.0]", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ActivationPlots.curves(List.of(new ReLU()), -1, 1, 10, 400));
  }

  @Test
  void nothingOutsideThePlotPackageUsesXChart() throws IOException {
    // XChart is an optional dependency: the stages, the statistics and the job must load
    // without it, so no class file outside io/github/sparkactivations/plot may name it.
    Path classes = Path.of("target", "classes", "io", "github", "sparkactivations");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        if (f.startsWith(classes.resolve("plot"))) {
          continue;
        }
        String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (text.contains("org/knowm")) {
          offenders.add(classes.relativize(f).toString());
        }
      }
    }
    assertEquals(List.of(), offenders);
    assertFalse(Files.exists(classes.resolve("plot")) && offenders.size() > 0);
  }

  private static Color blend(Color c, int alpha) {
    double a = alpha / 255.0;
    return new Color((int) Math.round(c.getRed() * a + 255 * (1 - a)),
        (int) Math.round(c.getGreen() * a + 255 * (1 - a)),
        (int) Math.round(c.getBlue() * a + 255 * (1 - a)));
  }
}
