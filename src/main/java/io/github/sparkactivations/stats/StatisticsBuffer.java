package io.github.sparkactivations.stats;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The running figures of one column, per unit and overall, for one partition or the merge of
 * several. Pure Java: {@link StatisticsAggregator} feeds it rows, {@link ActivationStatistics}
 * turns it into the final figures.
 *
 * <p>Sums are carried in double-double (an error-free {@code twoSum} and the exact rounding
 * error of each square from {@code Math.fma}), so the figures are about 32 digits exact before
 * the final rounding and do not depend on how the rows were partitioned. Sparse rows touch only
 * their stored entries: their implicit zeros are counted from the row sizes at the end.
 *
 * <p>Public only because Spark's encoder for an aggregation buffer requires a public class; it
 * has no public members.
 */
public final class StatisticsBuffer implements Serializable {

  private static final long serialVersionUID = 1L;

  final double cap;

  long rows;
  long nullRows;
  long nullElements;
  long zeros;
  long atCap;
  double finiteMin = Double.POSITIVE_INFINITY;
  double finiteMax = Double.NEGATIVE_INFINITY;
  final ValueSketch sketch = new ValueSketch();

  // rowsWithSize[s]: rows of s elements (all rows; sparse ones again in sparseRowsWithSize).
  long[] rowsWithSize = new long[0];
  long[] sparseRowsWithSize = new long[0];
  // Per unit.
  long[] sparseStored = new long[0];
  long[] active = new long[0];
  long[] nan = new long[0];
  long[] nulls = new long[0];
  long[] posInf = new long[0];
  long[] negInf = new long[0];
  double[] sumHi = new double[0];
  double[] sumLo = new double[0];
  double[] sqHi = new double[0];
  double[] sqLo = new double[0];
  double[] min = new double[0];
  double[] max = new double[0];

  StatisticsBuffer(double cap) {
    this.cap = cap;
  }

  int units() {
    return active.length;
  }

  void addNullRow() {
    nullRows++;
  }

  /** A dense row: {@code values[0..n)}. */
  void addDense(double[] values, int n) {
    row(n, false);
    for (int i = 0; i < n; i++) {
      add(i, values[i]);
    }
  }

  /** A sparse row of {@code size} elements, {@code nnz} stored. */
  void addSparse(int size, int[] indices, double[] values, int nnz) {
    row(size, true);
    for (int k = 0; k < nnz; k++) {
      sparseStored[indices[k]]++;
      add(indices[k], values[k]);
    }
  }

  /** An array row with a null element at each {@code isNull[i]}. */
  void addWithNulls(double[] values, boolean[] isNull, int n) {
    row(n, false);
    for (int i = 0; i < n; i++) {
      if (isNull[i]) {
        // A null element is not a value: it is left out of unit i's figures and counted.
        nullElements++;
        nulls[i]++;
      } else {
        add(i, values[i]);
      }
    }
  }

  private void row(int size, boolean sparse) {
    rows++;
    if (size >= rowsWithSize.length) {
      rowsWithSize = Arrays.copyOf(rowsWithSize, size + 1);
      sparseRowsWithSize = Arrays.copyOf(sparseRowsWithSize, size + 1);
    }
    if (size > units()) {
      ensureUnits(size);
    }
    rowsWithSize[size]++;
    if (sparse) {
      sparseRowsWithSize[size]++;
    }
  }

  private void add(int i, double x) {
    if (x != x) {
      nan[i]++;
      return;
    }
    if (x > 0) {
      active[i]++;
    }
    min[i] = Math.min(min[i], x);
    max[i] = Math.max(max[i], x);
    if (x == cap) {
      atCap++;
    }
    if (x == 0) {
      zeros++;
      return;
    }
    if (Double.isInfinite(x)) {
      if (x > 0) {
        posInf[i]++;
      } else {
        negInf[i]++;
      }
      return;
    }
    finiteMin = Math.min(finiteMin, x);
    finiteMax = Math.max(finiteMax, x);
    sketch.add(x, 1);
    accumulate(sumHi, sumLo, i, x, 0.0);
    double p = x * x;
    // fma gives the exact rounding error of the square.
    accumulate(sqHi, sqLo, i, p, Math.fma(x, x, -p));
  }

  /**
   * hi[i] + lo[i] += x + xLo in double-double: twoSum(hi[i], x) is the rounded sum and its exact
   * error, which goes to lo[i] with xLo.
   */
  private static void accumulate(double[] hi, double[] lo, int i, double x, double xLo) {
    double s = hi[i] + x;
    double v = s - hi[i];
    lo[i] += (hi[i] - (s - v)) + (x - v) + xLo;
    hi[i] = s;
  }

  private void ensureUnits(int n) {
    int old = units();
    sparseStored = Arrays.copyOf(sparseStored, n);
    active = Arrays.copyOf(active, n);
    nan = Arrays.copyOf(nan, n);
    nulls = Arrays.copyOf(nulls, n);
    posInf = Arrays.copyOf(posInf, n);
    negInf = Arrays.copyOf(negInf, n);
    sumHi = Arrays.copyOf(sumHi, n);
    sumLo = Arrays.copyOf(sumLo, n);
    sqHi = Arrays.copyOf(sqHi, n);
    sqLo = Arrays.copyOf(sqLo, n);
    min = Arrays.copyOf(min, n);
    max = Arrays.copyOf(max, n);
    Arrays.fill(min, old, n, Double.POSITIVE_INFINITY);
    Arrays.fill(max, old, n, Double.NEGATIVE_INFINITY);
  }

  /** Adds {@code other}'s figures to this buffer's. */
  StatisticsBuffer merge(StatisticsBuffer other) {
    rows += other.rows;
    nullRows += other.nullRows;
    nullElements += other.nullElements;
    zeros += other.zeros;
    atCap += other.atCap;
    finiteMin = Math.min(finiteMin, other.finiteMin);
    finiteMax = Math.max(finiteMax, other.finiteMax);
    sketch.merge(other.sketch);
    if (other.rowsWithSize.length > rowsWithSize.length) {
      rowsWithSize = Arrays.copyOf(rowsWithSize, other.rowsWithSize.length);
      sparseRowsWithSize = Arrays.copyOf(sparseRowsWithSize, other.rowsWithSize.length);
    }
    for (int s = 0; s < other.rowsWithSize.length; s++) {
      rowsWithSize[s] += other.rowsWithSize[s];
      sparseRowsWithSize[s] += other.sparseRowsWithSize[s];
    }
    if (other.units() > units()) {
      ensureUnits(other.units());
    }
    for (int i = 0; i < other.units(); i++) {
      sparseStored[i] += other.sparseStored[i];
      active[i] += other.active[i];
      nan[i] += other.nan[i];
      nulls[i] += other.nulls[i];
      posInf[i] += other.posInf[i];
      negInf[i] += other.negInf[i];
      min[i] = Math.min(min[i], other.min[i]);
      max[i] = Math.max(max[i], other.max[i]);
      accumulate(sumHi, sumLo, i, other.sumHi[i], other.sumLo[i]);
      accumulate(sqHi, sqLo, i, other.sqHi[i], other.sqLo[i]);
    }
    return this;
  }

  /** Rows that have unit {@code i}, for every unit. */
  long[] rowsPerUnit(long[] withSize) {
    long[] n = new long[units()];
    long running = 0;
    for (int s = withSize.length - 1; s >= 1; s--) {
      running += withSize[s];
      if (s - 1 < n.length) {
        n[s - 1] = running;
      }
    }
    return n;
  }
}
