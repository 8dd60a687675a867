package io.github.sparkactivations.ml;

import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.github.sparkactivations.math.ELUFunction;

import java.util.List;
import java.util.Optional;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;

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
    double a = getAlpha();
    return derivative ? (i, x) -> ELUFunction.derivative(x, a) : new Value(a);
  }

  /** ELU's value, a whole row at a time where the expression allows (SIMD). */
  private static final class Value implements ElementwiseFunction.Vectorized {
    private static final long serialVersionUID = 1L;
    private final double alpha;

    Value(double alpha) {
      this.alpha = alpha;
    }

    @Override
    public double apply(int index, double x) {
      return ELUFunction.value(x, alpha);
    }

    @Override
    public void applyAll(double[] values, int from, int n) {
      ELUFunction.valueAll(values, from, n, alpha);
    }
  }

  @Override
  protected Optional<Column> nativeExpression(Column x, boolean derivative) {
    // The value's expm1 is the library's (see the math package), not Spark SQL's: the
    // library's expression computes it. The derivative's exp is StrictMath's in both.
    double a = getAlpha();
    return derivative
        ? Optional.of(when(x.gt(0.0), lit(1.0)).otherwise(lit(a).multiply(exp(x))))
        : Optional.empty();
  }

  public static MLReader<ELU> read() {
    return new DefaultParamsReader<>();
  }

  public static ELU load(String path) {
    return read().load(path);
  }
}
