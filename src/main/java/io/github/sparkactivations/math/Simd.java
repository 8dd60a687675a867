package io.github.sparkactivations.math;

/**
 * Whether the library's whole-row forms (each activation's {@code valueAll}, and the count of a
 * sparse result's entries) use SIMD instructions: where the JVM has the
 * {@code jdk.incubator.vector} module, as every JVM Spark 4.2's launcher starts does, unless
 * {@code -Dio.github.sparkactivations.simd=false}. Both forms give the same bits; this only
 * chooses the faster one.
 */
public final class Simd {
  private Simd() {}

  /** True where the whole-row forms use the JDK's Vector API. */
  public static final boolean ENABLED =
      !"false".equals(System.getProperty("io.github.sparkactivations.simd"))
          && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
}
