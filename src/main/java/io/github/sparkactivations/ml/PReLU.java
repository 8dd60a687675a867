package io.github.sparkactivations.ml;

import io.github.sparkactivations.math.LeakyReLUFunction;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
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
  public String sqlName() {
    return "prelu";
  }

  @Override
  public List<Param<?>> sqlParams() {
    return List.of(alpha);
  }

  /** The SQL argument {@code alpha} may also be an array: then it sets {@code alphas}. */
  @Override
  public Param<?> sqlParam(int position, Object value) {
    return value instanceof double[] ? alphas : super.sqlParam(position, value);
  }

  @Override
  protected String sqlArguments() {
    return isDefined(alphas) ? sqlLiteral(getAlphas()) : super.sqlArguments();
  }

  @Override
  protected ElementwiseFunction function(boolean derivative) {
    if (!isDefined(alphas)) {
      return LeakyReLU.function(getAlpha(), derivative);
    }
    double[] slopes = getAlphas().clone();
    if (Arrays.stream(slopes).allMatch(a -> a == slopes[0])) {
      return new SameSlope(slopes[0], slopes.length, derivative);
    }
    return new Slopes(slopes, derivative);
  }

  // Named classes, not wrapped lambdas, so that the generated code's call inlines down to the
  // arithmetic.

  /**
   * A slope per element: whole rows at a time where the expression allows (SIMD, one slope per
   * lane; a loop over elements with a branch-free form per element took about 1 ns an element,
   * and the derivative, a branch per element, 3.8 ns), one element at a time for sparse entries.
   */
  private static final class Slopes implements ElementwiseFunction.Vectorized {
    private static final long serialVersionUID = 1L;
    private final double[] alphas;
    private final boolean derivative;

    Slopes(double[] alphas, boolean derivative) {
      this.alphas = alphas;
      this.derivative = derivative;
    }

    @Override
    public double apply(int index, double x) {
      return derivative ? LeakyReLUFunction.derivative(x, alphas[index])
          : LeakyReLUFunction.value(x, alphas[index]);
    }

    @Override
    public void applyAll(double[] values, int from, int n) {
      if (derivative) {
        LeakyReLUFunction.derivativeAll(values, from, n, alphas);
      } else {
        LeakyReLUFunction.valueAll(values, from, n, alphas);
      }
    }

    @Override
    public int size() {
      return alphas.length;
    }

    @Override
    public boolean usesIndex() {
      return true;
    }
  }

  /**
   * Equal slopes (as initialised, say): LeakyReLU's function, whole rows at a time included,
   * with a length check.
   */
  private static final class SameSlope implements ElementwiseFunction.Vectorized {
    private static final long serialVersionUID = 1L;
    private final ElementwiseFunction.Vectorized leaky;
    private final int size;

    SameSlope(double alpha, int size, boolean derivative) {
      this.leaky = LeakyReLU.function(alpha, derivative);
      this.size = size;
    }

    @Override
    public double apply(int index, double x) {
      return leaky.apply(index, x);
    }

    @Override
    public void applyAll(double[] values, int from, int n) {
      leaky.applyAll(values, from, n);
    }

    @Override
    public int size() {
      return size;
    }
  }

  @Override
  protected Optional<Column> nativeExpression(Column x, boolean derivative) {
    // A numeric column is one element; transformSchema allows alphas of length 1 only.
    double a = isDefined(alphas) ? getAlphas()[0] : getAlpha();
    return Optional.of(LeakyReLU.expression(x, a, derivative));
  }

  public static MLReader<PReLU> read() {
    return new DefaultParamsReader<>();
  }

  public static PReLU load(String path) {
    return read().load(path);
  }
}
