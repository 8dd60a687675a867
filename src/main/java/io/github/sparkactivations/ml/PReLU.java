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
  public void setSqlArgument(int position, Object value) {
    if (value instanceof double[]) {
      setAlphas((double[]) value);
    } else {
      super.setSqlArgument(position, value);
    }
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
    if (!derivative && Arrays.stream(slopes).allMatch(a -> a > 0.0 && a <= 1.0)) {
      return new SlopesInUnitInterval(slopes);
    }
    return new Slopes(slopes, derivative);
  }

  // Named classes, not wrapped lambdas, so that the generated code's call inlines down to the
  // arithmetic. Three of them because the JIT turns a loop into SIMD code only without a branch
  // on the slope inside it.

  /** Any slopes: the form of LeakyReLUFunction.value is chosen per element. */
  private static final class Slopes implements ElementwiseFunction {
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
    public int size() {
      return alphas.length;
    }
  }

  /** Slopes all in (0, 1], the usual case: one branch-free form for every element. */
  private static final class SlopesInUnitInterval implements ElementwiseFunction {
    private static final long serialVersionUID = 1L;
    private final double[] alphas;

    SlopesInUnitInterval(double[] alphas) {
      this.alphas = alphas;
    }

    @Override
    public double apply(int index, double x) {
      return LeakyReLUFunction.valueForSlopeInUnitInterval(x, alphas[index]);
    }

    @Override
    public int size() {
      return alphas.length;
    }
  }

  /**
   * Equal slopes (as initialised, say): LeakyReLU with a length check. The branch on the slope
   * is the same for every element, so the JIT moves it out of the loop.
   */
  private static final class SameSlope implements ElementwiseFunction {
    private static final long serialVersionUID = 1L;
    private final double alpha;
    private final int size;
    private final boolean derivative;

    SameSlope(double alpha, int size, boolean derivative) {
      this.alpha = alpha;
      this.size = size;
      this.derivative = derivative;
    }

    @Override
    public double apply(int index, double x) {
      return derivative ? LeakyReLUFunction.derivative(x, alpha)
          : LeakyReLUFunction.value(x, alpha);
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public boolean usesIndex() {
      return false;
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
