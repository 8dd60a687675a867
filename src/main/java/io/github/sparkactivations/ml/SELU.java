package io.github.sparkactivations.ml;

import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.github.sparkactivations.math.SELUFunction;

import java.util.Optional;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;

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
    return derivative ? (i, x) -> SELUFunction.derivative(x) : new Value();
  }

  /** SELU's value, a whole row at a time where the expression allows (SIMD). */
  private static final class Value implements ElementwiseFunction.Vectorized {
    private static final long serialVersionUID = 1L;

    @Override
    public double apply(int index, double x) {
      return SELUFunction.value(x);
    }

    @Override
    public void applyAll(double[] values, int from, int n) {
      SELUFunction.valueAll(values, from, n);
    }
  }

  @Override
  protected Optional<Column> nativeExpression(Column x, boolean derivative) {
    // As in ELU: the value's expm1 is the library's, computed by the library's expression.
    return derivative
        ? Optional.of(when(x.gt(0.0), lit(SELUFunction.LAMBDA))
            .otherwise(lit(SELUFunction.LAMBDA_ALPHA).multiply(exp(x))))
        : Optional.empty();
  }

  public static MLReader<SELU> read() {
    return new DefaultParamsReader<>();
  }

  public static SELU load(String path) {
    return read().load(path);
  }
}
