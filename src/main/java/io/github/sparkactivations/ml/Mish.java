package io.github.sparkactivations.ml;

import io.github.sparkactivations.math.MishFunction;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Mish: {@code f(x) = x * tanh(softplus(x))}; {@code f'(x) = tanh(softplus(x)) + x *
 * sech^2(softplus(x)) * sigmoid(x)} ({@link MishFunction}). At -Infinity f and f' are -0.0;
 * {@code f(+Infinity) = +Infinity}; NaN gives NaN. Values and derivatives are within 4 ulp of the
 * exact ones, also where f' crosses zero (x = -1.19...). No Params of its own. Sparse vectors stay
 * sparse for f; f' of a sparse vector is dense (f'(0) = 0.6).
 */
public final class Mish extends ElementwiseActivation<Mish> {
  private static final long serialVersionUID = 1L;

  public Mish(String uid) {
    super(uid);
  }

  public Mish() {
    this(Identifiable.randomUID("mish"));
  }

  @Override
  public String sqlName() {
    return "mish";
  }

  @Override
  protected ElementwiseFunction function(boolean derivative) {
    return new Rowwise(derivative);
  }

  /** Mish's value or derivative, a whole row at a time where the expression allows (SIMD). */
  private static final class Rowwise implements ElementwiseFunction.Vectorized {
    private static final long serialVersionUID = 1L;
    private final boolean derivative;

    Rowwise(boolean derivative) {
      this.derivative = derivative;
    }

    @Override
    public double apply(int index, double x) {
      return derivative ? MishFunction.derivative(x) : MishFunction.value(x);
    }

    @Override
    public void applyAll(double[] values, int from, int n) {
      if (derivative) {
        MishFunction.derivativeAll(values, from, n);
      } else {
        MishFunction.valueAll(values, from, n);
      }
    }
  }

  public static MLReader<Mish> read() {
    return new DefaultParamsReader<>();
  }

  public static Mish load(String path) {
    return read().load(path);
  }
}
