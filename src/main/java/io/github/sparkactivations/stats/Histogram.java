package io.github.sparkactivations.stats;

import java.util.Arrays;

/**
 * A histogram of the finite values of a column in equal bins over [low, high], the smallest and
 * largest finite values (zeros, stored or implicit, included). Bin {@code k} holds values in
 * [edge k, edge k+1); the last bin also holds {@code high}. Infinities are counted apart; NaN
 * and nulls are left out.
 *
 * <p>The statistics are gathered in one pass, before low and high are known, so a value is
 * binned by itself truncated toward zero to {@link #getPrecisionBits()} significant bits. That
 * is all 52 bits (every count exact, {@link #isExact()}) until the column holds more than 16,384
 * distinct non-zero values; beyond that a value within a relative 2<sup>−precisionBits</sup> of
 * a bin edge may be counted in the bin below the edge.
 */
public final class Histogram {

  private final double low;
  private final double high;
  private final double[] edges;
  private final long[] counts;
  private final int precisionBits;
  private final long positiveInfinity;
  private final long negativeInfinity;

  Histogram(double low, double high, double[] edges, long[] counts, int precisionBits,
      long positiveInfinity, long negativeInfinity) {
    this.low = low;
    this.high = high;
    this.edges = edges;
    this.counts = counts;
    this.precisionBits = precisionBits;
    this.positiveInfinity = positiveInfinity;
    this.negativeInfinity = negativeInfinity;
  }

  /** Bins {@code values} (from a sketch) and {@code zeros} over [low, high]. */
  static Histogram of(ValueSketch sketch, long zeros, double finiteMin, double finiteMax,
      int bins, long positiveInfinity, long negativeInfinity) {
    double lo = zeros > 0 ? Math.min(finiteMin, 0.0) : finiteMin;
    double hi = zeros > 0 ? Math.max(finiteMax, 0.0) : finiteMax;
    if (lo > hi) {
      return new Histogram(Double.NaN, Double.NaN, new double[0], new long[0],
          sketch.precisionBits(), positiveInfinity, negativeInfinity);
    }
    int b = lo == hi ? 1 : bins;
    double[] edges = new double[b + 1];
    for (int k = 0; k <= b; k++) {
      edges[k] = edge(lo, hi, k, b);
    }
    edges[b] = hi;
    long[] counts = new long[b];
    if (zeros > 0) {
      counts[bin(0.0, lo, hi, b)] += zeros;
    }
    sketch.forEach((v, n) -> counts[bin(v, lo, hi, b)] += n);
    return new Histogram(lo, hi, edges, counts, sketch.precisionBits(), positiveInfinity,
        negativeInfinity);
  }

  /** Edge {@code k} of {@code b} bins over [lo, hi]. */
  static double edge(double lo, double hi, int k, int b) {
    double span = hi - lo;
    return Double.isInfinite(span) ? lo + (hi / 2 - lo / 2) / b * k * 2 : lo + span * k / b;
  }

  /** The bin of {@code v} among {@code b} equal bins over [lo, hi]. */
  static int bin(double v, double lo, double hi, int b) {
    if (b == 1) {
      return 0;
    }
    double span = hi - lo;
    double t = Double.isInfinite(span) ? (v / 2 - lo / 2) / (hi / 2 - lo / 2) : (v - lo) / span;
    return (int) Math.max(0, Math.min(b - 1, Math.floor(t * b)));
  }

  /** The smallest finite value (NaN when there are none). */
  public double getLow() {
    return low;
  }

  /** The largest finite value (NaN when there are none). */
  public double getHigh() {
    return high;
  }

  /** The bin edges, one more than the bins; empty when there are no finite values. */
  public double[] getEdges() {
    return edges.clone();
  }

  /** The count of each bin. */
  public long[] getCounts() {
    return counts.clone();
  }

  /** The number of bins (1 when every finite value is the same). */
  public int getBins() {
    return counts.length;
  }

  /** The significant bits each value was binned by (52: exact). */
  public int getPrecisionBits() {
    return precisionBits;
  }

  /** True when every value was binned by its exact value. */
  public boolean isExact() {
    return precisionBits == ValueSketch.EXACT_BITS;
  }

  /** Values equal to +Infinity (not in any bin). */
  public long getPositiveInfinity() {
    return positiveInfinity;
  }

  /** Values equal to −Infinity (not in any bin). */
  public long getNegativeInfinity() {
    return negativeInfinity;
  }

  @Override
  public String toString() {
    return "Histogram[" + low + ", " + high + "] " + Arrays.toString(counts);
  }
}
