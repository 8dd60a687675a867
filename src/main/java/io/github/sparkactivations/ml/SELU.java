package io.github.sparkactivations.ml;

import io.github.sparkactivations.math.SELUFunction;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * SELU: {@code f(x) = λx} if {@code x > 0}, else {@code λα·expm1(x)}; {@code f'(x) = λ} if
 * {@code x > 0}, else {@code λα·exp(x)}, with λ = 1.0507009873554804934193349852946 and
 * α = 1.6732632423543772848170429916717 ({@link SELUFunction}). {@code f(-Infinity) = -λα}; NaN
 * gives NaN. Values and derivatives are within 2 ulp of the exact ones. No Params of its own.
 */
public final class SELU extends ElementwiseActivation<SELU> {
  private static final long serialVersionUID = 1L;

  public SELU(String uid) {
    super(uid);
  }

  public SELU() {
    this(Identifiable.randomUID("selu"));
  }

  @Override
  public String sqlName() {
    return "selu";
  }

  @Override
  protected ElementwiseFunction function(boolean derivative) {
    return new Rowwise(derivative);
  }

  /** SELU's value or derivative, a whole row at a time where the expression allows (SIMD). */
  private static final class Rowwise implements ElementwiseFunction.Vectorized {
    private static final long serialVersionUID = 1L;
    private final boolean derivative;

    Rowwise(boolean derivative) {
      this.derivative = derivative;
    }

    @Override
    public double apply(int index, double x) {
      return derivative ? SELUFunction.derivative(x) : SELUFunction.value(x);
    }

    @Override
    public void applyAll(double[] values, int from, int n) {
      if (derivative) {
        SELUFunction.derivativeAll(values, from, n);
      } else {
        SELUFunction.valueAll(values, from, n);
      }
    }
  }

  public static MLReader<SELU> read() {
    return new DefaultParamsReader<>();
  }

  public static SELU load(String path) {
    return read().load(path);
  }
}
