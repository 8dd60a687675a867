package io.github.sparkactivations.sql;

import static io.github.sparkactivations.sql.ScalaCollections.map;

import io.github.sparkactivations.ml.ElementwiseActivation;
import io.github.sparkactivations.ml.StageCatalog;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

import scala.Option;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Registers every element-wise activation of this library as a SQL function, with its
 * derivative: {@code relu(x [, threshold [, maxValue]])}, {@code leaky_relu(x [, alpha])},
 * {@code prelu(x [, alpha])} (alpha a number, or an array of one slope per element),
 * {@code elu(x [, alpha])}, {@code selu(x)}, and {@code <name>_derivative} with the same
 * arguments. Enable it with one setting when the session starts:
 *
 * <pre>{@code
 * spark-sql --jars spark-activations_2.13.jar \
 *   --conf spark.sql.extensions=io.github.sparkactivations.sql.ActivationExtensions
 * SELECT relu(features), elu(features, 0.5) FROM t;
 * }</pre>
 *
 * <p>x may be a vector, {@code array<double>}, {@code array<float>} or a number (see
 * {@link ActivationFunctions}, which gives the same functions to Java). The other arguments must
 * be constants; a wrong number of arguments, a non-constant or non-numeric parameter, a bad
 * parameter value, or an x of another type fails analysis with an error naming the function and
 * the argument.
 *
 * <p>The functions come from the stages listed in the services file ({@link StageCatalog}):
 * each {@link ElementwiseActivation} gives its {@link ElementwiseActivation#sqlName() name} and
 * its {@link ElementwiseActivation#sqlParams() parameters}.
 */
public final class ActivationExtensions extends AbstractFunction1<SparkSessionExtensions,
    BoxedUnit> implements SparkSessionExtensionsProvider {

  private static final String DOCROOT = "https://spark.apache.org/docs/latest";

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    for (String className : StageCatalog.stages().values()) {
      if (!(StageCatalog.create(className, "probe") instanceof ElementwiseActivation)) {
        continue;
      }
      for (boolean derivative : new boolean[] {false, true}) {
        ElementwiseActivation<?> probe = stage(className, derivative);
        String name = probe.sqlFunctionName();
        extensions.injectFunction(new Tuple3<>(FunctionIdentifier.apply(name),
            info(name, probe), new Builder(className, derivative)));
      }
    }
    return BoxedUnit.UNIT;
  }

  private static ElementwiseActivation<?> stage(String className, boolean derivative) {
    ElementwiseActivation<?> stage = (ElementwiseActivation<?>) StageCatalog.create(className,
        "sql");
    stage.setDerivative(derivative);
    return stage;
  }

  private static ExpressionInfo info(String name, ElementwiseActivation<?> stage) {
    StringBuilder usage = new StringBuilder("_FUNC_(x");
    StringBuilder close = new StringBuilder();
    StringJoiner args = new StringJoiner("\n", "\n    Arguments:\n", "\n");
    args.add("      * x - a vector, array<double>, array<float> or number");
    for (Param<?> p : stage.sqlParams()) {
      usage.append(" [, ").append(p.name());
      close.append("]");
      args.add("      * " + p.name() + " - " + p.doc() + " (default "
          + stage.getOrDefault(p) + ")");
    }
    usage.append(close).append(") - ").append(stage.getDerivative() ? "the derivative of "
        : "").append(stage.getClass().getSimpleName()).append(" of each element of x.");
    return new ExpressionInfo(ElementwiseExpression.class.getName(), null, name,
        usage.toString(), args.toString(), "", "", "", "", "", "");
  }

  /** Builds the expression of one call, checking its arguments. */
  private static final class Builder extends AbstractFunction1<Seq<Expression>, Expression> {
    private final String className;
    private final boolean derivative;

    Builder(String className, boolean derivative) {
      this.className = className;
      this.derivative = derivative;
    }

    @Override
    public Expression apply(Seq<Expression> args) {
      ElementwiseActivation<?> stage = stage(className, derivative);
      String name = stage.sqlFunctionName();
      List<Param<?>> params = stage.sqlParams();
      int n = args.size();
      if (n < 1 || n > 1 + params.size()) {
        throw analysisError("WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
            "functionName", "`" + name + "`",
            "expectedNum", params.isEmpty() ? "1" : "between 1 and " + (1 + params.size()),
            "actualNum", String.valueOf(n),
            "docroot", DOCROOT);
      }
      String call = call(name, args);
      for (int i = 1; i < n; i++) {
        Object value = constant(call, params.get(i - 1), i, args.apply(i));
        try {
          stage.setSqlArgument(i - 1, value);
        } catch (IllegalArgumentException e) {
          throw invalidParameter(call, stage.sqlParam(i - 1, value), args.apply(i));
        }
      }
      Expression x = args.apply(0);
      try {
        return ExpressionUtils.expression(stage.sqlFunction(ExpressionUtils.column(x)));
      } catch (IllegalArgumentException e) {
        throw invalidStage(call, e);
      }
    }
  }

  private static String call(String name, Seq<Expression> args) {
    List<String> sql = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      sql.add(args.apply(i).sql());
    }
    return "\"" + name + "(" + String.join(", ", sql) + ")\"";
  }

  /**
   * A constant argument: a Double or a double[] for a numeric Param, a String for any other
   * (a string Param).
   */
  private static Object constant(String call, Param<?> p, int index, Expression e) {
    String param = p.name();
    DataType t = e.dataType();
    boolean numeric = p instanceof DoubleParam || p instanceof DoubleArrayParam;
    boolean array = numeric && t instanceof ArrayType
        && ((ArrayType) t).elementType() instanceof NumericType;
    String required = numeric ? "\"DOUBLE\"" : "\"STRING\"";
    if (numeric ? !(t instanceof NumericType) && !array : !(t instanceof StringType)) {
      throw analysisError("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
          "sqlExpr", call,
          "paramIndex", ordinal(index),
          "requiredType", required,
          "inputSql", "\"" + e.sql() + "\"",
          "inputType", "\"" + t.sql() + "\"");
    }
    if (!e.foldable()) {
      throw analysisError("DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
          "sqlExpr", call,
          "inputName", "`" + param + "`",
          "inputType", array ? "\"ARRAY<DOUBLE>\"" : required,
          "inputExpr", "\"" + e.sql() + "\"");
    }
    Object v = numeric
        ? new Cast(e, array ? DataTypes.createArrayType(DataTypes.DoubleType)
            : DataTypes.DoubleType, Option.empty(), EvalMode.LEGACY()).eval(null)
        : e.eval(null);
    if (v == null || array && ((ArrayData) v).toSeq(DataTypes.DoubleType).contains(null)) {
      throw analysisError("DATATYPE_MISMATCH.TYPE_CHECK_FAILURE_WITH_HINT",
          "sqlExpr", call,
          "msg", "the " + ordinal(index) + " parameter `" + param + "` must not be null",
          "hint", "");
    }
    return array ? ((ArrayData) v).toDoubleArray() : numeric ? v : v.toString();
  }

  /** An argument the Param rejects: its value as written, and what the Param takes. */
  private static RuntimeException invalidParameter(String call, Param<?> param, Expression e) {
    return analysisError("DATATYPE_MISMATCH.TYPE_CHECK_FAILURE_WITH_HINT",
        "sqlExpr", call,
        "msg", "invalid value " + e.sql() + " for `" + param.name() + "` (" + param.doc() + ")",
        "hint", "");
  }

  /** Arguments valid one by one that do not fit together (e.g. maxValue not > threshold). */
  private static RuntimeException invalidStage(String call, IllegalArgumentException cause) {
    return analysisError("DATATYPE_MISMATCH.TYPE_CHECK_FAILURE_WITH_HINT",
        "sqlExpr", call,
        "msg", cause.getMessage(),
        "hint", "");
  }

  /**
   * An {@link AnalysisException} (with Spark's error class and parameters), thrown unchecked:
   * Java sees it as checked, but Scala's function builders may throw it.
   */
  private static RuntimeException analysisError(String errorClass, String... parameters) {
    return ActivationExtensions.<RuntimeException>sneaky(new AnalysisException(errorClass,
        map(parameters)));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  private static String ordinal(int i) {
    String[] names = {"first", "second", "third", "fourth", "fifth"};
    return i < names.length ? names[i] : (i + 1) + "th";
  }
}
