package io.github.sparkactivations.ml;

import io.github.sparkactivations.math.SiLUFunction;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * SiLU (Swish-1): {@code f(x) = x * sigmoid(x)}; {@code f'(x) = sigmoid(x) * (1 + x * (1 -
 * sigmoid(x)))} ({@link SiLUFunction}). {@code f(+Infinity) = +Infinity}; at -Infinity f and f'
 * are -0.0; NaN gives NaN. Values and derivatives are within 4 ulp of the exact ones, also
 * where f' crosses zero (x = -1.278...). No Params of its own. Sparse vectors stay sparse for f;
 * f' of a sparse vector is dense (f'(0) = 1/2).
 */
public final class SiLU extends ElementwiseActivation<SiLU> {
  private static final long serialVersionUID = 1L;

  public SiLU(String uid) {
    super(uid);
  }

  public SiLU() {
    this(Identifiable.randomUID("silu"));
  }

  @Override
  public String sqlName() {
    return "silu";
  }

  @Override
  protected ElementwiseFunction function(boolean derivative) {
    return new Rowwise(derivative);
  }

  /** SiLU's value or derivative, a whole row at a time where the expression allows (SIMD). */
  private static final class Rowwise implements ElementwiseFunction.Vectorized {
    private static final long serialVersionUID = 1L;
    private final boolean derivative;

    Rowwise(boolean derivative) {
      this.derivative = derivative;
    }

    @Override
    public double apply(int index, double x) {
      return derivative ? SiLUFunction.derivative(x) : SiLUFunction.value(x);
    }

    @Override
    public void applyAll(double[] values, int from, int n) {
      if (derivative) {
        SiLUFunction.derivativeAll(values, from, n);
      } else {
        SiLUFunction.valueAll(values, from, n);
      }
    }
  }

  public static MLReader<SiLU> read() {
    return new DefaultParamsReader<>();
  }

  public static SiLU load(String path) {
    return read().load(path);
  }
}
