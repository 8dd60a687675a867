package io.github.sparkactivations.stats;

/**
 * The figures of one unit (element index) of a column.
 *
 * @param unit the element index
 * @param count rows with a value (NaN included) at this index; null rows, null array elements
 *     and shorter rows are not counted
 * @param nanCount rows where the value is NaN
 * @param activeFraction fraction of {@code count} where the value is {@code > 0} (NaN if
 *     {@code count} is 0)
 * @param mean mean of the non-NaN values (NaN if there are none; ±Infinity if they include
 *     infinities of one sign, NaN if of both)
 * @param std sample standard deviation (n − 1) of the non-NaN values; NaN with fewer than two
 *     of them or with an infinite one
 * @param min smallest non-NaN value (NaN if there are none)
 * @param max largest non-NaN value (NaN if there are none)
 */
public record UnitStatistics(int unit, long count, long nanCount, double activeFraction,
    double mean, double std, double min, double max) {

  /** True when the unit is positive in no row: a dead ReLU unit. */
  public boolean isDead() {
    return count > 0 && activeFraction == 0.0;
  }
}
