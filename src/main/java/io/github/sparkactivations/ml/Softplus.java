package io.github.sparkactivations.ml;

import io.github.sparkactivations.math.SoftplusFunction;

import java.util.List;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Softplus, with PyTorch's Params: {@code f(x) = log1p(exp(beta * x)) / beta}, and {@code x}
 * where {@code beta * x > threshold}; {@code f'(x) = sigmoid(beta * x)}, and 1 where
 * {@code beta * x > threshold} ({@link SoftplusFunction}). {@code f(-Infinity) = 0},
 * {@code f(+Infinity) = +Infinity}; NaN gives NaN. Values and derivatives are within 4 ulp of
 * the exact ones. f(0) = log(2) / beta is not 0, so the output of a sparse vector is dense.
 */
public final class Softplus extends ElementwiseActivation<Softplus> {
  private static final long serialVersionUID = 1L;

  private final DoubleParam beta = new DoubleParam(this, "beta",
      "the sharpness beta of log1p(exp(beta * x)) / beta (finite, > 0)",
      Validators.<Object>of(v -> Double.isFinite((Double) v) && (Double) v > 0.0));
  private final DoubleParam threshold = new DoubleParam(this, "threshold",
      "above this value of beta * x the output is x itself (finite)", Validators.finite());

  public Softplus(String uid) {
    super(uid);
    setDefault(beta, 1.0);
    setDefault(threshold, 20.0);
  }

  public Softplus() {
    this(Identifiable.randomUID("softplus"));
  }

  /** The sharpness beta (default 1.0; finite, &gt; 0): larger is closer to ReLU. */
  public DoubleParam beta() {
    return beta;
  }

  /** Above this value of {@code beta * x} the output is x (default 20.0; finite). */
  public DoubleParam threshold() {
    return threshold;
  }

  public double getBeta() {
    return (Double) getOrDefault(beta);
  }

  public double getThreshold() {
    return (Double) getOrDefault(threshold);
  }

  public Softplus setBeta(double value) {
    return setParam(beta, value);
  }

  public Softplus setThreshold(double value) {
    return setParam(threshold, value);
  }

  @Override
  public String sqlName() {
    return "softplus";
  }

  @Override
  public List<Param<?>> sqlParams() {
    return List.of(beta, threshold);
  }

  @Override
  protected ElementwiseFunction function(boolean derivative) {
    return new Rowwise(getBeta(), getThreshold(), derivative);
  }

  /**
   * Softplus's value or derivative, a whole row at a time where the expression allows (SIMD).
   */
  private static final class Rowwise implements ElementwiseFunction.Vectorized {
    private static final long serialVersionUID = 1L;
    private final double beta;
    private final double threshold;
    private final boolean derivative;

    Rowwise(double beta, double threshold, boolean derivative) {
      this.beta = beta;
      this.threshold = threshold;
      this.derivative = derivative;
    }

    @Override
    public double apply(int index, double x) {
      return derivative ? SoftplusFunction.derivative(x, beta, threshold)
          : SoftplusFunction.value(x, beta, threshold);
    }

    @Override
    public void applyAll(double[] values, int from, int n) {
      if (derivative) {
        SoftplusFunction.derivativeAll(values, from, n, beta, threshold);
      } else {
        SoftplusFunction.valueAll(values, from, n, beta, threshold);
      }
    }
  }

  public static MLReader<Softplus> read() {
    return new DefaultParamsReader<>();
  }

  public static Softplus load(String path) {
    return read().load(path);
  }
}
