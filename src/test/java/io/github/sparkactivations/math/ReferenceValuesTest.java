package io.github.sparkactivations.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Every function and derivative against the exact (mpmath) references on the dense grid over
 * [-50, 50] and the special values: ReLU and LeakyReLU bit-identical to the correctly rounded
 * value, ELU and SELU within 2 ulp of it, the smooth ones (CELU, SiLU, Softplus) within 4.
 */
class ReferenceValuesTest {
  private static Reference ref;

  @BeforeAll
  static void load() {
    ref = Reference.load();
  }

  private static final Pattern PARAMS = Pattern.compile("(\\w+)(?:\\[(.*)])?('?)");

  /** The function a reference column names, e.g. {@code relu[t=0.0,m=6.0]'}. */
  static DoubleUnaryOperator function(String column) {
    Matcher m = PARAMS.matcher(column);
    assertTrue(m.matches(), column);
    Map<String, Double> p = new java.util.HashMap<>();
    if (m.group(2) != null) {
      for (String kv : m.group(2).split(",")) {
        String[] s = kv.split("=");
        p.put(s[0], s[1].equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s[1]));
      }
    }
    boolean d = !m.group(3).isEmpty();
    switch (m.group(1)) {
      case "relu": {
        double t = p.get("t");
        double mv = p.get("m");
        return d ? x -> ReLUFunction.derivative(x, t, mv) : x -> ReLUFunction.value(x, t, mv);
      }
      case "leaky": {
        double a = p.get("a");
        return d ? x -> LeakyReLUFunction.derivative(x, a) : x -> LeakyReLUFunction.value(x, a);
      }
      case "elu": {
        double a = p.get("a");
        return d ? x -> ELUFunction.derivative(x, a) : x -> ELUFunction.value(x, a);
      }
      case "selu":
        return d ? SELUFunction::derivative : SELUFunction::value;
      case "celu": {
        double a = p.get("a");
        return d ? x -> CELUFunction.derivative(x, a) : x -> CELUFunction.value(x, a);
      }
      case "silu":
        return d ? SiLUFunction::derivative : SiLUFunction::value;
      case "gelu":
        return d ? GELUFunction::derivative : GELUFunction::value;
      case "gelu_tanh":
        return d ? GELUTanhFunction::derivative : GELUTanhFunction::value;
      case "mish":
        return d ? MishFunction::derivative : MishFunction::value;
      case "softplus": {
        double b = p.get("b");
        double t = p.get("t");
        return d ? x -> SoftplusFunction.derivative(x, b, t)
            : x -> SoftplusFunction.value(x, b, t);
      }
      default:
        throw new AssertionError("unknown reference column " + column);
    }
  }

  /** The largest error allowed, in ulps of the correctly rounded value. */
  static long tolerance(String column) {
    if (column.startsWith("relu") || column.startsWith("leaky")) {
      return 0;
    }
    return column.startsWith("elu") || column.startsWith("selu") ? 2 : 4;
  }

  @TestFactory
  List<DynamicTest> everyColumnMatchesTheExactReference() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Map.Entry<String, double[]> e : ref.columns.entrySet()) {
      String name = e.getKey();
      tests.add(DynamicTest.dynamicTest(name, () -> {
        DoubleUnaryOperator f = function(name);
        long worst = 0;
        for (int i = 0; i < ref.x.length; i++) {
          double actual = f.applyAsDouble(ref.x[i]);
          long err = Reference.ulps(actual, e.getValue()[i]);
          if (err > tolerance(name)) {
            throw new AssertionError(name + "(" + ref.x[i] + ") = " + actual + " ("
                + Double.toHexString(actual) + "), exact " + e.getValue()[i] + " ("
                + Double.toHexString(e.getValue()[i]) + "): " + err + " ulp");
          }
          worst = Math.max(worst, err);
        }
        System.out.println("reference " + name + ": " + ref.x.length + " inputs, max error "
            + worst + " ulp");
      }));
    }
    return tests;
  }

  @Test
  void referenceCoversTheSpecialValues() {
    double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, -1e-300, 1e-10,
        -1e-10, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, -50.0, 50.0};
    for (double s : special) {
      boolean found = false;
      for (double x : ref.x) {
        found |= Double.doubleToRawLongBits(x) == Double.doubleToRawLongBits(s)
            || (Double.isNaN(x) && Double.isNaN(s));
      }
      assertTrue(found, "reference lacks " + s);
    }
    assertTrue(ref.x.length > 4000, "reference has " + ref.x.length + " inputs");
  }

  @Test
  void eluUsesExpm1NearZero() {
    // exp(x) - 1 would give 1.000000082740371e-10 here: eight digits lost.
    assertEquals(-9.9999999995e-11, ELUFunction.value(-1e-10, 1.0), 1e-25); // 1 ulp is 1.3e-26
    assertEquals(-1e-300, ELUFunction.value(-1e-300, 1.0));
  }
}
