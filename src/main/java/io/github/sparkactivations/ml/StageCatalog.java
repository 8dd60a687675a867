package io.github.sparkactivations.ml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stages of this library by simple name, read from the
 * {@code META-INF/services/org.apache.spark.ml.Transformer} file that Spark Connect reads, so a
 * new stage listed there is known to the batch job and, if element-wise, becomes a SQL function.
 */
public final class StageCatalog {
  private static final String PACKAGE = "io.github.sparkactivations.";
  private static final String SERVICES = "META-INF/services/org.apache.spark.ml.Transformer";

  private StageCatalog() {}

  /** Simple name (e.g. {@code ReLU}) to class name, sorted by name. */
  public static Map<String, String> stages() {
    Map<String, String> byName = new TreeMap<>();
    try {
      ClassLoader loader = StageCatalog.class.getClassLoader();
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

  /** A new stage of the given class name with the given uid. */
  public static Object create(String className, String uid) {
    try {
      return Class.forName(className, true, StageCatalog.class.getClassLoader())
          .getConstructor(String.class).newInstance(uid);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + className, e);
    }
  }
}
