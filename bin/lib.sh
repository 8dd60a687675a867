# Sourced by bin/run-job, examples/run and the notebook runners: the one place that builds the
# library jar when it is stale and resolves the Spark classpath (Spark, Scala, XChart: the
# compile and provided scopes) and the JVM flags Spark needs on Java 17.
# After `spark_env`: $root, $jar, $classpath (':'-separated), $flags.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)
jar="$root/target/spark-activations_2.13-$version.jar"
cp_file="$root/target/spark-classpath.txt"

spark_env() {
  if [ ! -f "$jar" ] || [ -n "$(find "$root/src/main" "$root/conf/default.conf" "$root/pom.xml" \
      -newer "$jar" -type f -print -quit)" ]; then
    echo "building $jar ..." >&2
    mvn -B -q -f "$root/pom.xml" -DskipTests package >&2
  fi
  if [ ! -s "$cp_file" ] || [ "$root/pom.xml" -nt "$cp_file" ]; then
    echo "resolving the Spark classpath ..." >&2
    mvn -B -q -f "$root/pom.xml" dependency:build-classpath -Dmdep.includeScope=compile \
      -Dmdep.outputFile="$cp_file" >&2
  fi
  classpath=$(cat "$cp_file")
  flags=$(java -cp "$classpath" "$root/bin/SparkJvmFlags.java")
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
}
