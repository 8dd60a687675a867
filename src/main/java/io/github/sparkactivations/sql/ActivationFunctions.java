package io.github.sparkactivations.sql;

import io.github.sparkactivations.ml.ELU;
import io.github.sparkactivations.ml.ElementwiseActivation;
import io.github.sparkactivations.ml.LeakyReLU;
import io.github.sparkactivations.ml.PReLU;
import io.github.sparkactivations.ml.ReLU;
import io.github.sparkactivations.ml.SELU;

import org.apache.spark.sql.Column;

/**
 * The activations as {@link Column} functions, like {@code org.apache.spark.sql.functions}, and
 * under the same names as the SQL functions {@link ActivationExtensions} registers.
 *
 * <p>Each applies to a vector (dense or sparse; sparse stays sparse where f(0) = 0), an
 * {@code array<double>}, an {@code array<float>} or a number (a {@code float} stays
 * {@code float}; other numbers give {@code double}), element by element, with the same bits as
 * the stages. A null input gives null; a null array element fails the query. Another column
 * type fails analysis, naming the function and the argument.
 *
 * <pre>{@code
 * import static io.github.sparkactivations.sql.ActivationFunctions.*;
 * df.select(relu(col("features")), elu_derivative(col("features"), 0.5));
 * }</pre>
 *
 * <p>{@link #activate} does the same for any configured element-wise stage.
 */
public final class ActivationFunctions {
  private ActivationFunctions() {}

  /** The stage's activation (f, or f' if its {@code derivative} is set) of each element of x. */
  public static Column activate(ElementwiseActivation<?> stage, Column x) {
    return stage.sqlFunction(x);
  }

  /** ReLU, {@code max(0, x)}. */
  public static Column relu(Column x) {
    return activate(new ReLU(), x);
  }

  /** ReLU with a threshold and a cap ({@code maxValue}; {@code 6} gives ReLU6). */
  public static Column relu(Column x, double threshold, double maxValue) {
    return activate(new ReLU().setThreshold(threshold).setMaxValue(maxValue), x);
  }

  /** The derivative of {@link #relu(Column)}. */
  public static Column relu_derivative(Column x) {
    return activate(new ReLU().setDerivative(true), x);
  }

  /** The derivative of {@link #relu(Column, double, double)}. */
  public static Column relu_derivative(Column x, double threshold, double maxValue) {
    return activate(new ReLU().setThreshold(threshold).setMaxValue(maxValue)
        .setDerivative(true), x);
  }

  /** Leaky ReLU with slope 0.01. */
  public static Column leaky_relu(Column x) {
    return activate(new LeakyReLU(), x);
  }

  /** Leaky ReLU: x if x &gt; 0, else alpha·x. */
  public static Column leaky_relu(Column x, double alpha) {
    return activate(new LeakyReLU().setAlpha(alpha), x);
  }

  /** The derivative of {@link #leaky_relu(Column)}. */
  public static Column leaky_relu_derivative(Column x) {
    return activate(new LeakyReLU().setDerivative(true), x);
  }

  /** The derivative of {@link #leaky_relu(Column, double)}. */
  public static Column leaky_relu_derivative(Column x, double alpha) {
    return activate(new LeakyReLU().setAlpha(alpha).setDerivative(true), x);
  }

  /** PReLU with one slope for every element. */
  public static Column prelu(Column x, double alpha) {
    return activate(new PReLU().setAlpha(alpha), x);
  }

  /** PReLU with a slope per element (x must be a vector or array of that length). */
  public static Column prelu(Column x, double[] alphas) {
    return activate(new PReLU().setAlphas(alphas), x);
  }

  /** The derivative of {@link #prelu(Column, double)}. */
  public static Column prelu_derivative(Column x, double alpha) {
    return activate(new PReLU().setAlpha(alpha).setDerivative(true), x);
  }

  /** The derivative of {@link #prelu(Column, double[])}. */
  public static Column prelu_derivative(Column x, double[] alphas) {
    return activate(new PReLU().setAlphas(alphas).setDerivative(true), x);
  }

  /** ELU with alpha 1. */
  public static Column elu(Column x) {
    return activate(new ELU(), x);
  }

  /** ELU: x if x &gt; 0, else alpha·expm1(x). */
  public static Column elu(Column x, double alpha) {
    return activate(new ELU().setAlpha(alpha), x);
  }

  /** The derivative of {@link #elu(Column)}. */
  public static Column elu_derivative(Column x) {
    return activate(new ELU().setDerivative(true), x);
  }

  /** The derivative of {@link #elu(Column, double)}. */
  public static Column elu_derivative(Column x, double alpha) {
    return activate(new ELU().setAlpha(alpha).setDerivative(true), x);
  }

  /** SELU. */
  public static Column selu(Column x) {
    return activate(new SELU(), x);
  }

  /** The derivative of {@link #selu(Column)}. */
  public static Column selu_derivative(Column x) {
    return activate(new SELU().setDerivative(true), x);
  }
}
