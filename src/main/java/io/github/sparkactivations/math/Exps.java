package io.github.sparkactivations.math;

/**
 * Products with e^x that stay accurate where e^x alone is subnormal (x below about -708): there
 * e^x keeps only some of its 53 bits, so m * exp(x) would lose the rest even when the product
 * is a normal number. Package-private: the one home of this idea for the activations here.
 */
final class Exps {
  private Exps() {}

  /** e^-708, rounded to the nearest double (a normal number). */
  private static final double EXP_M708 = 3.3075530036384079962e-308;

  /**
   * m * e^x, with e^x from {@code StrictMath.exp}; below x = -708 as
   * (m * e^(x + 708)) * e^-708, where x + 708 is exact (Sterbenz) down to x = -1416 and the
   * result underflows to a signed zero below that. Within about 2.5 ulp for finite m of
   * magnitude at least 1 below -708; x = -Infinity gives a zero of m's sign.
   */
  static double times(double m, double x) {
    if (x >= -708.0) {
      return m * StrictMath.exp(x);
    }
    if (x == Double.NEGATIVE_INFINITY) {
      return Math.copySign(0.0, m); // also for an infinite m (the limit of m(x) * e^x)
    }
    return (m * StrictMath.exp(x + 708.0)) * EXP_M708;
  }
}
