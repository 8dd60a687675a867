package io.github.sparkactivations.ml;

import java.util.Arrays;
import java.util.List;

import scala.Function1;
import scala.runtime.AbstractFunction1;

/** Param validators (Spark's take Scala functions; these are serializable Java ones). */
final class Validators {
  private Validators() {}

  /** A validator from a Java predicate. */
  static <V> Function1<V, Object> of(SerializablePredicate<V> p) {
    return new Check<>(p);
  }

  static Function1<String, Object> oneOf(String... allowed) {
    List<String> list = Arrays.asList(allowed);
    return of(list::contains);
  }

  /** A finite double. */
  static Function1<Object, Object> finite() {
    return of(v -> Double.isFinite((Double) v));
  }

  /** Finite doubles, at least one. */
  static Function1<double[], Object> finiteArray() {
    return of(a -> a.length > 0 && Arrays.stream(a).allMatch(Double::isFinite));
  }

  interface SerializablePredicate<V> extends java.io.Serializable {
    boolean test(V value);
  }

  private static final class Check<V> extends AbstractFunction1<V, Object>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final SerializablePredicate<V> predicate;

    Check(SerializablePredicate<V> predicate) {
      this.predicate = predicate;
    }

    @Override
    public Object apply(V value) {
      return value != null && predicate.test(value);
    }
  }
}
