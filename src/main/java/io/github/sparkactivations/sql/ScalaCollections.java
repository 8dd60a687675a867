package io.github.sparkactivations.sql;

import java.util.List;

import scala.collection.immutable.Map;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/** The Scala collections Catalyst's API takes, built from Java. */
final class ScalaCollections {
  private ScalaCollections() {}

  static <T> Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toList();
  }

  /** An immutable map of the given keys and values, alternating (error message parameters). */
  @SuppressWarnings("unchecked")
  static Map<String, String> map(String... keysAndValues) {
    Map<String, String> m = (Map<String, String>) (Map<?, ?>) scala.collection.immutable.Map$
        .MODULE$.empty();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m = m.updated(keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
