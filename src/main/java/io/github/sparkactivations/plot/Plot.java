package io.github.sparkactivations.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A rendered chart of {@link ActivationPlots}: as PNG bytes, a PNG file or an image (what a
 * notebook displays). Rendering needs no display ({@code java.awt.headless=true} works).
 */
public final class Plot {

  private final Chart<?, ?> chart;

  Plot(Chart<?, ?> chart) {
    this.chart = chart;
  }

  /** The XChart chart, to restyle it before rendering (titles, colours, legend). */
  public Chart<?, ?> getChart() {
    return chart;
  }

  /** The width in pixels. */
  public int getWidth() {
    return chart.getWidth();
  }

  /** The height in pixels. */
  public int getHeight() {
    return chart.getHeight();
  }

  /** The chart as an image of {@link #getWidth()} × {@link #getHeight()} pixels. */
  public BufferedImage toImage() {
    return BitmapEncoder.getBufferedImage(chart);
  }

  /** The chart as PNG bytes. */
  public byte[] toPng() {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writes the chart as a PNG file (parent directories are created) and returns the path. */
  public Path writePng(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
    return file;
  }
}
