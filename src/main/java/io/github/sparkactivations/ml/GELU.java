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
 * of the exact ones, also where f' crosses zero (x = -0.75...). Sparse vectors stay sparse for f;
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
    if (getApproximate().equals(TANH)) {
      return derivative
          ? (i, x) -> GELUTanhFunction.derivative(x)
          : (i, x) -> GELUTanhFunction.value(x);
    }
    return derivative
        ? (i, x) -> GELUFunction.derivative(x)
        : (i, x) -> GELUFunction.value(x);
  }

  public static MLReader<GELU> read() {
    return new DefaultParamsReader<>();
  }

  public static GELU load(String path) {
    return read().load(path);
  }
}
