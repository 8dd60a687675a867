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
    pool(z, k, out, 0, out.length, argmax);
  }

  /**
   * {@link #pool(double[], int, double[], int[])} for m units written to
   * {@code out[from .. from+m-1]} (a row buffer with a header before its values), reading
   * {@code z[0 .. m*k-1]} (the array may be longer).
   */
  public static void pool(double[] z, int k, double[] out, int from, int m, int[] argmax) {
    // In passes over all units with Math.max (compiled without branches), not unit by unit with
    // a comparison per piece: on random data that comparison's branch is mispredicted about half
    // the time, which cost 4x (200 against 46 ns for a row of 48, k = 2 to 4). Math.max differs
    // from this method's rule only when the maximum is a zero (it prefers +0.0 to -0.0) or NaN
    // (which NaN); such units are redone piece by piece at the end.
    for (int i = 0; i < m; i++) {
      out[from + i] = z[i * k];
    }
    for (int j = 1; j < k; j++) {
      for (int i = 0; i < m; i++) {
        out[from + i] = Math.max(out[from + i], z[i * k + j]);
      }
    }
    if (argmax != null) {
      // The first piece equal to the maximum: from the last piece down, the lowest match stays.
      java.util.Arrays.fill(argmax, 0, m, k - 1);
      for (int j = k - 2; j >= 0; j--) {
        for (int i = 0; i < m; i++) {
          argmax[i] = z[i * k + j] == out[from + i] ? j : argmax[i];
        }
      }
    }
    for (int i = 0; i < m; i++) {
      double r = out[from + i];
      if (r == 0.0 || r != r) {
        out[from + i] = unit(z, i * k, k, argmax, i);
      }
    }
  }

  /**
   * The unit whose k pieces start at {@code z[base]}, piece by piece: the rule itself. Writes
   * its arg max to {@code argmax[slot]} unless argmax is null.
   */
  private static double unit(double[] z, int base, int k, int[] argmax, int slot) {
    double best = z[base];
    int arg = 0;
    for (int j = 1; j < k && best == best; j++) {
      double v = z[base + j];
      if (v != v || v > best) {
        best = v;
        arg = j;
      }
    }
    if (argmax != null) {
      argmax[slot] = arg;
    }
    return best;
  }

  /**
   * Pools a sparse vector of {@code size} elements ({@code size} a multiple of k) stored as
   * sorted {@code indices}/{@code values}: the implicit elements are +0.0 and take part in each
   * maximum. Cost: O(m + (groups touched)·k).
   */
  public static void poolSparse(int size, int[] indices, double[] values, int k, double[] out,
      int[] argmax) {
    // Groups with no stored entry are all +0.0: out[i] = +0.0, arg max 0 (the arrays start so).
    int[] units = new int[indices.length];
    double[] maxima = new double[indices.length];
    int touched = poolSparseEntries(indices, values, k, units, maxima, argmax);
    for (int e = 0; e < touched; e++) {
      out[units[e]] = maxima[e];
    }
  }

  /**
   * {@link #poolSparse} in stored form, at a cost of O((groups touched)·k), whatever the size:
   * each unit with a stored piece, in order, goes to {@code units} with its maximum in
   * {@code maxima} (both at least as long as {@code indices}); returns how many. Every other
   * unit is +0.0 with arg max 0, and {@code argmax} (of m entries, or null) is left as it is
   * there.
   */
  public static int poolSparseEntries(int[] indices, double[] values, int k, int[] units,
      double[] maxima, int[] argmax) {
    return poolSparseEntries(indices, values, indices.length, k, units, maxima, argmax);
  }

  /**
   * {@link #poolSparseEntries(int[], double[], int, int[], double[], int[])} over the first
   * {@code count} entries of {@code indices} and {@code values} (the arrays may be longer).
   * {@code units} and {@code maxima} may be {@code indices} and {@code values} themselves: a
   * unit is written after its entries are read, at a position no later than its first entry.
   */
  public static int poolSparseEntries(int[] indices, double[] values, int count, int k,
      int[] units, double[] maxima, int[] argmax) {
    double[] group = null;
    int p = 0;
    int touched = 0;
    while (p < count) {
      int g = indices[p] / k;
      int end = (g + 1) * k;
      int first = p;
      // As in pool: Math.max first, the rule itself only where Math.max may differ from it (a
      // NaN, or a zero maximum when a zero is stored: the implicit ones are all +0.0).
      double r = values[p];
      boolean storedZero = r == 0.0;
      for (p++; p < count && indices[p] < end; p++) {
        r = Math.max(r, values[p]);
        storedZero |= values[p] == 0.0;
      }
      if (p - first < k) {
        r = Math.max(r, 0.0); // the implicit pieces
      }
      if (argmax != null || r != r || (storedZero && r == 0.0)) {
        if (group == null) {
          group = new double[k];
        }
        java.util.Arrays.fill(group, 0.0);
        for (int q = first; q < p; q++) {
          group[indices[q] - g * k] = values[q];
        }
        r = unit(group, 0, k, argmax, g);
      }
      units[touched] = g;
      maxima[touched++] = r;
    }
    return touched;
  }

  /**
   * The pieces {@code z = W·x + b} of the affine form. {@code w} is W row-major
   * ({@code rows × d}); {@code b} has one entry per row. x is given by its non-zero elements
   * ({@code indices} null means x is dense: {@code values[j]} is element j). Zero elements of x
   * are skipped in dense and sparse input alike, so both give the same bits.
   */
  public static void affine(double[] w, int d, double[] b, int[] indices, double[] values,
      double[] z) {
    affine(w, d, b, indices, values, values.length, z);
  }

  /**
   * {@link #affine(double[], int, double[], int[], double[], double[])} over the first
   * {@code count} entries of {@code indices} and {@code values} (the arrays may be longer).
   */
  public static void affine(double[] w, int d, double[] b, int[] indices, double[] values,
      int count, double[] z) {
    for (int r = 0; r < z.length; r++) {
      double acc = b[r];
      int row = r * d;
      for (int p = 0; p < count; p++) {
        double x = values[p];
        if (x != 0.0) {
          acc += w[row + (indices == null ? p : indices[p])] * x;
        }
      }
      z[r] = acc;
    }
  }
}
