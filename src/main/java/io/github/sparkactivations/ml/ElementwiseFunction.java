package io.github.sparkactivations.ml;

import java.io.Serializable;

/**
 * The scalar function an element-wise stage applies to element {@code index} of a vector or
 * array (index 0 for a numeric column). Most activations ignore the index; PReLU uses it to pick
 * the slope of that element.
 */
@FunctionalInterface
public interface ElementwiseFunction extends Serializable {

  /** The function's value at {@code x} for element {@code index}. */
  double apply(int index, double x);

  /**
   * The number of elements this function is defined for, or -1 if it applies to any length.
   * A row of another length is invalid (see {@code handleInvalid}).
   */
  default int size() {
    return -1;
  }

  /**
   * True when the result depends on {@code index} (PReLU with a slope per element); false (the
   * default) lets sparse vectors skip reading their indices unless entries are dropped.
   */
  default boolean usesIndex() {
    return size() >= 0;
  }

  /**
   * True when f(+0.0) is +0.0 for every element, so the implicit zeros of a sparse vector stay
   * implicit and the output can stay sparse.
   */
  default boolean preservesZero() {
    int n = size() < 0 ? 1 : size();
    for (int i = 0; i < n; i++) {
      if (Double.doubleToRawLongBits(apply(i, 0.0)) != 0L) {
        return false;
      }
    }
    return true;
  }

  /**
   * A function that can do better on a whole row than a loop over {@link #apply} (SIMD
   * instructions: the values of ReLU, LeakyReLU, PReLU, ELU, SELU, CELU, SiLU, Mish, Softplus
   * and GELU, and their derivatives). The element-wise expression calls {@link #applyAll} for
   * the rows of {@code double} values it builds where element i is at {@code from + i} (dense
   * vectors and arrays, and a sparse vector's stored values when the function ignores the
   * index), and {@link #apply} elsewhere, so the two must give the same bits.
   */
  interface Vectorized extends ElementwiseFunction {
    /**
     * {@code values[from + i] = apply(i, values[from + i])} for i in [0, n). Where
     * {@link #usesIndex} is false, the expression may pass a longer n than the row has: up to
     * one SIMD vector's length minus one elements of +0.0 after it, whose results it ignores.
     */
    void applyAll(double[] values, int from, int n);

    /** False unless overridden: most whole-row functions ignore the index. */
    @Override
    default boolean usesIndex() {
      return false;
    }
  }
}
