package io.github.sparkactivations.sql;

import static io.github.sparkactivations.sql.ScalaCollections.seq;

import io.github.sparkactivations.ml.ElementwiseFunction;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.NumericType;

/**
 * The Catalyst expression behind every element-wise stage and SQL function: applies one
 * activation ({@link ElementwiseKernel}) to each element of a vector (dense or sparse), an
 * {@code array<double>}/{@code array<float>}, or a number.
 *
 * <p>It works on Spark's internal form of the column: for an ml {@code Vector}, the struct
 * (type, size, indices, values) that {@code VectorUDT} stores, read and written as Unsafe arrays
 * with no {@code Vector} objects in between. Generated code (whole-stage codegen) inlines the
 * loop for each activation and builds each result in a buffer it reuses for the next row
 * ({@link VectorRows.Result#reused}); {@link #eval} is the interpreted fallback Spark uses when
 * code generation is off, gives the same bits, and allocates each result.
 *
 * <p>Written in Java, as the library's other Catalyst internals are ({@code UnaryJavaExpression}
 * holds what they share).
 */
public final class ElementwiseExpression extends UnaryJavaExpression {
  private static final long serialVersionUID = 1L;

  private static final byte DENSE = 1;

  /** The kinds of input column, by storage. */
  private enum Kind { VECTOR, DOUBLE_ARRAY, FLOAT_ARRAY, DOUBLE, FLOAT, DECIMAL, INTEGRAL,
    NULL, UNSUPPORTED }

  private final ElementwiseKernel kernel;

  public ElementwiseExpression(Expression child, ElementwiseKernel kernel) {
    super(child, kernel);
    this.kernel = kernel;
  }

  @Override
  Expression withChild(Expression newChild) {
    return new ElementwiseExpression(newChild, kernel);
  }

  public ElementwiseKernel kernel() {
    return kernel;
  }

  private Kind kind() {
    DataType t = child().dataType();
    if (t instanceof VectorUDT) {
      return Kind.VECTOR;
    }
    if (t instanceof ArrayType) {
      DataType e = ((ArrayType) t).elementType();
      return e.equals(DataTypes.DoubleType) ? Kind.DOUBLE_ARRAY
          : e.equals(DataTypes.FloatType) ? Kind.FLOAT_ARRAY : Kind.UNSUPPORTED;
    }
    if (t.equals(DataTypes.DoubleType)) {
      return Kind.DOUBLE;
    }
    if (t.equals(DataTypes.FloatType)) {
      return Kind.FLOAT;
    }
    if (t instanceof DecimalType) {
      return Kind.DECIMAL;
    }
    if (t instanceof NumericType) {
      return Kind.INTEGRAL;
    }
    return t instanceof NullType ? Kind.NULL : Kind.UNSUPPORTED;
  }

  private boolean elementsMayBeNull() {
    DataType t = child().dataType();
    return t instanceof ArrayType && ((ArrayType) t).containsNull();
  }

  @Override
  public DataType dataType() {
    switch (kind()) {
      case VECTOR:
        return SQLDataTypes.VectorType();
      case DOUBLE_ARRAY:
        return DataTypes.createArrayType(DataTypes.DoubleType, false);
      case FLOAT_ARRAY:
        return DataTypes.createArrayType(DataTypes.FloatType, false);
      case FLOAT:
        return DataTypes.FloatType;
      default:
        return DataTypes.DoubleType;
    }
  }

  @Override
  public TypeCheckResult checkInputDataTypes() {
    Kind kind = kind();
    if (kind == Kind.UNSUPPORTED) {
      return new TypeCheckResult.DataTypeMismatch("UNEXPECTED_INPUT_TYPE", ScalaCollections.map(
          "paramIndex", "first",
          "requiredType", "(\"VECTOR\" or \"ARRAY<DOUBLE>\" or \"ARRAY<FLOAT>\" or \"NUMERIC\")",
          "inputSql", "\"" + child().sql() + "\"",
          "inputType", "\"" + child().dataType().sql() + "\""));
    }
    boolean scalar = kind != Kind.VECTOR && kind != Kind.DOUBLE_ARRAY
        && kind != Kind.FLOAT_ARRAY;
    if (scalar && kernel.size() > 1) {
      return new TypeCheckResult.DataTypeMismatch("TYPE_CHECK_FAILURE_WITH_HINT", ScalaCollections.map(
          "msg", prettyName() + " has " + kernel.size() + " per-element parameters, so its "
              + "first argument must be a vector or an array, but \"" + child().sql()
              + "\" has the type \"" + child().dataType().sql() + "\"",
          "hint", ""));
    }
    return TypeCheckResult.TypeCheckSuccess$.MODULE$;
  }

  // ---- interpreted evaluation (code generation off); mirrors doGenCode below ----

  @Override
  public Object eval(InternalRow input) {
    Object v = child().eval(input);
    if (v == null) {
      if (kernel.mode() == ElementwiseKernel.Mode.ERROR) {
        throw kernel.invalid("is null");
      }
      return null;
    }
    ElementwiseFunction f = kernel.function();
    switch (kind()) {
      case VECTOR:
        return vector((InternalRow) v);
      case DOUBLE_ARRAY:
      case FLOAT_ARRAY:
        return array((ArrayData) v, kind() == Kind.FLOAT_ARRAY);
      case FLOAT:
        return (float) f.apply(0, (Float) v);
      case DECIMAL:
        return f.apply(0, ((Decimal) v).toDouble());
      case NULL:
        return null;
      default:
        return f.apply(0, ((Number) v).doubleValue());
    }
  }

  /** Null for an invalid row in NULL mode; the exception otherwise. */
  private Object invalid(String problem) {
    if (kernel.mode() == ElementwiseKernel.Mode.NULL) {
      return null;
    }
    throw kernel.invalid(problem);
  }

  private Object vector(InternalRow v) {
    ElementwiseFunction f = kernel.function();
    if (v.getByte(0) == DENSE) {
      int n = VectorRows.elements(v, VectorRows.VALUES);
      String problem = kernel.lengthProblem(n);
      if (problem != null) {
        return invalid(problem);
      }
      VectorRows.Result out = VectorRows.Result.fresh();
      double[] buf = out.denseCopy(v, n);
      applyAll(f, buf, VectorRows.denseStart(n), n);
      return out.row();
    }
    int n = v.getInt(1);
    String problem = kernel.lengthProblem(n);
    if (problem != null) {
      return invalid(problem);
    }
    int nnz = VectorRows.elements(v, VectorRows.VALUES);
    if (!kernel.preservesZero()) {
      String tooLarge = kernel.denseProblem(n);
      if (tooLarge != null) {
        return invalid(tooLarge);
      }
      ArrayData indices = v.getArray(2);
      ArrayData values = v.getArray(3);
      VectorRows.Result out = VectorRows.Result.fresh();
      double[] buf = out.dense(n);
      int s = VectorRows.denseStart(n);
      if (f.usesIndex()) {
        for (int i = 0; i < n; i++) {
          buf[s + i] = f.apply(i, 0.0);
        }
      } else {
        Arrays.fill(buf, s, s + n, f.apply(0, 0.0)); // f(0) once, not once per implicit zero
      }
      for (int k = 0; k < nnz; k++) {
        int i = indices.getInt(k);
        buf[s + i] = f.apply(i, values.getDouble(k));
      }
      return out.row();
    }
    VectorRows.Scratch scratch = VectorRows.Scratch.ofThisThread();
    // Only +0.0 is dropped (it is what an implicit entry means); -0.0 is kept, as in dense.
    int[] idx = kernel.function().usesIndex() ? scratch.indices(v, nnz) : null;
    VectorRows.Result out = VectorRows.Result.fresh();
    double[] buf = out.sparseCopy(v, nnz);
    int s = VectorRows.sparseStart(nnz);
    if (idx == null) {
      applyAll(f, buf, s, nnz);
    } else {
      for (int k = 0; k < nnz; k++) {
        buf[s + k] = f.apply(idx[k], buf[s + k]);
      }
    }
    int kept = VectorRows.nonZeros(buf, s, nnz);
    return out.sparse(n, v, idx, nnz, kept, scratch);
  }

  private Object array(ArrayData a, boolean isFloat) {
    ElementwiseFunction f = kernel.function();
    int n = a.numElements();
    String problem = kernel.lengthProblem(n);
    if (problem != null) {
      return invalid(problem);
    }
    int nullAt = elementsMayBeNull() ? VectorRows.firstNull(a) : -1;
    if (nullAt >= 0) {
      return invalid("has a null element at index " + nullAt);
    }
    VectorRows.Result out = VectorRows.Result.fresh();
    if (isFloat) {
      float[] buf = out.floatArrayCopy(a);
      int s = VectorRows.floatArrayStart(n);
      double[] wide = VectorRows.Scratch.ofThisThread().values(n);
      VectorRows.widen(buf, s, wide, n);
      applyAll(f, wide, 0, n);
      VectorRows.narrow(wide, buf, s, n);
      return out.array();
    }
    double[] buf = out.doubleArrayCopy(a);
    applyAll(f, buf, VectorRows.doubleArrayStart(n), n);
    return out.array();
  }

  /**
   * f at buf[from + i] for i in [0, n), in place: a whole row at once where f can do that, over
   * whole SIMD vectors where f is a function of each element alone ({@link VectorRows#padded}).
   */
  private static void applyAll(ElementwiseFunction f, double[] buf, int from, int n) {
    if (f instanceof ElementwiseFunction.Vectorized) {
      ((ElementwiseFunction.Vectorized) f).applyAll(buf, from,
          f.usesIndex() ? n : VectorRows.padded(buf, from, n));
      return;
    }
    for (int i = 0; i < n; i++) {
      buf[from + i] = f.apply(i, buf[from + i]);
    }
  }

  // ---- generated code ----

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    ExprCode c = child().genCode(ctx);
    String kernelRef = ctx.addReferenceObj("kernel", kernel, ElementwiseKernel.class.getName());
    // The function's class name is in the code text, so each activation gets its own generated
    // class and the JIT sees one receiver at the call below, and inlines it.
    String fn = ctx.addReferenceObj(tag(kernel.function()), kernel.function(),
        vectorized() ? ElementwiseFunction.Vectorized.class.getCanonicalName()
            : ElementwiseFunction.class.getName());
    String javaType = CodeGenerator().javaType(dataType());
    String isNull = ev.isNull().toString();
    String value = ev.value().toString();
    String compute;
    switch (kind()) {
      case VECTOR:
      case DOUBLE_ARRAY:
      case FLOAT_ARRAY:
        String name = ctx.freshName(kernel.name());
        String code = helperCode(kernelRef, fn, javaType).replace("@NAME@", name);
        String resultType = VectorRows.Result.class.getCanonicalName();
        String result = ctx.addMutableState(resultType, "result",
            v -> v + " = " + resultType + ".reused();", true, true);
        code = code.replace("@OUT@", result);
        if (code.contains("@SCRATCH@")) {
          String scratchType = VectorRows.Scratch.class.getCanonicalName();
          String scratch = ctx.addMutableState(scratchType, "scratch",
              v -> v + " = new " + scratchType + "();", true, true);
          code = code.replace("@SCRATCH@", scratch);
        }
        String helper = ctx.addNewFunction(name, code, false);
        compute = value + " = " + helper + "(" + c.value() + ");\n"
            + isNull + " = " + value + " == null;";
        break;
      case FLOAT:
        compute = value + " = (float) " + fn + ".apply(0, (double) " + c.value() + ");";
        break;
      case DECIMAL:
        compute = value + " = " + fn + ".apply(0, " + c.value() + ".toDouble());";
        break;
      case NULL:
        compute = isNull + " = true;";
        break;
      default:
        compute = value + " = " + fn + ".apply(0, (double) " + c.value() + ");";
    }
    String onNull = kernel.mode() == ElementwiseKernel.Mode.ERROR
        ? "} else {\n  throw " + kernelRef + ".invalid(\"is null\");\n" : "";
    String code = "boolean " + isNull + " = " + c.isNull() + ";\n"
        + javaType + " " + value + " = " + CodeGenerator().defaultValue(dataType(), true) + ";\n"
        + "if (!" + isNull + ") {\n" + compute + "\n" + onNull + "}\n";
    return ev.copy(c.code().$plus(block(code)), ev.isNull(), ev.value());
  }

  /**
   * A method of the generated class for one vector or array row: the result, or null for an
   * invalid row in NULL mode. The same steps as {@link #vector} and {@link #array}; each loop
   * runs over a primitive array, which the JIT compiles to SIMD code.
   */
  private String helperCode(String kernelRef, String fn, String javaType) {
    String invalid = kernel.mode() == ElementwiseKernel.Mode.NULL
        ? "return null;" : "throw " + kernelRef + ".invalid(%s);";
    String code;
    boolean usesIndex = kernel.function().usesIndex();
    if (kind() == Kind.VECTOR && kernel.preservesZero() && !usesIndex) {
      // Dense rows and a sparse row's stored values go through one call of the function. With a
      // call in each branch, C2 inlined the function twice into this method; a whole-row form
      // is large, and after the first copy the second branch's calls (the function, the count,
      // the copies) met C2's node-count cutoff and stayed calls (-XX:+LogCompilation, GELU on
      // rows of both kinds: "NodeCountInliningCutoff" for 9 calls of the sparse branch).
      code = """
          private InternalRow @NAME@(InternalRow v) {
            boolean dense = v.getByte(0) == 1;
            int n = dense ? @ROWS@.elements(v, @ROWS@.VALUES) : v.getInt(1);
            @LENGTH_CHECK@
            int stored = dense ? n : @ROWS@.elements(v, @ROWS@.VALUES);
            double[] buf = dense ? @OUT@.denseCopy(v, n) : @OUT@.sparseCopy(v, stored);
            int s = dense ? @ROWS@.denseStart(n) : @ROWS@.sparseStart(stored);
            @LOOP(buf, s, stored)@
            if (dense) {
              return @OUT@.row();
            }
            // A function of the value alone needs the indices only when entries are dropped.
            int kept = @ROWS@.nonZeros(buf, s, stored);
            return @OUT@.sparse(n, v, null, stored, kept, @SCRATCH@);
          }
          """;
    } else if (kind() == Kind.VECTOR) {
      code = """
          private InternalRow @NAME@(InternalRow v) {
            if (v.getByte(0) == 1) {
              int n = @ROWS@.elements(v, @ROWS@.VALUES);
              @LENGTH_CHECK@
              double[] buf = @OUT@.denseCopy(v, n);
              int s = @ROWS@.denseStart(n);
              @LOOP(buf, s, n)@
              return @OUT@.row();
            }
            int n = v.getInt(1);
            @LENGTH_CHECK@
            int nnz = @ROWS@.elements(v, @ROWS@.VALUES);
            @SPARSE@
          }
          """.replace("@SPARSE@", kernel.preservesZero() ? """
            int[] idx = @SCRATCH@.indices(v, nnz);
            double[] buf = @OUT@.sparseCopy(v, nnz);
            int s = @ROWS@.sparseStart(nnz);
            for (int k = 0; k < nnz; k++) {
              buf[s + k] = @FN@.apply(idx[k], buf[s + k]);
            }
            int kept = @ROWS@.nonZeros(buf, s, nnz);
            return @OUT@.sparse(n, v, idx, nnz, kept, @SCRATCH@);
            """ : """
            if (n > @ROWS@.MAX_DENSE) {
              @INVALID_SIZE@
            }
            ArrayData indices = v.getArray(2);
            ArrayData values = v.getArray(3);
            double[] buf = @OUT@.dense(n);
            int s = @ROWS@.denseStart(n);
            @IMPLICIT_ZEROS@
            for (int k = 0; k < nnz; k++) {
              int i = indices.getInt(k);
              buf[s + i] = @FN@.apply(i, values.getDouble(k));
            }
            return @OUT@.row();
            """.replace("@IMPLICIT_ZEROS@", usesIndex ? """
                for (int i = 0; i < n; i++) {
                  buf[s + i] = @FN@.apply(i, 0.0);
                }
                """
                // f(0) once, not once per implicit zero (100,000 calls for a row of that size).
                : "java.util.Arrays.fill(buf, s, s + n, @FN@.apply(0, 0.0));"));
    } else {
      boolean isFloat = kind() == Kind.FLOAT_ARRAY;
      code = """
          private @JAVA_TYPE@ @NAME@(ArrayData a) {
            int n = a.numElements();
            @LENGTH_CHECK@
            @NULL_CHECK@
            @T@[] buf = @OUT@.@FORM@Copy(a);
            int s = @ROWS@.@FORM@Start(n);
            @ARRAY_LOOP@
            return @OUT@.array();
          }
          """.replace("@NULL_CHECK@", !elementsMayBeNull() ? "" : """
            int nullAt = @ROWS@.firstNull(a);
            if (nullAt >= 0) {
              @INVALID_NULL@
            }
            """.replace("@INVALID_NULL@",
                String.format(invalid, "\"has a null element at index \" + nullAt")))
          // Floats are widened to doubles and back (the same bits as element by element), so
          // that the function runs on whole rows.
          .replace("@ARRAY_LOOP@", isFloat ? """
            double[] wide = @SCRATCH@.values(n);
            @ROWS@.widen(buf, s, wide, n);
            @LOOP(wide, 0, n)@
            @ROWS@.narrow(wide, buf, s, n);
            """ : "@LOOP(buf, s, n)@")
          .replace("@JAVA_TYPE@", javaType)
          .replace("@T@", isFloat ? "float" : "double")
          .replace("@FORM@", isFloat ? "floatArray" : "doubleArray");
    }
    String lengthCheck = kernel.size() < 0 ? ""
        : "if (n != " + kernel.size() + ") {\n  "
            + String.format(invalid, kernelRef + ".lengthProblem(n)") + "\n}";
    return loops(code).replace("@LENGTH_CHECK@", lengthCheck)
        .replace("@INVALID_SIZE@", String.format(invalid, kernelRef + ".denseProblem(n)"))
        .replace("@ROWS@", VectorRows.class.getName())
        .replace("@FN@", fn)
        .replace("InternalRow", InternalRow.class.getName())
        .replace("ArrayData", ArrayData.class.getName());
  }

  private boolean vectorized() {
    return kernel.function() instanceof ElementwiseFunction.Vectorized;
  }

  /**
   * Each {@code @LOOP(buf, from, n)@} in the code: the function over a row of doubles in place,
   * with one call where it takes whole rows ({@link #applyAll}, padded as there), else a loop
   * over its elements (inlined by the JIT into SIMD code where the function allows).
   */
  private String loops(String code) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("@LOOP\\((\\w+), (\\w+), (\\w+)\\)@").matcher(code);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String buf = m.group(1);
      String from = m.group(2);
      String n = m.group(3);
      String length = kernel.function().usesIndex() ? n
          : "@ROWS@.padded(" + buf + ", " + from + ", " + n + ")";
      String loop = vectorized() ? "@FN@.applyAll(" + buf + ", " + from + ", " + length + ");"
          : "for (int i = 0; i < " + n + "; i++) {\n  " + buf + "[" + from + " + i] = @FN@.apply(i, "
              + buf + "[" + from + " + i]);\n}";
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(loop));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The function's class name as a Java identifier. It ends up in a comment of the generated
   * code too, where Spark's {@code CodeFormatter} (EXPLAIN CODEGEN, {@code debugCodegen}) reads
   * a {@code $} as a regex group reference and fails: so no {@code $} (nested classes).
   */
  private static String tag(Object function) {
    return function.getClass().getName().replaceAll("[^A-Za-z0-9_]", "_");
  }

  private static org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator$
      CodeGenerator() {
    return org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator$.MODULE$;
  }

  private static CodeBlock block(String code) {
    return new CodeBlock(seq(List.of(code)), seq(List.of()));
  }

  // ---- names ----

  @Override
  String sqlName() {
    return kernel.name();
  }

  @Override
  String arguments() {
    return kernel.arguments();
  }
}
