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
import io.github.sparkactivations.ml.ElementwiseFunction;
import io.github.sparkactivations.sql.ActivationFunctions;
import io.github.sparkactivations.sql.ElementwiseExpression;
import io.github.sparkactivations.sql.ElementwiseKernel;
import io.github.sparkactivations.sql.RowExpression;
import io.github.sparkactivations.sql.VectorRows;

import java.lang.management.ManagementFactory;
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
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Times every route side by side in one JVM on cached data, each written to the noop sink:
 * scanning the column, copying it once (the floor for any stage that writes a new column),
 * Spark's {@code copy()} of each row (the least any expression returning a new value costs), an
 * identity UDF, a plain ReLU UDF, the SQL route, and each stage of the library; with warm-up,
 * interleaved runs, and the best and median of N. Prints a Markdown table of times and ratios to
 * the scan and to the copy floor (median over median, best over best, and the median of each
 * run's ratio to the same run's floor, and "rows only": both medians less the cost of a job with
 * next to no rows, measured on the same data cut to {@code --tiny-rows}). Not a test: run it with
 * {@code mvn -B -Pbench -DskipTests verify} ({@code -Dbench.args="--rows 4000000 --runs 9
 * --sections dense,sparse --routes 'ReLU;ELU' --trace true"} for other sizes, sections, routes,
 * and each run's time as it ends; see BENCHMARKS.md).
 */
public final class ActivationBenchmark {
  private ActivationBenchmark() {}

  /** The routes to run besides the scan and the copy floor ({@code --routes}); all if empty. */
  private static List<String> only = List.of();

  /**
   * {@code --trace true}: print each run's time, collections, allocation, task times and the
   * time the hypervisor stole, as it ends.
   */
  private static boolean trace;

  /** Every route name the sections offered, to name the {@code --routes} that match none. */
  private static final java.util.Set<String> offered = new java.util.HashSet<>();

  public static void main(String[] args) {
    Map<String, String> opt = new LinkedHashMap<>();
    opt.put("rows", "2000000");
    opt.put("dim", "64");
    opt.put("sparse-rows", "1000000");
    opt.put("sparse-size", "100000");
    opt.put("sparse-nnz", "100");
    opt.put("sql-rows", "50000");
    opt.put("runs", "7");
    opt.put("tiny-rows", "2000");
    opt.put("sections", "dense,derivatives,array,sparse,double,sql,codegen-off");
    opt.put("routes", ""); // route names, separated by ';' (names hold commas); all if empty
    opt.put("trace", "false");
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
    only = opt.get("routes").isEmpty() ? List.of() : Arrays.asList(opt.get("routes").split(";"));
    trace = Boolean.parseBoolean(opt.get("trace"));

    SparkSession spark = SparkSession.builder().master("local[2]").appName("benchmark")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    spark.sparkContext().addSparkListener(TASKS);
    System.out.printf(Locale.ROOT, "# spark-activations benchmark%n%nSpark %s, Java %s, %d cores"
        + " (local[2]) of %s, %s%n%n", spark.version(), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), cpu(), opt);

    Dataset<Row>[] data = datasets(spark, rows, dim, sparseRows, sparseSize, sparseNnz);
    Dataset<Row> dense = data[0];
    Dataset<Row> array = data[1];
    Dataset<Row> sparse = data[2];
    // The same data sets, same partitions, with a few rows: what each job costs with next to
    // no rows (task scheduling, the noop writer's commit) is measured on them and taken off.
    long tinyRows = Long.parseLong(opt.get("tiny-rows"));
    Dataset<Row>[] tiny = datasets(spark, tinyRows, dim, tinyRows, sparseSize, sparseNnz);

    if (sections.contains("dense")) {
      report(spark, "Dense vectors, " + rows + " × " + dim, dense, tiny[0], runs,
          vectorRoutes(dim), 1.0);
    }
    if (sections.contains("derivatives")) {
      report(spark, "Derivatives (derivative = true): dense vectors, " + rows + " × " + dim,
          dense, tiny[0], runs, derivativeRoutes(dim), 1.0);
    }
    if (sections.contains("array")) {
      report(spark, "array<double>, " + rows + " × " + dim, array, tiny[1], runs, arrayRoutes(),
          1.0);
    }
    if (sections.contains("sparse")) {
      report(spark, "Sparse vectors, " + sparseRows + " rows of size " + sparseSize + " with "
          + sparseNnz + " non-zeros", sparse, tiny[2], runs, sparseRoutes(), 1.0);
    }
    if (sections.contains("double")) {
      report(spark, "double column, " + rows * 8 + " rows", data[3], tiny[3], runs,
          scalarRoutes(), 1.0);
    }
    if (sections.contains("sql")) {
      // Routes that would take minutes at full size run on a sample, their times scaled up.
      long sample = Math.min(sqlRows, rows);
      report(spark, "Dense vectors through the SQL route, on a sample of " + sample + " rows "
          + "(times scaled to " + rows + " rows)", cache(dense.limit((int) sample)),
          null, Math.min(runs, 3), sqlRoutes(), (double) rows / sample);
      report(spark, "array<double> through SQL's transform, on a sample of " + sample + " rows "
          + "(times scaled to " + rows + " rows)", cache(array.limit((int) sample)),
          null, Math.min(runs, 3), slowArrayRoutes(), (double) rows / sample);
      long sparseSample = Math.min(sparseRows, Math.max(1, sample / 50));
      report(spark, "Sparse vectors densified, on a sample of " + sparseSample + " rows (times "
          + "scaled to " + sparseRows + " rows)", cache(sparse.limit((int) sparseSample)),
          null, Math.min(runs, 3), slowSparseRoutes(), (double) sparseRows / sparseSample);
    }
    // Its own section: before the fifth session it ran only together with "sql".
    if (sections.contains("codegen-off")) {
      spark.conf().set("spark.sql.codegen.wholeStage", "false");
      spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
      report(spark, "Code generation off (wholeStage=false, factoryMode=NO_CODEGEN): dense "
          + "vectors, " + rows + " × " + dim, dense, tiny[0], Math.min(runs, 3), codegenOffRoutes(),
          1.0);
    }
    for (String n : only) {
      if (!offered.contains(n)) {
        System.err.println("--routes: no route is named \"" + n + "\" in these sections");
      }
    }
    spark.stop();
  }

  /** Cached dense vectors, {@code array<double>}, sparse vectors and a double column. */
  @SuppressWarnings("unchecked")
  private static Dataset<Row>[] datasets(SparkSession spark, long rows, int dim, long sparseRows,
      int sparseSize, int sparseNnz) {
    Dataset<Row> dense = cache(SyntheticData.generate(spark, rows, dim, 1.0, 1, 2)
        .select(col("features").as("v")));
    // array<double> as Parquet and most sources give it: elements may be null (containsNull).
    Dataset<Row> array = cache(dense.select(
        org.apache.spark.ml.functions.vector_to_array(col("v"), "float64")
            .cast(DataTypes.createArrayType(DataTypes.DoubleType, true)).as("v")));
    // Rows with 100 of 100,000 stored cost 0.25 ms each to generate (the generator walks every
    // index at that density), so at most 200,000 are made and repeated to fill larger sets.
    long distinct = Math.min(sparseRows, 200_000);
    Dataset<Row> made = cache(SyntheticData.generate(spark, distinct, sparseSize,
        (double) sparseNnz / sparseSize, 1, 2).select(col("features").as("v")));
    Dataset<Row> sparse = made;
    if (sparseRows > distinct) {
      Dataset<Row> all = made;
      for (long n = distinct; n < sparseRows; n += distinct) {
        all = all.union(made.limit((int) Math.min(distinct, sparseRows - n)));
      }
      sparse = cache(all.coalesce(2));
      made.unpersist();
    }
    Dataset<Row> scalar = cache(array.select(expr("explode(slice(v, 1, 8))").as("v")));
    return new Dataset[] {dense, array, sparse, scalar};
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

  /**
   * Two routes that return a new value per row and do no mathematics: the least any Catalyst
   * expression returning a fresh value can cost (one allocation and one memory copy of the
   * input, Spark's own {@code copy()}), and the library's element-wise expression with f(x) = x
   * (its row handling alone).
   */
  private static void freshValues(Map<String, Function<Dataset<Row>, Dataset<Row>>> r) {
    r.put(FRESH_COPY, d -> d.select(ExpressionUtils.column(new RowExpression(
        ExpressionUtils.expression(col("v")), new FreshCopy(d.schema().apply("v").dataType())))));
    r.put(IDENTITY, d -> d.select(ExpressionUtils.column(new ElementwiseExpression(
        ExpressionUtils.expression(col("v")), new ElementwiseKernel("identity", "",
            new Identity(), ElementwiseKernel.Mode.SQL, "identity: ", "")))));
  }

  private static final String FRESH_COPY = "fresh value: Spark's copy() of each row";
  private static final String IDENTITY = "the library's expression with f(x) = x";

  /**
   * Each row's value copied into a new buffer: {@code UnsafeRow.copy()} for a vector,
   * {@code UnsafeArrayData.copy()} for an array.
   */
  private static final class FreshCopy implements RowExpression.RowKernel {
    private static final long serialVersionUID = 1L;
    private final DataType type;

    FreshCopy(DataType type) {
      this.type = type;
    }

    @Override
    public String name() {
      return "fresh_copy";
    }

    @Override
    public DataType dataType() {
      return type;
    }

    @Override
    public Object apply(Object value, VectorRows.Result out, VectorRows.Scratch scratch) {
      return value == null ? null : value instanceof InternalRow ? ((InternalRow) value).copy()
          : ((ArrayData) value).copy();
    }
  }

  /** f(x) = x, a whole row at a time: what the expression costs with no mathematics. */
  private static final class Identity implements ElementwiseFunction.Vectorized {
    private static final long serialVersionUID = 1L;

    @Override
    public double apply(int index, double x) {
      return x;
    }

    @Override
    public void applyAll(double[] values, int from, int n) {}
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
    freshValues(r);
    stages(r);
    maxout(r);
    r.put("PReLU with " + dim + " different alphas", d -> new PReLU()
        .setAlphas(slopes(dim)).setInputCol("v").setOutputCol("o").transform(d).select("o"));
    return r;
  }

  /** Distinct slopes in (0, 1), as learned slopes are. */
  private static double[] slopes(int dim) {
    double[] slopes = new double[dim];
    for (int i = 0; i < dim; i++) {
      slopes[i] = 0.05 + 0.4 * i / dim;
    }
    return slopes;
  }

  /** The derivatives: ReLU's and LeakyReLU's (selections) and the smooth activations'. */
  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> derivativeRoutes(int dim) {
    Map<String, Function<Dataset<Row>, Dataset<Row>>> r = common();
    Map<String, Supplier<ElementwiseActivation<?>>> smooth = new LinkedHashMap<>();
    smooth.put("ReLU'", ReLU::new);
    smooth.put("LeakyReLU'", LeakyReLU::new);
    smooth.put("ELU'", ELU::new);
    smooth.put("SELU'", SELU::new);
    smooth.put("CELU'", CELU::new);
    smooth.put("GELU'", GELU::new);
    smooth.put("GELU(tanh)'", () -> new GELU().setApproximate("tanh"));
    smooth.put("SiLU'", SiLU::new);
    smooth.put("Softplus'", Softplus::new);
    smooth.put("Mish'", Mish::new);
    smooth.put("PReLU' with " + dim + " different alphas",
        () -> new PReLU().setAlphas(slopes(dim)));
    smooth.forEach((name, stage) -> r.put(name, d -> stage.get().setDerivative(true)
        .setInputCol("v").setOutputCol("o").transform(d).select("o")));
    return r;
  }

  private static Map<String, Function<Dataset<Row>, Dataset<Row>>> arrayRoutes() {
    Map<String, Function<Dataset<Row>, Dataset<Row>>> r = common();
    // Spark's own generated code for an expression that returns a new array of the same
    // doubles: what Catalyst's value-per-row contract costs any expression, ours included.
    r.put("Spark's own reverse(v)", d -> d.select(expr("reverse(v)")));
    freshValues(r);
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
    freshValues(r);
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
    // The same mathematics as Spark's own expressions, where Spark has the functions it needs
    // (it has no erf): "equal to Spark's native expressions" for the smooth activations too.
    r.put("Spark SQL ELU: if(v > 0, v, expm1(v))", d -> d.select(expr("if(v > 0, v, expm1(v))")));
    r.put("Spark SQL SiLU: v / (1 + exp(-v))", d -> d.select(expr("v / (1 + exp(-v))")));
    r.put("Spark SQL Softplus: log1p(exp(v))", d -> d.select(expr("log1p(exp(v))")));
    r.put("Spark SQL GELU(tanh): 0.5 * v * (1 + tanh(...))", d -> d.select(expr(
        "0.5D * v * (1D + tanh(0.7978845608028654D * (v + 0.044715D * v * v * v)))")));
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

  /**
   * Runs each route once to warm up, then {@code runs} times interleaved; prints a table. With
   * {@code tiny} (the same data with a few rows), each run also times every route on it: the
   * median of those times is the cost of a job with next to no rows, and the last column takes
   * it off both the route's and the copy floor's median, leaving what the rows cost.
   */
  private static void report(SparkSession spark, String title, Dataset<Row> data,
      Dataset<Row> tiny, int runs, Map<String, Function<Dataset<Row>, Dataset<Row>>> routes,
      double scale) {
    List<String> names = new ArrayList<>();
    offered.addAll(routes.keySet());
    for (String n : routes.keySet()) {
      // The first two are the scan and the copy floor, which every ratio needs.
      if (names.size() < 2 || only.isEmpty() || only.contains(n)) {
        names.add(n);
      }
    }
    Map<String, double[]> times = new LinkedHashMap<>();
    Map<String, double[]> cpu = new LinkedHashMap<>();
    List<Double> overheads = new ArrayList<>();
    for (String n : names) {
      time(routes.get(n).apply(data)); // warm-up
      TASKS.take(spark);
      times.put(n, new double[runs]);
      cpu.put(n, new double[runs]);
    }
    for (int run = 0; run < runs; run++) {
      for (String n : names) {
        long[] before = trace ? counters() : null;
        Map<String, long[]> threadsBefore = trace ? threads() : null;
        times.get(n)[run] = time(routes.get(n).apply(data)) * scale;
        List<long[]> tasks = TASKS.take(spark);
        cpu.get(n)[run] = tasks.stream().mapToLong(t -> t[1]).sum() / 1e9 * scale;
        if (trace) {
          long[] after = counters();
          String busiest = busiest(threadsBefore, threads(), after[4] - before[4]);
          // The JVM's uptime at the end lines a run up with -Xlog:jit+compilation's uptime.
          System.out.printf(Locale.ROOT, "trace: run %d, %s: %.3f s, %d collections, %d ms,"
              + " %.1f MB allocated, ended at %d ms; %s; %d ticks stolen; %s%n", run, n,
              times.get(n)[run], after[0] - before[0], after[1] - before[1],
              (after[2] - before[2]) / 1e6, ManagementFactory.getRuntimeMXBean().getUptime(),
              TaskTimes.show(tasks), after[3] - before[3], busiest);
        }
        if (tiny != null) {
          overheads.add(time(routes.get(n).apply(tiny)));
          TASKS.take(spark);
        }
      }
    }
    double scan = median(times.get(names.get(0)));
    double[] floors = times.get(names.get(1));
    double floor = median(floors);
    double floorBest = Arrays.stream(floors).min().orElse(0);
    double overhead = tiny == null ? Double.NaN
        : median(overheads.stream().mapToDouble(Double::doubleValue).toArray());
    System.out.printf(Locale.ROOT, "## %s%n%n", title);
    if (tiny != null) {
      System.out.printf(Locale.ROOT, "Job overhead: %.3f s, the median of %d jobs on the same "
          + "data with %d rows; \"rows only\" is (median − overhead) / (copy floor's median − "
          + "overhead).%n%n", overhead, overheads.size(), tiny.count());
    }
    System.out.printf(Locale.ROOT, "| route | best | median | vs scan | vs copy floor "
        + "| best / best | per run | rows only | task CPU |%n"
        + "|---|---|---|---|---|---|---|---|---|%n");
    double floorCpu = median(cpu.get(names.get(1)));
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
      // Only where the rows are a third of the floor's time or more: below that the difference
      // is mostly the noise of two medians (with --rows near --tiny-rows it is even negative).
      String rowsOnly = tiny == null || floor < 1.5 * overhead ? "—"
          : String.format(Locale.ROOT, "%.2f×", (med - overhead) / (floor - overhead));
      // The tasks' own CPU time, median over the copy floor's: what the rows cost to compute,
      // without the time a task waited for a processor that other threads held.
      System.out.printf(Locale.ROOT, "| %s | %.3f s | %.3f s | %.2f× | %.2f× | %.2f× | %.2f× "
          + "| %s | %.2f× |%n", n, best, med, med / scan, med / floor, best / floorBest,
          median(perRun), rowsOnly, median(cpu.get(n)) / floorCpu);
    }
    System.out.println();
  }

  private static double time(Dataset<Row> df) {
    long start = System.nanoTime();
    df.write().format("noop").mode("overwrite").save();
    return (System.nanoTime() - start) / 1e9;
  }

  /** The processor's model name, as Linux gives it, or "an unknown processor". */
  private static String cpu() {
    try {
      return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).map(l -> l.replaceFirst(".*?:\\s*", ""))
          .findFirst().orElse("an unknown processor");
    } catch (java.io.IOException | RuntimeException e) {
      return "an unknown processor";
    }
  }

  /**
   * For {@code --trace}: each task's run time and CPU time, to tell a slow run whose tasks
   * computed longer from one whose tasks waited for a processor.
   */
  private static final TaskTimes TASKS = new TaskTimes();

  private static final class TaskTimes extends org.apache.spark.scheduler.SparkListener {
    private final List<long[]> ended = new ArrayList<>();

    @Override
    public synchronized void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
      org.apache.spark.executor.TaskMetrics m = end.taskMetrics();
      if (m != null) {
        ended.add(new long[] {m.executorRunTime(), m.executorCpuTime()});
      }
    }

    /** The tasks ended since the last call: run time in ms, CPU time in ns. */
    List<long[]> take(SparkSession spark) {
      try {
        spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("the tasks' times were not reported in 10 s", e);
      }
      synchronized (this) {
        List<long[]> taken = new ArrayList<>(ended);
        ended.clear();
        return taken;
      }
    }

    static String show(List<long[]> tasks) {
      StringBuilder s = new StringBuilder("tasks (run/CPU ms)");
      tasks.forEach(t -> s.append(' ').append(t[0]).append('/').append(t[1] / 1_000_000));
      return s.toString();
    }
  }

  /**
   * For {@code --trace}, so far: garbage collections, milliseconds spent in them, bytes
   * allocated by the JVM's live threads, and the clock ticks the hypervisor stole from this
   * machine (Linux's {@code /proc/stat}; 0 where it is not there).
   */
  private static long[] counters() {
    long count = 0;
    long millis = 0;
    for (java.lang.management.GarbageCollectorMXBean b
        : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += b.getCollectionCount();
      millis += b.getCollectionTime();
    }
    com.sun.management.ThreadMXBean t = (com.sun.management.ThreadMXBean)
        ManagementFactory.getThreadMXBean();
    long bytes = Arrays.stream(t.getThreadAllocatedBytes(t.getAllThreadIds()))
        .filter(b -> b > 0).sum();
    long stolen = 0;
    long busy = 0;
    try {
      String[] cpu = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0)
          .trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal, in clock ticks (10 ms)
      stolen = Long.parseLong(cpu[8]);
      for (int i : new int[] {1, 2, 3, 6, 7}) {
        busy += Long.parseLong(cpu[i]);
      }
    } catch (java.io.IOException | RuntimeException e) {
      stolen = 0;
    }
    return new long[] {count, millis, bytes, stolen, busy};
  }

  /**
   * For {@code --trace}: this JVM's threads (JIT compilers and garbage collectors included) by
   * Linux's accounting ({@code /proc/self/task/N/schedstat}): nanoseconds on a processor and
   * nanoseconds runnable but waiting for one, and the thread id, keyed by id and name (Spark
   * renames its task threads). Empty elsewhere.
   */
  private static Map<String, long[]> threads() {
    Map<String, long[]> m = new LinkedHashMap<>();
    java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
    try (java.nio.file.DirectoryStream<java.nio.file.Path> all =
        java.nio.file.Files.newDirectoryStream(tasks)) {
      for (java.nio.file.Path t : all) {
        try {
          String name = java.nio.file.Files.readString(t.resolve("comm")).trim();
          String[] f = java.nio.file.Files.readString(t.resolve("schedstat")).trim().split(" ");
          m.put(t.getFileName() + " " + name,
              new long[] {Long.parseLong(f[0]), Long.parseLong(f[1]),
                  Long.parseLong(t.getFileName().toString())});
        } catch (java.io.IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return m;
    }
    return m;
  }

  /**
   * The threads that ran most between two {@link #threads} snapshots, as "name cpu/wait ms",
   * the time the tasks' threads waited for a processor, and what the rest of the machine ran
   * (its busy clock ticks less this JVM's time).
   */
  private static String busiest(Map<String, long[]> before, Map<String, long[]> after,
      long machineTicks) {
    List<Map.Entry<String, long[]>> d = new ArrayList<>();
    long jvm = 0;
    long taskWait = 0;
    Map<Long, long[]> byId = new java.util.HashMap<>();
    before.values().forEach(b -> byId.put(b[2], b));
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] b = byId.getOrDefault(e.getValue()[2], new long[3]);
      long[] x = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
      jvm += x[0];
      if (e.getKey().contains("Executor task")) {
        taskWait += x[1];
      }
      d.add(Map.entry(e.getKey().replaceFirst("^\\d+ ", ""), x));
    }
    d.sort((p, q) -> Long.compare(q.getValue()[0], p.getValue()[0]));
    StringBuilder s = new StringBuilder("threads (cpu/wait ms)");
    for (Map.Entry<String, long[]> e : d.subList(0, Math.min(5, d.size()))) {
      s.append(String.format(Locale.ROOT, " %s %d/%d,", e.getKey(), e.getValue()[0] / 1_000_000,
          e.getValue()[1] / 1_000_000));
    }
    return s.append(String.format(Locale.ROOT, " tasks waited %d ms, other processes %d ms",
        taskWait / 1_000_000, Math.max(0, machineTicks * 10 - jvm / 1_000_000))).toString();
  }

  private static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
