package io.github.sparkactivations.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.ml.Transformer;

/**
 * The stages of this library by simple name, read from the same
 * {@code META-INF/services/org.apache.spark.ml.Transformer} file that Spark Connect reads, so a
 * new stage is known to the job as soon as it is listed there.
 */
final class StageRegistry {
  private static final String PACKAGE = "io.github.sparkactivations.";
  private static final String SERVICES = "META-INF/services/org.apache.spark.ml.Transformer";

  private StageRegistry() {}

  /** Simple name (e.g. {@code ReLU}) to class name. */
  static Map<String, String> stages() {
    Map<String, String> byName = new TreeMap<>();
    try {
      ClassLoader loader = StageRegistry.class.getClassLoader();
      for (URL url : Collections.list(loader.getResources(SERVICES))) {
        try (InputStream in = url.openStream()) {
          for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String name = line.replaceAll("#.*", "").trim();
            if (name.startsWith(PACKAGE)) {
              byName.put(name.substring(name.lastIndexOf('.') + 1), name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byName;
  }

  /** A new stage of the named type (simple or full class name). */
  static Transformer create(String key, String type, String uid) {
    Map<String, String> stages = stages();
    String className = stages.containsKey(type) ? stages.get(type)
        : stages.containsValue(type) ? type : null;
    if (className == null) {
      throw new ConfigException(key, "unknown stage '" + type + "'; the stages are "
          + stages.keySet());
    }
    try {
      return (Transformer) Class.forName(className).getConstructor(String.class)
          .newInstance(uid);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + className, e);
    }
  }
}
