package io.github.sparkactivations.math;

import java.util.SplittableRandom;

/**
 * Weight initialisers, each a pure function of (rows, cols, seed): the same seed gives the same
 * matrix on every JVM. The matrix is {@code [rows][cols]}; fan-in is {@code cols} (the inputs a
 * row sees) and fan-out is {@code rows}.
 */
public final class Initializers {
  private Initializers() {}

  /** He (Kaiming) normal: N(0, 2 / fanIn), for ReLU-family units. */
  public static double[][] heNormal(int rows, int cols, long seed) {
    return normal(rows, cols, seed, StrictMath.sqrt(2.0 / cols));
  }

  /** He (Kaiming) uniform: U(-l, l) with l = sqrt(6 / fanIn). */
  public static double[][] heUniform(int rows, int cols, long seed) {
    return uniform(rows, cols, seed, StrictMath.sqrt(6.0 / cols));
  }

  /** LeCun normal: N(0, 1 / fanIn), the initialisation SELU's self-normalisation assumes. */
  public static double[][] lecunNormal(int rows, int cols, long seed) {
    return normal(rows, cols, seed, StrictMath.sqrt(1.0 / cols));
  }

  /** Glorot (Xavier) uniform: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)). */
  public static double[][] glorotUniform(int rows, int cols, long seed) {
    return uniform(rows, cols, seed, StrictMath.sqrt(6.0 / (cols + rows)));
  }

  /** A standard normal deviate (Box–Muller with StrictMath: the same bits on every JVM). */
  public static double gaussian(SplittableRandom rnd) {
    double u = 1.0 - rnd.nextDouble(); // in (0, 1]: log(u) is finite
    double v = rnd.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u)) * StrictMath.cos(2.0 * Math.PI * v);
  }

  private static double[][] normal(int rows, int cols, long seed, double std) {
    check(rows, cols);
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] w = new double[rows][cols];
    for (double[] row : w) {
      for (int j = 0; j < cols; j++) {
        row[j] = std * gaussian(rnd);
      }
    }
    return w;
  }

  private static double[][] uniform(int rows, int cols, long seed, double limit) {
    check(rows, cols);
    SplittableRandom rnd = new SplittableRandom(seed);
    double[][] w = new double[rows][cols];
    for (double[] row : w) {
      for (int j = 0; j < cols; j++) {
        row[j] = limit * (2.0 * rnd.nextDouble() - 1.0);
      }
    }
    return w;
  }

  private static void check(int rows, int cols) {
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException("rows and cols must be at least 1, got " + rows + " × "
          + cols);
    }
  }
}
