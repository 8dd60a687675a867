#!/usr/bin/env python3
"""Taylor expansions of activation derivatives around their zeros, with mpmath.

Near a zero x0 of f', the direct formula for f' cancels (two terms of about 0.3 give a result
near 0), so its relative error grows without bound. There the Java code evaluates
f'(x) = sum_{k>=1} c_k (x - x0)^k instead, with x0 split into two doubles (hi + lo) and the
coefficients c_k = f'^(k)(x0) / k! rounded to doubles. This script prints those constants as
Java literals for the math classes, and checks the truncation error of the polynomial over the
window: |x - x0| < WINDOW.

Run with Debian's python3-mpmath:  python3 src/test/python/generate_root_expansions.py
"""
from mpmath import (mp, mpf, exp, lambertw, e, taylor, findroot, linspace, fabs, erfc, sqrt, pi,
                    tanh, log1p)

mp.prec = 300


def silu_d(x):
    s = 1 / (1 + exp(-x))
    return s * (1 + x * (1 - s))


def gelu_d(x):
    return erfc(-x / sqrt(2)) / 2 + x * exp(-x * x / 2) / sqrt(2 * pi)


def gelu_tanh_d(x):
    u = sqrt(2 / pi) * (x + mpf("0.044715") * x ** 3)
    du = sqrt(2 / pi) * (1 + 3 * mpf("0.044715") * x ** 2)
    s = 1 / (1 + exp(-2 * u))
    return s + x * s * (1 - s) * 2 * du


def mish_d(x):
    t = tanh(log1p(exp(x)))
    return t + x * (1 - t * t) / (1 + exp(-x))


# name -> (f', a first guess of its zero, window, degree)
EXPANSIONS = {
    "SiLUFunction": (silu_d, -1 - lambertw(1 / e).real, 0.125, 14),
    "GELUFunction": (gelu_d, mpf("-0.75"), 0.375, 20),
    "GELUTanhFunction": (gelu_tanh_d, mpf("-0.75"), 0.25, 22),
    "MishFunction": (mish_d, mpf("-1.19"), 0.25, 18),
}


def split(v):
    hi = float(v)
    return hi, float(v - mpf(hi))


def main():
    for name, (fd, guess, window, degree) in EXPANSIONS.items():
        x0 = findroot(fd, guess)
        hi, lo = split(x0)
        coeffs = taylor(fd, x0, degree)[1:]  # c_1 .. c_degree (c_0 = f'(x0) = 0)
        worst = 0
        for d in linspace(-window, window, 401):
            if d == 0:
                continue
            poly = sum(c * d ** (k + 1) for k, c in enumerate(coeffs))
            worst = max(worst, fabs((poly - fd(x0 + d)) / fd(x0 + d)))
        print(f"// {name}: zero of f' at {mp.nstr(x0, 30)};\n"
              f"// window {window}, degree {degree}, truncation error < {mp.nstr(worst, 3)}")
        print(f"static final double ROOT_HI = {hi.hex()};")
        print(f"static final double ROOT_LO = {lo.hex()};")
        print(f"static final double ROOT_WINDOW = {window};")
        print("static final double[] ROOT_TAYLOR = {")
        print(",\n".join("    " + float(c).hex() for c in coeffs) + "};")


if __name__ == "__main__":
    main()
