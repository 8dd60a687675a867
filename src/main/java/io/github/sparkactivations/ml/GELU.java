package io.github.sparkactivations.ml;

import io.github.sparkactivations.math.GELUFunction;
import io.github.sparkactivations.math.GELUTanhFunction;

import java.util.List;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * GELU: {@code f(x) = x * Phi(x)}, Phi the standard normal distribution function (from erfc;
 * {@link GELUFunction}), or with {@code approximate = "tanh"} the tanh form
 * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} ({@link GELUTanhFunction}), as in
 * PyTorch. With {@code derivative} the derivative of the chosen form. At -Infinity f and f' are
 * -0.0; {@code f(+Infinity) = +Infinity}; NaN gives NaN. Values and derivatives are within 4 ulp
 * of the exact ones, also where f' crosses zero (x = -0.75...). Values of whole rows use SIMD
 * instructions where the JVM has {@code jdk.incubator.vector}. Sparse vectors stay sparse for f;
 * f' of a sparse vector is dense (f'(0) = 1/2).
 */
public final class GELU extends ElementwiseActivation<GELU> {
  private static final long serialVersionUID = 1L;

  /** {@code approximate} value: the exact form, x * Phi(x) (the default). */
  public static final String NONE = "none";
  /** {@code approximate} value: the tanh approximation. */
  public static final String TANH = "tanh";

  private final Param<String> approximate = new Param<>(this, "approximate",
      "the form of GELU: 'none' (exact, x * Phi(x)) or 'tanh' (the tanh approximation)",
      Validators.oneOf(NONE, TANH));

  public GELU(String uid) {
    super(uid);
    setDefault(approximate, NONE);
  }

  public GELU() {
    this(Identifiable.randomUID("gelu"));
  }

  /** The form: {@code "none"} (exact, default) or {@code "tanh"}. */
  public Param<String> approximate() {
    return approximate;
  }

  public String getApproximate() {
    return getOrDefault(approximate);
  }

  public GELU setApproximate(String value) {
    return setParam(approximate, value);
  }

  @Override
  public String sqlName() {
    return "gelu";
  }

  @Override
  public List<Param<?>> sqlParams() {
    return List.of(approximate);
  }

  @Override
  protected ElementwiseFunction function(boolean derivative) {
    return new Rowwise(getApproximate().equals(TANH), derivative);
  }

  /**
   * GELU's value or derivative in either form, a whole row at a time where the expression
   * allows (SIMD).
   */
  private static final class Rowwise implements ElementwiseFunction.Vectorized {
    private static final long serialVersionUID = 1L;
    private final boolean tanh;
    private final boolean derivative;

    Rowwise(boolean tanh, boolean derivative) {
      this.tanh = tanh;
      this.derivative = derivative;
    }

    @Override
    public double apply(int index, double x) {
      if (derivative) {
        return tanh ? GELUTanhFunction.derivative(x) : GELUFunction.derivative(x);
      }
      return tanh ? GELUTanhFunction.value(x) : GELUFunction.value(x);
    }

    @Override
    public void applyAll(double[] values, int from, int n) {
      if (!derivative) {
        if (tanh) {
          GELUTanhFunction.valueAll(values, from, n);
        } else {
          GELUFunction.valueAll(values, from, n);
        }
      } else if (tanh) {
        GELUTanhFunction.derivativeAll(values, from, n);
      } else {
        GELUFunction.derivativeAll(values, from, n);
      }
    }
  }

  public static MLReader<GELU> read() {
    return new DefaultParamsReader<>();
  }

  public static GELU load(String path) {
    return read().load(path);
  }
}
