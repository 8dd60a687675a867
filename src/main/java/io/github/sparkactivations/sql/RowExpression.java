package io.github.sparkactivations.sql;

import java.io.Serializable;
import java.util.List;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator$;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;

/**
 * A Catalyst expression that hands each row's value of one column, in Spark's internal form
 * ({@code InternalRow} for a vector's struct, {@code ArrayData} for an array), to a
 * {@link RowKernel} and returns its result: for stages whose rows change shape (Maxout), which
 * {@link ElementwiseExpression} does not cover. Compared with a UDF it skips the conversion of
 * each row to and from {@code Vector} or {@code Seq} objects. Generated code makes one direct
 * call to the kernel per row, with a result buffer and scratch buffers it keeps for the task
 * ({@link VectorRows.Result#reused}); the interpreted path ({@link #eval}, code generation off)
 * makes the same call with fresh results, so both give the same bits.
 */
public final class RowExpression extends UnaryJavaExpression {
  private static final long serialVersionUID = 1L;

  /** The per-row computation of a {@link RowExpression}; immutable. */
  public interface RowKernel extends Serializable {
    /** The name shown in plans, e.g. {@code maxout}. */
    String name();

    /** The type of the results. */
    DataType dataType();

    /**
     * The result for one row's value in internal form (null for a null row), in internal form;
     * null for an invalid row whose stage outputs null, or it throws. A result built in
     * {@code out} may point into its buffer, which the next row may overwrite (Spark's contract
     * for an expression's value); {@code scratch} holds buffers that never escape the call.
     */
    Object apply(Object value, VectorRows.Result out, VectorRows.Scratch scratch);
  }

  private final RowKernel kernel;

  public RowExpression(Expression child, RowKernel kernel) {
    super(child, kernel);
    this.kernel = kernel;
  }

  @Override
  Expression withChild(Expression newChild) {
    return new RowExpression(newChild, kernel);
  }

  @Override
  public DataType dataType() {
    return kernel.dataType();
  }

  @Override
  public Object eval(InternalRow input) {
    return kernel.apply(child().eval(input), VectorRows.Result.fresh(),
        VectorRows.Scratch.ofThisThread());
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    ExprCode c = child().genCode(ctx);
    CodeGenerator$ gen = CodeGenerator$.MODULE$;
    String kernelRef = ctx.addReferenceObj("rowKernel", kernel, RowKernel.class.getName());
    String resultType = VectorRows.Result.class.getCanonicalName();
    String out = ctx.addMutableState(resultType, "result",
        v -> v + " = " + resultType + ".reused();", true, true);
    String scratchType = VectorRows.Scratch.class.getCanonicalName();
    String scratch = ctx.addMutableState(scratchType, "scratch",
        v -> v + " = new " + scratchType + "();", true, true);
    String result = ctx.freshName("result");
    // The child's value is an object (a struct or an array), so it needs no boxing.
    String code = "Object " + result + " = " + kernelRef + ".apply(" + c.isNull()
        + " ? null : (Object) " + c.value() + ", " + out + ", " + scratch + ");\n"
        + "boolean " + ev.isNull() + " = " + result + " == null;\n"
        + gen.javaType(dataType()) + " " + ev.value() + " = " + ev.isNull() + " ? "
        + gen.defaultValue(dataType(), true) + " : (" + gen.boxedType(dataType()) + ") "
        + result + ";\n";
    return ev.copy(c.code().$plus(new CodeBlock(ScalaCollections.seq(List.of(code)),
        ScalaCollections.seq(List.of()))), ev.isNull(), ev.value());
  }

  @Override
  String sqlName() {
    return kernel.name();
  }
}
