package io.github.sparkactivations.job;

import io.github.sparkactivations.ml.StageCatalog;

import java.util.Map;

import org.apache.spark.ml.Transformer;

/** Stages by the names a job config uses (see {@link StageCatalog}). */
final class StageRegistry {
  private StageRegistry() {}

  /** Simple name (e.g. {@code ReLU}) to class name. */
  static Map<String, String> stages() {
    return StageCatalog.stages();
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
    return (Transformer) StageCatalog.create(className, uid);
  }
}
