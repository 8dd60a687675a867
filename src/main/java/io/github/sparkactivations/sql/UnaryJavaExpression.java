package io.github.sparkactivations.sql;

import static io.github.sparkactivations.sql.ScalaCollections.seq;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.apache.spark.sql.catalyst.expressions.Expression;

/**
 * What the library's Catalyst expressions share: one child and one immutable payload (the
 * kernel), their names in SQL text and plans, and what a Scala case class would generate for them
 * (children, copying, product methods, equality). javac cannot subclass {@code UnaryExpression} (its Scala trait
 * {@code UnaryLike} has signatures Java generics cannot express), so this is written out once
 * here.
 */
abstract class UnaryJavaExpression extends Expression implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final Expression child;
  private final Object payload;
  private final scala.collection.immutable.Seq<Expression> children;

  UnaryJavaExpression(Expression child, Object payload) {
    this.child = Objects.requireNonNull(child);
    this.payload = Objects.requireNonNull(payload);
    this.children = seq(List.of(child));
  }

  /** The column the expression applies to. */
  public Expression child() {
    return child;
  }

  @Override
  public scala.collection.immutable.Seq<Expression> children() {
    return children;
  }

  /** The same expression over another child. */
  abstract Expression withChild(Expression newChild);

  @Override
  public Expression withNewChildrenInternal(
      scala.collection.immutable.IndexedSeq<Expression> newChildren) {
    return withChild(newChildren.head());
  }

  /** The name in SQL text and plans, e.g. {@code relu} or {@code maxout}. */
  abstract String sqlName();

  /** The constant arguments after the column, as SQL text (empty for none). */
  String arguments() {
    return "";
  }

  @Override
  public String prettyName() {
    return sqlName();
  }

  @Override
  public String sql() {
    String args = arguments();
    return sqlName() + "(" + child.sql() + (args.isEmpty() ? "" : ", " + args) + ")";
  }

  @Override
  public String toString() {
    String args = arguments();
    return sqlName() + "(" + child + (args.isEmpty() ? "" : ", " + args) + ")";
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public boolean foldable() {
    return child.foldable();
  }

  @Override
  public int productArity() {
    return 2;
  }

  @Override
  public Object productElement(int n) {
    switch (n) {
      case 0:
        return child;
      case 1:
        return payload;
      default:
        throw new IndexOutOfBoundsException(String.valueOf(n));
    }
  }

  @Override
  public boolean canEqual(Object that) {
    return that != null && that.getClass() == getClass();
  }

  @Override
  public boolean equals(Object o) {
    // The payload is compared by identity: copies of one stage's expression share it.
    return canEqual(o) && ((UnaryJavaExpression) o).payload == payload
        && ((UnaryJavaExpression) o).child.equals(child);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {child, System.identityHashCode(payload)});
  }
}
