package io.github.sparkactivations.ml;

import io.github.sparkactivations.math.LeakyReLUFunction;

import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;

/**
 * PReLU: Leaky ReLU with a slope per element, {@code f(x_i) = x_i} if {@code x_i > 0}, else
 * {@code alpha_i * x_i}; {@code f'(x_i) = 1} if {@code x_i > 0}, else {@code alpha_i}.
 *
 * <p>The slopes come from {@code alphas} (one per element of the vector or array) when it is set,
 * and otherwise {@code alpha} applies to every element. With {@code alphas}, a row of another
 * length is invalid and follows {@code handleInvalid}; a vector column whose size metadata
 * differs, or a numeric column when {@code alphas} has more than one entry, is rejected by
 * {@code transformSchema}. The slopes are Params, not learned here: fit them elsewhere and set
 * them.
 */
public final class PReLU extends ElementwiseActivation<PReLU> {
  private static final long serialVersionUID = 1L;

  private final DoubleParam alpha = new DoubleParam(this, "alpha",
      "the slope for x <= 0 of every element, unless alphas is set (finite)",
      Validators.finite());
  private final DoubleArrayParam alphas = new DoubleArrayParam(this, "alphas",
      "the slope for x <= 0 of each element; overrides alpha (finite, at least one)",
      Validators.finiteArray());

  public PReLU(String uid) {
    super(uid);
    setDefault(alpha, 0.25);
  }

  public PReLU() {
    this(Identifiable.randomUID("pReLU"));
  }

  /** The slope for {@code x <= 0} of every element (default 0.25), unless alphas is set. */
  public DoubleParam alpha() {
    return alpha;
  }

  /** The slope of each element (no default); when set it is used instead of alpha. */
  public DoubleArrayParam alphas() {
    return alphas;
  }

  public double getAlpha() {
    return (Double) getOrDefault(alpha);
  }

  public double[] getAlphas() {
    return getOrDefault(alphas);
  }

  public PReLU setAlpha(double value) {
    return setParam(alpha, value);
  }

  public PReLU setAlphas(double... value) {
    return setParam(alphas, value.clone());
  }

  @Override
  protected ElementwiseFunction function(boolean derivative) {
    if (!isDefined(alphas)) {
      return LeakyReLU.function(getAlpha(), derivative);
    }
    double[] a = getAlphas().clone();
    return ElementwiseFunction.sized(a.length, derivative
        ? (i, x) -> LeakyReLUFunction.derivative(x, a[i])
        : (i, x) -> LeakyReLUFunction.value(x, a[i]));
  }

  @Override
  protected Column expression(Column x, boolean derivative) {
    // A numeric column is one element; transformSchema allows alphas of length 1 only.
    double a = isDefined(alphas) ? getAlphas()[0] : getAlpha();
    return LeakyReLU.expression(x, a, derivative);
  }

  public static MLReader<PReLU> read() {
    return new DefaultParamsReader<>();
  }

  public static PReLU load(String path) {
    return read().load(path);
  }
}
