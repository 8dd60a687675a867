package io.github.sparkactivations.ml;

import io.github.sparkactivations.math.ELUFunction;

import java.util.List;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * ELU: {@code f(x) = x} if {@code x > 0}, else {@code alpha * expm1(x)}; {@code f'(x) = 1} if
 * {@code x > 0}, else {@code alpha * exp(x)}. {@code f(-Infinity) = -alpha}; NaN gives NaN.
 * Values and derivatives are within 2 ulp of the exact ones. Sparse vectors stay sparse for f;
 * f' of a sparse vector is dense (f'(0) = alpha).
 */
public final class ELU extends ElementwiseActivation<ELU> {
  private static final long serialVersionUID = 1L;

  private final DoubleParam alpha = new DoubleParam(this, "alpha",
      "the scale of the negative branch alpha * expm1(x) (finite)", Validators.finite());

  public ELU(String uid) {
    super(uid);
    setDefault(alpha, 1.0);
  }

  public ELU() {
    this(Identifiable.randomUID("elu"));
  }

  /** The scale of the negative branch, {@code alpha * expm1(x)} (default 1.0; finite). */
  public DoubleParam alpha() {
    return alpha;
  }

  public double getAlpha() {
    return (Double) getOrDefault(alpha);
  }

  public ELU setAlpha(double value) {
    return setParam(alpha, value);
  }

  @Override
  public String sqlName() {
    return "elu";
  }

  @Override
  public List<Param<?>> sqlParams() {
    return List.of(alpha);
  }

  @Override
  protected ElementwiseFunction function(boolean derivative) {
    return new Rowwise(getAlpha(), derivative);
  }

  /** ELU's value or derivative, a whole row at a time where the expression allows (SIMD). */
  private static final class Rowwise implements ElementwiseFunction.Vectorized {
    private static final long serialVersionUID = 1L;
    private final double alpha;
    private final boolean derivative;

    Rowwise(double alpha, boolean derivative) {
      this.alpha = alpha;
      this.derivative = derivative;
    }

    @Override
    public double apply(int index, double x) {
      return derivative ? ELUFunction.derivative(x, alpha) : ELUFunction.value(x, alpha);
    }

    @Override
    public void applyAll(double[] values, int from, int n) {
      if (derivative) {
        ELUFunction.derivativeAll(values, from, n, alpha);
      } else {
        ELUFunction.valueAll(values, from, n, alpha);
      }
    }
  }

  public static MLReader<ELU> read() {
    return new DefaultParamsReader<>();
  }

  public static ELU load(String path) {
    return read().load(path);
  }
}
