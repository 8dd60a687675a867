/**
 * Prints the JVM flags Spark's own launcher adds on Java 17+ (the --add-opens list), so the
 * scripts that start Spark JVMs without spark-submit use exactly Spark's list.
 * Run as: java -cp <classpath with spark-launcher> bin/SparkJvmFlags.java
 */
public class SparkJvmFlags {
  public static void main(String[] args) {
    System.out.println(org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions());
  }
}
