package io.github.sparkactivations.ml;

import io.github.sparkactivations.math.CELUFunction;

import java.util.List;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * CELU: {@code f(x) = max(0, x) + min(0, alpha * expm1(x / alpha))}; {@code f'(x) = 1} if
 * {@code x > 0}, else {@code exp(x / alpha)} ({@link CELUFunction}). Unlike ELU it is
 * continuously differentiable for every alpha. {@code f(-Infinity) = -alpha}; NaN gives NaN.
 * Values and derivatives are within 2 ulp of the exact ones. Sparse vectors stay sparse for f;
 * f' of a sparse vector is dense (f'(0) = 1).
 */
public final class CELU extends ElementwiseActivation<CELU> {
  private static final long serialVersionUID = 1L;

  private final DoubleParam alpha = new DoubleParam(this, "alpha",
      "the scale alpha of alpha * expm1(x / alpha) for x <= 0 (finite, not 0)",
      Validators.<Object>of(v -> Double.isFinite((Double) v) && (Double) v != 0.0));

  public CELU(String uid) {
    super(uid);
    setDefault(alpha, 1.0);
  }

  public CELU() {
    this(Identifiable.randomUID("celu"));
  }

  /** The scale of the negative branch, {@code alpha * expm1(x / alpha)} (default 1.0). */
  public DoubleParam alpha() {
    return alpha;
  }

  public double getAlpha() {
    return (Double) getOrDefault(alpha);
  }

  /** Sets alpha: finite and not 0 (alpha = 1 gives ELU). */
  public CELU setAlpha(double value) {
    return setParam(alpha, value);
  }

  @Override
  public String sqlName() {
    return "celu";
  }

  @Override
  public List<Param<?>> sqlParams() {
    return List.of(alpha);
  }

  @Override
  protected ElementwiseFunction function(boolean derivative) {
    return new Rowwise(getAlpha(), derivative);
  }

  /**
   * CELU's value or derivative, a whole row at a time where the expression allows (SIMD for
   * alpha &gt; 0).
   */
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
      return derivative ? CELUFunction.derivative(x, alpha) : CELUFunction.value(x, alpha);
    }

    @Override
    public void applyAll(double[] values, int from, int n) {
      if (derivative) {
        CELUFunction.derivativeAll(values, from, n, alpha);
      } else {
        CELUFunction.valueAll(values, from, n, alpha);
      }
    }
  }

  public static MLReader<CELU> read() {
    return new DefaultParamsReader<>();
  }

  public static CELU load(String path) {
    return read().load(path);
  }
}
