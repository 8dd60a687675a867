package io.github.sparkactivations.math;

/**
 * Maxout (Goodfellow et al., 2013): unit i of the output is the maximum of its k pieces.
 *
 * <p>Pooling form: the pieces of unit i are the contiguous elements {@code x[i*k .. i*k+k-1]}.
 * Affine form: the pieces are {@code z = W·x + b}, with {@code W} of {@code m*k} rows, and unit i
 * takes {@code z[i*k .. i*k+k-1]}. A unit with a NaN piece is NaN (its arg max is the first NaN);
 * otherwise the arg max is the first maximal piece (ties go to the lower index, and -0.0 and +0.0
 * tie). ±Infinity follow IEEE arithmetic.
 */
public final class MaxoutFunction {
  private MaxoutFunction() {}

  /**
   * Pools {@code z} (length {@code m*k}) into {@code out} (length m); writes the winning piece of
   * each unit into {@code argmax} unless it is null.
   */
  public static void pool(double[] z, int k, double[] out, int[] argmax) {
    for (int i = 0; i < out.length; i++) {
      int base = i * k;
      double best = z[base];
      int arg = 0;
      boolean nan = best != best;
      for (int j = 1; j < k && !nan; j++) {
        double v = z[base + j];
        if (v != v) {
          best = v;
          arg = j;
          nan = true;
        } else if (v > best) {
          best = v;
          arg = j;
        }
      }
      out[i] = best;
      if (argmax != null) {
        argmax[i] = arg;
      }
    }
  }

  /**
   * Pools a sparse vector of {@code size} elements ({@code size} a multiple of k) stored as
   * sorted {@code indices}/{@code values}: the implicit elements are +0.0 and take part in each
   * maximum. Cost: O(m + (groups touched)·k).
   */
  public static void poolSparse(int size, int[] indices, double[] values, int k, double[] out,
      int[] argmax) {
    // Groups with no stored entry are all +0.0: out[i] = +0.0, arg max 0 (the arrays start so).
    double[] group = new double[k];
    double[] one = new double[1];
    int[] oneArg = argmax == null ? null : new int[1];
    int p = 0;
    while (p < indices.length) {
      int g = indices[p] / k;
      java.util.Arrays.fill(group, 0.0);
      while (p < indices.length && indices[p] / k == g) {
        group[indices[p] - g * k] = values[p];
        p++;
      }
      pool(group, k, one, oneArg);
      out[g] = one[0];
      if (argmax != null) {
        argmax[g] = oneArg[0];
      }
    }
  }

  /**
   * The pieces {@code z = W·x + b} of the affine form. {@code w} is W row-major
   * ({@code rows × d}); {@code b} has one entry per row. x is given by its non-zero elements
   * ({@code indices} null means x is dense: {@code values[j]} is element j). Zero elements of x
   * are skipped in dense and sparse input alike, so both give the same bits.
   */
  public static void affine(double[] w, int d, double[] b, int[] indices, double[] values,
      double[] z) {
    for (int r = 0; r < z.length; r++) {
      double acc = b[r];
      int row = r * d;
      for (int p = 0; p < values.length; p++) {
        double x = values[p];
        if (x != 0.0) {
          acc += w[row + (indices == null ? p : indices[p])] * x;
        }
      }
      z[r] = acc;
    }
  }
}
