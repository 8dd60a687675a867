#!/usr/bin/env python3
"""The polynomial behind GELU's erfcx, with mpmath.

GELU's exact form needs erfc(a) = e^(-a^2) erfcx(a) for a = |x| / sqrt(2) in [0, 30]. Following
Shepherd and Laframboise (Math. Comp. 36, 1981), (1 + 2a) erfcx(a) is a slowly varying function
of t = (a - K) / (a + K), here with K = 3.75; on a in [0, 30], t is in [-1, 7/9], and the
variable y = 2.25 a / (a + 3.75) - 1 maps it onto [-1, 1] (2.25 and 3.75 are exact doubles). The
Java code evaluates erfcx(a) = P(y) / (1 + 2a), P of degree DEGREE in fused multiply-adds with no
branch (so whole rows can use SIMD instructions): Q(y) = (P(y) - c0) / y by Horner's rule on its
four lowest coefficients and Estrin's scheme on the rest (GELUFunction.erfcxTail), then
c0 + y Q(y) in double-double with c0 = ERFCX[0] + ERFCX_0_LO.

This script computes the Chebyshev series of (1 + 2a) erfcx(a) in y, truncates it, converts it
to powers of y, rounds the coefficients to doubles and prints them as Java literals for
GELUFunction, with the truncation error and the sum of |coefficients| (Horner's rounding error
stays near 1 ulp when that sum is about the value, here 1 to 1.26).

Run with Debian's python3-mpmath:  python3 src/test/python/generate_erfcx_polynomial.py
"""
from mpmath import mp, mpf, cos, pi, erfc, exp, fsum, nstr, chebyt, taylor

mp.dps = 60
K = mpf("3.75")
C1 = mpf("2.25")
DEGREE = 23


def g(y):
    # y = C1 a / (a + K) - 1  <=>  a = K (y + 1) / (C1 - 1 - y)
    a = K * (y + 1) / (C1 - 1 - y)
    return (1 + 2 * a) * erfc(a) * exp(a * a)


def main():
    n = DEGREE + 1
    m = n + 40
    nodes = [cos(pi * (j + mpf(1) / 2) / m) for j in range(m)]
    values = [g(y) for y in nodes]
    c = [2 * fsum(values[j] * cos(pi * k * (j + mpf(1) / 2) / m) for j in range(m)) / m
         for k in range(m)]
    c[0] /= 2
    tail = fsum(abs(x) for x in c[n:])
    powers = [mpf(0)] * n
    for k in range(n):
        for i, a in enumerate(taylor(lambda y: chebyt(k, y), 0, k)):
            powers[i] += c[k] * a
    print(f"  // erfcx(a) (1 + 2a) in powers of y = 2.25 a / (a + 3.75) - 1, a in [0, 30]:")
    print(f"  // degree {DEGREE}, truncation error < {nstr(tail, 3)}, "
          f"sum of |coefficients| {nstr(fsum(abs(p) for p in powers), 4)}")
    lo = powers[0] - mpf(float(powers[0]))
    print(f"  static final double ERFCX_0_LO = {float(lo).hex()};")
    print("  static final double[] ERFCX = {")
    lines = [f"      {float(p).hex()}" for p in powers]
    print(",\n".join(lines) + "};")


if __name__ == "__main__":
    main()
