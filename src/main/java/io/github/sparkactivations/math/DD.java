package io.github.sparkactivations.math;

/**
 * A double-double: the unevaluated sum hi + lo of two doubles (|lo| &lt;= ulp(hi) / 2), about
 * 106 bits. Used where a formula cancels or amplifies its rounding errors (a derivative whose
 * terms nearly cancel). Error-free transformations from {@code Math.fma}; the operations are
 * accurate to about 2^-104 relative. Package-private: the one home of double-double arithmetic
 * for the activations here.
 */
final class DD {
  final double hi;
  final double lo;

  private DD(double hi, double lo) {
    this.hi = hi;
    this.lo = lo;
  }

  /** a, exactly. */
  static DD of(double a) {
    return new DD(a, 0.0);
  }

  /** hi + lo, normalised (Fast2Sum: |hi| &gt;= |lo|). */
  static DD of(double hi, double lo) {
    double s = hi + lo;
    return new DD(s, lo - (s - hi));
  }

  /** a + b, exactly (TwoSum). */
  static DD sum(double a, double b) {
    double s = a + b;
    double v = s - a;
    return new DD(s, (a - (s - v)) + (b - v));
  }

  /** a * b, exactly (barring underflow). */
  static DD product(double a, double b) {
    double p = a * b;
    return new DD(p, Math.fma(a, b, -p));
  }

  DD add(DD b) {
    DD s = sum(hi, b.hi);
    return of(s.hi, s.lo + lo + b.lo);
  }

  DD add(double b) {
    DD s = sum(hi, b);
    return of(s.hi, s.lo + lo);
  }

  DD multiply(DD b) {
    DD p = product(hi, b.hi);
    return of(p.hi, p.lo + (hi * b.lo + lo * b.hi));
  }

  DD multiply(double b) {
    DD p = product(hi, b);
    return of(p.hi, p.lo + lo * b);
  }

  DD divide(DD b) {
    double q = hi / b.hi;
    DD r = add(b.multiply(-q)); // this - b q, nearly exact
    return of(q, (r.hi + r.lo) / b.hi);
  }

  /** The nearest double. */
  double value() {
    return hi + lo;
  }
}
