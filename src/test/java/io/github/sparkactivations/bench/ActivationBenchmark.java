package io.github.sparkactivations.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.struct;

import io.github.sparkactivations.job.SyntheticData;
import io.github.sparkactivations.ml.CELU;
import io.github.sparkactivations.ml.ELU;
import io.github.sparkactivations.ml.ElementwiseActivation;
import io.github.sparkactivations.ml.GELU;
import io.github.sparkactivations.ml.LeakyReLU;
import io.github.sparkactivations.ml.Maxout;
import io.github.sparkactivations.ml.Mish;
import io.github.sparkactivations.ml.PReLU;
import io.github.sparkactivations.ml.ReLU;
import io.github.sparkactivations.ml.SELU;
import io.github.sparkactivations.ml.SiLU;
import io.github.sparkactivations.ml.Softplus;
import io.github.sparkactivations.sql.ActivationFunctions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Times every route side by side in one JVM on cached data, each written to the noop sink:
 * scanning the column, copying it once (the floor for any stage that writes a new column), an
 * identity UDF, a plain ReLU UDF, the SQL route, and each stage of the library; with warm-up,
 * interleaved runs, and the best and median of N. Prints a Markdown table of times and ratios to
 * the scan and to the copy floor (median over median, best over best, and the median of each
 * run's ratio to the same run's floor). Not a test: run it with {@code mvn -B -Pbench -DskipTests verify}
 * ({@code -Dbench.args="--rows 4000000 --runs 9"} for other sizes; see BENCHMARKS.md).
 */
public final class ActivationBenchmark {
  private ActivationBenchmark() {}

  public static void main(String[] args) {
    Map<String, String> opt = new LinkedHashMap<>();
    opt.put("rows", "2000000");
    opt.put("dim", "64");
    opt.put("sparse-rows", "200000");
    opt.put("sparse-size", "100000");
    opt.put("sparse-nnz", "100");
    opt.put("sql-rows", "50000");
    opt.put("runs", "7");
    opt.put("sections", "dense,derivatives,array,sparse,double,sql,codegen-off");
    for (int i = 0; i + 1 < args.length; i += 2) {
      opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    long rows = Long.parseLong(opt.get("rows"));
    int dim = Integer.parseInt(opt.get("dim"));
    long sparseRows = Long.parseLong(opt.get("sparse-rows"));
    int sparseSize = Integer.parseInt(opt.get("sparse-size"));
    int sparseNnz = Integer.parseInt(opt.get("sparse-nnz"));
    long sqlRows = Long.parseLong(opt.get("sql-rows"));
    int runs = Integer.parseInt(opt.get("runs"));
    List<String> sections = Arrays.asList(opt.get("sections").split(","));

    SparkSession spark = SparkSession.builder().master("local[2]").appName("benchmark")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    System.out.printf(Locale.ROOT, "# spark-activations benchmark%n%nSpark %s, Java %s, %d cores"
        + " (local[2]), %s%n%n", spark.version(), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), opt);

    Dataset<Row> dense = cache(SyntheticData.generate(spark, rows, dim, 1.0, 1, 2)
        .select(col("features").as("v")));
    // array<double> as Parquet and most sources give it: elements may be null (containsNull).
    Dataset<Row> array = cache(dense.select(
        org.apache.spark.ml.functions.vector_to_array(col("v"), "float64")
            .cast(DataTypes.createArrayType(DataTypes.DoubleType, true)).as("v")));
    Dataset<Row> sparse = cache(SyntheticData.generate(spark, sparseRows, sparseSize,
        (double) sparseNnz / sparseSize, 1, 2).select(col("features").as("v")));
    Dataset<Row> scalar = cache(array.select(expr("explode(slice(v, 1, 8))").as("v")));

    if (sections.contains("dense")) {
      report(spark, "Dense vectors, " + rows + " × " + dim, dense, runs, vectorRoutes(dim), 1.0);
    }
    if (sections.contains("derivatives")) {
      report(spark, "Derivatives (derivative = true): dense vectors, " + rows + " × " + dim,
          dense, runs, derivativeRoutes(), 1.0);
    }
    if (sections.contains("array")) {
      report(spark, "array<double>, " + rows + " × " + dim, array, runs, arrayRoutes(), 1.0);
    }
    if (sections.contains("sparse")) {
      report(spark, "Sparse vectors, " + sparseRows + " rows of size " + sparseSize + " with "
          + sparseNnz + " non-zeros", sparse, runs, sparseRoutes(), 1.0);
    }
    if (sections.contains("double")) {
      report(spark, "double column, " + rows * 8 + " rows", scalar, runs, scalarRoutes(), 1.0);
    }
    if (sections.contains("sql")) {
      // Routes that would take minutes at full size run on a sample, their times scaled up.
      long sample = Math.min(sqlRows, rows);
      report(spark, "Dense vectors through the SQL route, on a sample of " + sample + " rows "
          + "(times scaled to " + rows + " rows)", cache(dense.limit((int) sample)),
          Math.min(runs, 3), sqlRoutes(), (double) rows / sample);
      report(spark, "array<double> through SQL's transform, on a sample of " + sample + " rows "
          + "(times scaled to " + rows + " rows)", cache(array.limit((int) sample)),
          Math.min(runs, 3), slowArrayRoutes(), (double) rows / sample);
      long sparseSample = Math.min(sparseRows, Math.max(1, sample / 50));
      report(spark, "Sparse vectors densified, on a sample of " + sparseSample + " rows (times "
          + "scaled to " + sparseRows + " rows)", cache(sparse.limit((int) sparseSample)),
          Math.min(runs, 3), slowSparseRoutes(), (double) sparseRows / sparseSample);
    }
    // Its own section: before the fifth session it ran only together with "sql".
    if (sections.contains("codegen-off")) {
      spark.conf().set("spark.sql.codegen.wholeStage", "false");
      spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
      report(spark, "Code generation off (wholeStage=false, factoryMode=NO_CODEGEN): dense "
          + "vectors, " + rows + " × " + dim, dense, Math.min(runs, 3), codegenOffRoutes(), 1.0);
    }
    spark.stop();
  }

  private static Dataset<Row> cache(Dataset<Row> df) {
    Dataset<Row> c = df.cache();
    c.count();
    return c;
  }

  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> common() {
    Map<String, Function<Dataset<Row>, Dataset<Row>>> r = new LinkedHashMap<>();
    r.put("scan alone: select(v)", d -> d.select(col("v")));
    r.put("copy floor: select(struct(v))", d -> d.select(struct(col("v"))));
    return r;
  }

  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> stages(
      Map<String, Function<Dataset<Row>, Dataset<Row>>> r) {
    r.put("ReLU", d -> new ReLU().setInputCol("v").setOutputCol("o").transform(d).select("o"));
    r.put("ReLU6", d -> new ReLU().setMaxValue(6).setInputCol("v").setOutputCol("o")
        .transform(d).select("o"));
    r.put("LeakyReLU", d -> new LeakyReLU().setInputCol("v").setOutputCol("o").transform(d)
        .select("o"));
    r.put("PReLU", d -> new PReLU().setInputCol("v").setOutputCol("o").transform(d)
        .select("o"));
    r.put("ELU", d -> new ELU().setInputCol("v").setOutputCol("o").transform(d).select("o"));
    r.put("SELU", d -> new SELU().setInputCol("v").setOutputCol("o").transform(d).select("o"));
    r.put("CELU", d -> new CELU().setInputCol("v").setOutputCol("o").transform(d).select("o"));
    r.put("GELU", d -> new GELU().setInputCol("v").setOutputCol("o").transform(d).select("o"));
    r.put("GELU(tanh)", d -> new GELU().setApproximate("tanh").setInputCol("v")
        .setOutputCol("o").transform(d).select("o"));
    r.put("SiLU", d -> new SiLU().setInputCol("v").setOutputCol("o").transform(d).select("o"));
    r.put("Softplus", d -> new Softplus().setInputCol("v").setOutputCol("o").transform(d)
        .select("o"));
    r.put("Mish", d -> new Mish().setInputCol("v").setOutputCol("o").transform(d).select("o"));
    r.put("Java/SQL function relu(v)", d -> d.select(ActivationFunctions.relu(col("v"))));
    return r;
  }

  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> vectorRoutes(int dim) {
    Map<String, Function<Dataset<Row>, Dataset<Row>>> r = common();
    UDF1<Vector, Vector> identity = v -> v;
    UDF1<Vector, Vector> relu = v -> {
      double[] x = ((DenseVector) v).values();
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = Math.max(x[i], 0.0);
      }
      return new DenseVector(y);
    };
    r.put("identity UDF (decode + encode)", d -> d.select(
        org.apache.spark.sql.functions.udf(identity, SQLDataTypes.VectorType()).apply(col("v"))));
    r.put("plain ReLU UDF (Math.max)", d -> d.select(
        org.apache.spark.sql.functions.udf(relu, SQLDataTypes.VectorType()).apply(col("v"))));
    stages(r);
    maxout(r);
    double[] slopes = new double[dim];
    for (int i = 0; i < dim; i++) {
      slopes[i] = 0.05 + 0.4 * i / dim; // distinct, as learned slopes are
    }
    r.put("PReLU with " + dim + " different alphas", d -> new PReLU()
        .setAlphas(slopes).setInputCol("v").setOutputCol("o").transform(d).select("o"));
    return r;
  }

  /** The smooth activations' derivatives (the ReLU family's are ReLU-like selections). */
  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> derivativeRoutes() {
    Map<String, Function<Dataset<Row>, Dataset<Row>>> r = common();
    Map<String, Supplier<ElementwiseActivation<?>>> smooth = new LinkedHashMap<>();
    smooth.put("ELU'", ELU::new);
    smooth.put("SELU'", SELU::new);
    smooth.put("CELU'", CELU::new);
    smooth.put("GELU'", GELU::new);
    smooth.put("GELU(tanh)'", () -> new GELU().setApproximate("tanh"));
    smooth.put("SiLU'", SiLU::new);
    smooth.put("Softplus'", Softplus::new);
    smooth.put("Mish'", Mish::new);
    smooth.forEach((name, stage) -> r.put(name, d -> stage.get().setDerivative(true)
        .setInputCol("v").setOutputCol("o").transform(d).select("o")));
    return r;
  }

  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> arrayRoutes() {
    Map<String, Function<Dataset<Row>, Dataset<Row>>> r = common();
    stages(r);
    maxout(r);
    return r;
  }

  /** Maxout pooling (k = 2): not element-wise, so not among {@code stages}. */
  private static void maxout(Map<String, Function<Dataset<Row>, Dataset<Row>>> r) {
    r.put("Maxout pooling k=2", d -> new Maxout().setInputCol("v").setOutputCol("o")
        .transform(d).select("o"));
  }

  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> sparseRoutes() {
    Map<String, Function<Dataset<Row>, Dataset<Row>>> r = common();
    UDF1<Vector, Vector> stored = v -> {
      SparseVector s = (SparseVector) v;
      double[] y = s.values().clone();
      for (int i = 0; i < y.length; i++) {
        y[i] = Math.max(y[i], 0.0);
      }
      return new SparseVector(s.size(), s.indices(), y);
    };
    r.put("ReLU UDF over the stored entries", d -> d.select(
        org.apache.spark.sql.functions.udf(stored, SQLDataTypes.VectorType()).apply(col("v"))));
    stages(r);
    // Softplus(0) = log 2, so its output is dense (100,000 values a row, hours at this size):
    // it runs with the densifying routes, on a sample.
    r.remove("Softplus");
    maxout(r);
    return r;
  }

  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> scalarRoutes() {
    Map<String, Function<Dataset<Row>, Dataset<Row>>> r = common();
    r.put("Spark SQL greatest(v, 0D)", d -> d.select(expr("greatest(v, 0D)")));
    return stages(r);
  }

  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> sqlRoutes() {
    Map<String, Function<Dataset<Row>, Dataset<Row>>> r = common();
    r.put("SQL: array_to_vector(transform(vector_to_array(v), x -> greatest(x, 0D)))",
        d -> d.select(org.apache.spark.ml.functions.vector_to_array(col("v"), "float64")
                .as("a"))
            .select(org.apache.spark.ml.functions.array_to_vector(
                expr("transform(a, x -> greatest(x, 0D))"))));
    r.put("ReLU", d -> new ReLU().setInputCol("v").setOutputCol("o").transform(d).select("o"));
    return r;
  }

  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> slowArrayRoutes() {
    Map<String, Function<Dataset<Row>, Dataset<Row>>> r = common();
    r.put("SQL transform(v, x -> greatest(x, 0D))",
        d -> d.select(expr("transform(v, x -> greatest(x, 0D))")));
    r.put("ReLU", d -> new ReLU().setInputCol("v").setOutputCol("o").transform(d).select("o"));
    return r;
  }

  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> slowSparseRoutes() {
    Map<String, Function<Dataset<Row>, Dataset<Row>>> r = common();
    UDF1<Vector, Vector> densify = v -> {
      double[] x = v.toArray();
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.max(x[i], 0.0);
      }
      return new DenseVector(x).compressed();
    };
    r.put("ReLU UDF via toArray (densifying)", d -> d.select(
        org.apache.spark.sql.functions.udf(densify, SQLDataTypes.VectorType()).apply(col("v"))));
    r.put("ReLU", d -> new ReLU().setInputCol("v").setOutputCol("o").transform(d).select("o"));
    r.put("Softplus (dense output)", d -> new Softplus().setInputCol("v").setOutputCol("o")
        .transform(d).select("o"));
    return r;
  }

  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> codegenOffRoutes() {
    return stages(common());
  }

  /** Runs each route once to warm up, then {@code runs} times interleaved; prints a table. */
  private static void report(SparkSession spark, String title, Dataset<Row> data, int runs,
      Map<String, Function<Dataset<Row>, Dataset<Row>>> routes, double scale) {
    List<String> names = new ArrayList<>(routes.keySet());
    Map<String, double[]> times = new LinkedHashMap<>();
    for (String n : names) {
      time(routes.get(n).apply(data)); // warm-up
      times.put(n, new double[runs]);
    }
    for (int run = 0; run < runs; run++) {
      for (String n : names) {
        times.get(n)[run] = time(routes.get(n).apply(data)) * scale;
      }
    }
    double scan = median(times.get(names.get(0)));
    double[] floors = times.get(names.get(1));
    double floor = median(floors);
    double floorBest = Arrays.stream(floors).min().orElse(0);
    System.out.printf(Locale.ROOT, "## %s%n%n| route | best | median | vs scan | vs copy floor "
        + "| best / best | per run |%n|---|---|---|---|---|---|---|%n", title);
    for (String n : names) {
      double[] t = times.get(n);
      double med = median(t);
      double best = Arrays.stream(t).min().orElse(0);
      // Each run's time over the same run's copy floor, then the median: the machine's speed
      // drifts between runs (the floor's median moved 0.09-0.16 s between runs of one day), and
      // a ratio within one run cancels most of that drift.
      double[] perRun = new double[runs];
      for (int run = 0; run < runs; run++) {
        perRun[run] = t[run] / floors[run];
      }
      System.out.printf(Locale.ROOT, "| %s | %.3f s | %.3f s | %.2f× | %.2f× | %.2f× | %.2f× |%n",
          n, best, med, med / scan, med / floor, best / floorBest, median(perRun));
    }
    System.out.println();
  }

  private static double time(Dataset<Row> df) {
    long start = System.nanoTime();
    df.write().format("noop").mode("overwrite").save();
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
