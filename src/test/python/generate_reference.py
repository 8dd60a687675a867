#!/usr/bin/env python3
"""Exact reference values for the activation functions, computed with mpmath.

Writes src/test/resources/reference/activations.csv: one row per input x, one column per
(function, parameters, value-or-derivative), every number a hexadecimal floating-point literal
(exact, and parsed exactly by Java's Double.parseDouble). Each output is the correctly rounded
double (round half to even, subnormals included) of the mathematically exact value: rational
results (x, a*x, lambda*x) are computed exactly with fractions.Fraction, transcendental ones
(expm1, exp) with mpmath at 300 bits, and then rounded once by Python's correctly rounded
int/int division. Signed zeros, infinities and NaN follow the contract in README.md (IEEE 754
arithmetic on the documented formula), since neither mpmath nor Fraction has a signed zero.

Run with Debian's python3-mpmath:  python3 src/test/python/generate_reference.py
"""
import math
import os
import random
from fractions import Fraction

from mpmath import (mp, mpf, expm1, exp, log1p, lambertw, e as E_CONST, erfc, sqrt, pi, tanh,
                    findroot)

mp.prec = 300  # far beyond double precision: the references are exact to 40 digits

# SELU's constants, exactly as published (Klambauer et al., 2017).
SELU_LAMBDA = Fraction("1.0507009873554804934193349852946")
SELU_ALPHA = Fraction("1.6732632423543772848170429916717")

NAN = "NaN"


def F(x):
    """A double as an exact rational (every finite double is one); infinities as tokens."""
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return Fraction(x)


def Q(v):
    """An mpf, exactly, as a Fraction (a value far outside the double range as a stand-in that
    rounds the same way: exp(-1e308) must not become a Fraction with a 1e308-bit denominator)."""
    if v == 0:
        return Fraction(0)
    mag = mp.mag(v)
    if mag < -1200:
        return Fraction(1 if v > 0 else -1, 2 ** 1200)
    if mag > 1200:
        return Fraction((1 if v > 0 else -1) * 2 ** 1200)
    sign, man, e, _ = v._mpf_
    return (-1 if sign else 1) * Fraction(man) * Fraction(2) ** e
POS_ZERO = "0.0"
NEG_ZERO = "-0.0"


def fmt(v):
    """An exact value (a Fraction) or a special token, as a hex literal of the correctly
    rounded double."""
    if isinstance(v, str):
        return v
    if v == 0:
        return POS_ZERO
    try:
        d = float(v)  # numerator / denominator: correctly rounded, subnormals included
    except OverflowError:
        return "Infinity" if v > 0 else "-Infinity"
    if d == 0.0:
        return NEG_ZERO if v < 0 else POS_ZERO
    return hexf(d)


def is_neg_zero(x):
    return x == 0.0 and math.copysign(1.0, x) < 0


def times_zero_sign(c, x):
    """Sign of c * x in IEEE arithmetic when x is a signed zero and c is a finite constant."""
    neg = (c < 0) != is_neg_zero(x)
    return NEG_ZERO if neg else POS_ZERO


# ---- the contract, one function per stage (value, derivative) ----

def relu(x, t, m):
    if math.isnan(x):
        return NAN
    if x > t:
        if x < m:
            return NEG_ZERO if is_neg_zero(x) else F(x)
        return F(m) if not math.isinf(m) else "Infinity"
    return POS_ZERO


def relu_d(x, t, m):
    if math.isnan(x):
        return NAN
    # With no cap (m = +inf) the upper bound is absent, so f'(+inf) = 1.
    if x > t and (x < m or math.isinf(m)):
        return Fraction(1)
    return POS_ZERO


def leaky(x, a):
    if math.isnan(x):
        return NAN
    if x > 0:
        return F(x)
    if a == 0.0:
        return POS_ZERO  # alpha = 0 is exactly ReLU: -inf gives +0.0, not NaN
    if x == 0.0:
        return times_zero_sign(a, x)
    return F(a) * F(x) if not math.isinf(x) else ("-Infinity" if a > 0 else "Infinity")


def leaky_d(x, a):
    if math.isnan(x):
        return NAN
    return Fraction(1) if x > 0 else (F(a) if a != 0.0 else POS_ZERO)


def elu(x, a):
    if math.isnan(x):
        return NAN
    if x > 0:
        return F(x)
    if x == 0.0:
        return times_zero_sign(a, x)
    if math.isinf(x):
        return -F(a)
    return F(a) * Q(expm1(mpf(x)))


def elu_d(x, a):
    if math.isnan(x):
        return NAN
    if x > 0:
        return Fraction(1)
    if math.isinf(x):
        return POS_ZERO
    return F(a) * Q(exp(mpf(x)))


def selu(x):
    if math.isnan(x):
        return NAN
    if x > 0:
        return SELU_LAMBDA * F(x) if not math.isinf(x) else "Infinity"
    if x == 0.0:
        return times_zero_sign(1.0, x)
    if math.isinf(x):
        return -SELU_LAMBDA * SELU_ALPHA
    return SELU_LAMBDA * SELU_ALPHA * Q(expm1(mpf(x)))


def selu_d(x):
    if math.isnan(x):
        return NAN
    if x > 0:
        return SELU_LAMBDA
    if math.isinf(x):
        return POS_ZERO
    return SELU_LAMBDA * SELU_ALPHA * Q(exp(mpf(x)))


def celu(x, a):
    if math.isnan(x):
        return NAN
    if x > 0:
        return F(x)
    if x == 0.0:
        return NEG_ZERO if is_neg_zero(x) else POS_ZERO  # alpha * expm1(+-0 / alpha)
    if math.isinf(x):
        return -F(a) if a > 0 else "-Infinity"
    return F(a) * Q(expm1(mpf(x) / mpf(a)))


def celu_d(x, a):
    if math.isnan(x):
        return NAN
    if x > 0:
        return Fraction(1)
    if math.isinf(x):
        return POS_ZERO if a > 0 else "Infinity"
    return Q(exp(mpf(x) / mpf(a)))


def sigmoid(t):
    return 1 / (1 + exp(-t))


def silu(x):
    if math.isnan(x):
        return NAN
    if math.isinf(x):
        return "Infinity" if x > 0 else NEG_ZERO  # the limit from below: -0.0
    if x == 0.0:
        return NEG_ZERO if is_neg_zero(x) else POS_ZERO
    return Q(mpf(x) * sigmoid(mpf(x)))


def silu_d(x):
    if math.isnan(x):
        return NAN
    if math.isinf(x):
        return Fraction(1) if x > 0 else NEG_ZERO  # f' < 0 below its root: -0.0 at -inf
    s = sigmoid(mpf(x))
    return Q(s * (1 + mpf(x) * (1 - s)))


def softplus(x, b, t):
    if math.isnan(x):
        return NAN
    if math.isinf(x):
        return "Infinity" if x > 0 else POS_ZERO
    bx = F(b) * F(x)  # the threshold test is on the exact product
    if bx > F(t):
        return F(x)
    return Q(log1p(exp(mpf(b) * mpf(x))) / mpf(b))


def softplus_d(x, b, t):
    if math.isnan(x):
        return NAN
    if math.isinf(x):
        return Fraction(1) if x > 0 else POS_ZERO
    if F(b) * F(x) > F(t):
        return Fraction(1)
    return Q(sigmoid(mpf(b) * mpf(x)))


def gelu(x):
    if math.isnan(x):
        return NAN
    if math.isinf(x):
        return "Infinity" if x > 0 else NEG_ZERO
    if x == 0.0:
        return NEG_ZERO if is_neg_zero(x) else POS_ZERO
    if abs(x) > 1e6:  # Phi(x) is 1 or 0 within far less than an ulp (mpmath's erfc overflows)
        return F(x) if x > 0 else NEG_ZERO
    return Q(mpf(x) * erfc(-mpf(x) / sqrt(2)) / 2)


def gelu_d_exact(t):
    return erfc(-t / sqrt(2)) / 2 + t * exp(-t * t / 2) / sqrt(2 * pi)


def gelu_d(x):
    if math.isnan(x):
        return NAN
    if math.isinf(x) or abs(x) > 1e6:
        return Fraction(1) if x > 0 else NEG_ZERO
    return Q(gelu_d_exact(mpf(x)))


GELU_C = mpf("0.044715")


def gelu_tanh_parts(t):
    u = sqrt(2 / pi) * (t + GELU_C * t ** 3)
    return 1 / (1 + exp(-2 * u)), sqrt(2 / pi) * (1 + 3 * GELU_C * t ** 2)


def gelu_tanh(x):
    if math.isnan(x):
        return NAN
    if math.isinf(x) or abs(x) > 1e6:
        return ("Infinity" if math.isinf(x) else F(x)) if x > 0 else NEG_ZERO
    if x == 0.0:
        return NEG_ZERO if is_neg_zero(x) else POS_ZERO
    s, _ = gelu_tanh_parts(mpf(x))
    return Q(mpf(x) * s)  # = 0.5 x (1 + tanh(u))


def gelu_tanh_d_exact(t):
    s, du = gelu_tanh_parts(t)
    return s + t * s * (1 - s) * 2 * du


def gelu_tanh_d(x):
    if math.isnan(x):
        return NAN
    if math.isinf(x) or abs(x) > 1e6:
        return Fraction(1) if x > 0 else NEG_ZERO
    return Q(gelu_tanh_d_exact(mpf(x)))


def mish_d_exact(t):
    th = tanh(log1p(exp(t)))
    return th + t * (1 - th * th) / (1 + exp(-t))


def mish(x):
    if math.isnan(x):
        return NAN
    if math.isinf(x):
        return "Infinity" if x > 0 else NEG_ZERO
    if x == 0.0:
        return NEG_ZERO if is_neg_zero(x) else POS_ZERO
    return Q(mpf(x) * tanh(log1p(exp(mpf(x)))))


def mish_d(x):
    if math.isnan(x):
        return NAN
    if math.isinf(x):
        return Fraction(1) if x > 0 else NEG_ZERO
    return Q(mish_d_exact(mpf(x)))


# Where the derivatives cross zero (their relative error is hardest there).
SILU_D_ROOT = -1 - lambertw(1 / E_CONST).real
GELU_D_ROOT = findroot(gelu_d_exact, mpf("-0.75"))
GELU_TANH_D_ROOT = findroot(gelu_tanh_d_exact, mpf("-0.75"))
MISH_D_ROOT = findroot(mish_d_exact, mpf("-1.19"))

INF = float("inf")
# Column name -> function of x. The Java test parses the parameters from the name.
COLUMNS = {}
for t, m in [(0.0, INF), (0.0, 6.0), (-1.0, INF), (0.5, 6.0)]:
    name = f"relu[t={t!r},m={m!r}]"
    COLUMNS[name] = (lambda x, t=t, m=m: relu(x, t, m))
    COLUMNS[name + "'"] = (lambda x, t=t, m=m: relu_d(x, t, m))
for a in [0.01, 0.2, 0.0, 3.0, -0.5]:
    name = f"leaky[a={a!r}]"
    COLUMNS[name] = (lambda x, a=a: leaky(x, a))
    COLUMNS[name + "'"] = (lambda x, a=a: leaky_d(x, a))
for a in [1.0, 0.5, 2.5]:
    name = f"elu[a={a!r}]"
    COLUMNS[name] = (lambda x, a=a: elu(x, a))
    COLUMNS[name + "'"] = (lambda x, a=a: elu_d(x, a))
COLUMNS["selu"] = selu
COLUMNS["selu'"] = selu_d
for a in [1.0, 0.5, 2.0]:
    name = f"celu[a={a!r}]"
    COLUMNS[name] = (lambda x, a=a: celu(x, a))
    COLUMNS[name + "'"] = (lambda x, a=a: celu_d(x, a))
COLUMNS["silu"] = silu
COLUMNS["silu'"] = silu_d
COLUMNS["gelu"] = gelu
COLUMNS["gelu'"] = gelu_d
COLUMNS["gelu_tanh"] = gelu_tanh
COLUMNS["gelu_tanh'"] = gelu_tanh_d
COLUMNS["mish"] = mish
COLUMNS["mish'"] = mish_d
for b, t in [(1.0, 20.0), (2.0, 20.0), (0.5, 5.0), (3.0, 10.0)]:
    name = f"softplus[b={b!r},t={t!r}]"
    COLUMNS[name] = (lambda x, b=b, t=t: softplus(x, b, t))
    COLUMNS[name + "'"] = (lambda x, b=b, t=t: softplus_d(x, b, t))


def inputs():
    xs = [k / 20 for k in range(-1000, 1001)]  # the dense grid over [-50, 50], step 0.05
    tiny = 5e-324
    big = 1.7976931348623157e308
    for v in [0.0, tiny, 1e-300, 1e-10, big, INF]:
        xs += [v, -v]
    xs.append(float("nan"))
    for e in range(-320, 3):  # decades, where expm1 differs most from exp(x) - 1
        xs += [10.0 ** e, -(10.0 ** e)]
    for v in [6.0, 0.5, -1.0, 1.0]:  # around the thresholds and caps used above
        xs += [math.nextafter(v, -INF), math.nextafter(v, INF)]
    for v in [-36.0, -37.5, -40.0, -700.0, -708.5, -745.0, -746.0, 709.0, 710.0]:
        xs.append(v)
    # Near the zero of SiLU's derivative, and where e^x is subnormal (x in (-745, -708)).
    for r in [SILU_D_ROOT, GELU_D_ROOT, GELU_TANH_D_ROOT, MISH_D_ROOT]:
        root = float(r)
        xs += [root + k * 1e-3 for k in range(-200, 201)] + [root, math.nextafter(root, INF),
                                                            math.nextafter(root, -INF)]
    xs += [-708.0 - k * 0.37 for k in range(1, 101)] + [-1000.0, -1416.0, -1500.0]
    for b, t in [(2.0, 20.0), (0.5, 5.0), (3.0, 10.0)]:  # Softplus's threshold t / b
        edge = t / b
        xs += [edge, math.nextafter(edge, -INF), math.nextafter(edge, INF)]
    rnd = random.Random(20261128)
    xs += [rnd.uniform(-50.0, 50.0) for _ in range(1000)]
    xs += [rnd.uniform(-1.0, 0.0) for _ in range(500)]
    xs += [-math.ldexp(rnd.random(), -rnd.randint(1, 1070)) for _ in range(200)]
    return xs


def hexf(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    h = float.hex(x)  # e.g. 0x1.8000000000000p+1; drop the trailing zeros: 0x1.8p+1
    mant, exp_ = h.split("p")
    if "." in mant:
        mant = mant.rstrip("0").rstrip(".")
    return mant + "p" + exp_


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, "..", "resources", "reference", "activations.csv")
    names = list(COLUMNS)
    with open(out, "w") as f:
        f.write("# generated by src/test/python/generate_reference.py with mpmath ; do not edit\n")
        f.write("x," + ",".join('"' + n + '"' for n in names) + "\n")
        for x in inputs():
            f.write(hexf(x) + "," + ",".join(fmt(COLUMNS[n](x)) for n in names) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
