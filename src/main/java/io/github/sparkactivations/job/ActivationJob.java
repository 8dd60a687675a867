package io.github.sparkactivations.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.github.sparkactivations.ml.ActivationTransformer;
import io.github.sparkactivations.stats.ActivationStatistics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The batch job: reads a data set, builds a features vector, applies the configured activation
 * stages (or a saved PipelineModel), writes the result and reports a summary.
 *
 * <pre>
 * spark-submit --class io.github.sparkactivations.job.ActivationJob \
 *   spark-activations_2.13-0.1.0-SNAPSHOT.jar --config conf/default.conf [--key value ...]
 * </pre>
 *
 * With no arguments it runs the packaged conf/default.conf on the bundled breast-cancer data.
 * A bad configuration stops the job before any Spark work with exit code 2 and one message
 * naming the key and the problem.
 */
public final class ActivationJob {
  /** The name of the summary written beside the output (Spark's readers skip "_" files). */
  public static final String SUMMARY_FILE = "_activation_summary.json";

  private ActivationJob() {}

  public static void main(String[] args) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.println(USAGE);
      return;
    }
    JobConfig config;
    try {
      config = JobConfig.fromArgs(args);
    } catch (ConfigException e) {
      System.err.println("spark-activations job: " + e.getMessage());
      System.exit(2);
      return;
    }
    SparkSession spark = SparkSession.builder().appName(config.jobName()).getOrCreate();
    int status = 0;
    try {
      ActivationSummary summary = run(spark, config);
      System.out.println();
      System.out.println("== spark-activations job: summary ==");
      System.out.print(summary);
      System.out.println("summary JSON: " + new Path(config.outputPath(), SUMMARY_FILE));
    } catch (ConfigException e) {
      System.err.println("spark-activations job: " + e.getMessage());
      status = 2;
    } finally {
      spark.stop();
    }
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the job on a session; the caller owns the session. */
  public static ActivationSummary run(SparkSession spark, JobConfig config) {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (!config.isSynthetic() && !config.inputPath().startsWith(JobConfig.BUNDLED_PREFIX)) {
      requireExists(hadoop, "input.path", config.inputPath());
    }
    if (config.pipelinePath() != null) {
      requireExists(hadoop, "pipeline.path", config.pipelinePath());
    }
    if (config.outputMode().equals("errorifexists") && exists(hadoop, config.outputPath())) {
      throw new ConfigException("output.path", "'" + config.outputPath() + "' already exists "
          + "and output.mode is errorifexists; set output.mode = overwrite to replace it");
    }

    Dataset<Row> input = read(spark, config);
    String features = features(config, input.schema());
    Dataset<Row> data = input;
    if (config.featuresVectorColumn() == null) {
      data = new VectorAssembler().setInputCols(assembled(config, input.schema()))
          .setOutputCol(features).transform(data);
    }
    if (config.standardize()) {
      String scaled = features + "_standardized";
      data = new StandardScaler().setWithMean(true).setWithStd(true).setInputCol(features)
          .setOutputCol(scaled).fit(data).transform(data);
      features = scaled;
    }

    PipelineModel model = config.pipelinePath() != null
        ? PipelineModel.load(config.pipelinePath())
        : chain(config.stages(), features);
    StructType outSchema = validateStages(model, data.schema());
    Map<String, OptionalDouble> activated = activatedColumns(model, outSchema);

    Observation in = new Observation("rows_in");
    data = data.observe(in, count(lit(1)).as("rows"));
    Dataset<Row> result = model.transform(data);
    if (!config.outputColumns().isEmpty()) {
      for (String c : config.outputColumns()) {
        if (!Arrays.asList(outSchema.fieldNames()).contains(c)) {
          throw new ConfigException("output.columns", "no column '" + c + "'; the columns are "
              + Arrays.toString(outSchema.fieldNames()));
        }
      }
      result = result.select(config.outputColumns().stream().map(c -> col("`" + c + "`"))
          .toArray(Column[]::new));
    }
    if (config.outputFormat().equals("csv")) {
      List<String> nested = new ArrayList<>();
      for (StructField f : result.schema().fields()) {
        if (f.dataType() instanceof VectorUDT || f.dataType() instanceof ArrayType) {
          nested.add(f.name());
        }
      }
      if (!nested.isEmpty()) {
        throw new ConfigException("output.format", "csv cannot hold the vector or array "
            + "columns " + nested + "; use parquet, orc or json, or list others in "
            + "output.columns");
      }
    }
    List<Column> metrics = new ArrayList<>();
    metrics.add(count(lit(1)).as("rows"));
    List<String> summarised = new ArrayList<>();
    List<ActivationStatistics.Options> options = new ArrayList<>();
    ActivationStatistics.Options base = ActivationStatistics.Options.defaults()
        .withBins(config.summaryBins()).withNearlyDeadBelow(config.summaryNearlyDeadBelow());
    for (Map.Entry<String, OptionalDouble> e : activated.entrySet()) {
      String c = e.getKey();
      if (Arrays.asList(result.columns()).contains(c)) {
        ActivationStatistics.Options o = e.getValue().isPresent()
            ? base.withCap(e.getValue().getAsDouble()) : base;
        metrics.add(ActivationStatistics.aggregate(result.schema(), c, o)
            .as("m" + summarised.size()));
        summarised.add(c);
        options.add(o);
      }
    }
    Observation out = new Observation("rows_out");
    result = result.observe(out, metrics.get(0), metrics.subList(1, metrics.size())
        .toArray(new Column[0]));

    DataFrameWriter<Row> writer = result.write().format(config.outputFormat())
        .mode(config.outputMode()).options(config.outputOptions());
    if (!config.outputPartitionBy().isEmpty()) {
      writer = writer.partitionBy(config.outputPartitionBy().toArray(new String[0]));
    }
    writer.save(config.outputPath());

    Map<String, Object> inMetrics;
    Map<String, Object> outMetrics;
    try {
      inMetrics = in.getAsJava();
      outMetrics = out.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the job's metrics", e);
    }
    List<ActivationStatistics> columns = new ArrayList<>();
    for (int i = 0; i < summarised.size(); i++) {
      columns.add(ActivationStatistics.fromAggregate(summarised.get(i), outMetrics.get("m" + i),
          options.get(i)));
    }
    ActivationSummary summary = new ActivationSummary(
        ((Number) inMetrics.getOrDefault("rows", 0L)).longValue(),
        ((Number) outMetrics.getOrDefault("rows", 0L)).longValue(),
        (System.nanoTime() - start) / 1e9, config.outputPath(), columns);
    writeText(hadoop, new Path(config.outputPath(), SUMMARY_FILE), summary.toJson());
    return summary;
  }

  private static Dataset<Row> read(SparkSession spark, JobConfig config) {
    if (config.isSynthetic()) {
      return SyntheticData.generate(spark, config.syntheticRows(), config.syntheticDim(),
          config.syntheticDensity(), config.syntheticSeed(), config.syntheticPartitions());
    }
    String path = config.inputPath();
    if (path.startsWith(JobConfig.BUNDLED_PREFIX)) {
      return BundledData.read(spark, path.substring(JobConfig.BUNDLED_PREFIX.length()),
          config.inputOptions());
    }
    try {
      return spark.read().format(config.inputFormat()).options(config.inputOptions()).load(path);
    } catch (RuntimeException e) {
      throw new ConfigException("input.path", "'" + path + "' cannot be read as "
          + config.inputFormat() + ": " + firstLine(e));
    }
  }

  /** The name of the features vector column, checked against the input. */
  private static String features(JobConfig config, StructType schema) {
    List<String> names = Arrays.asList(schema.fieldNames());
    String vector = config.featuresVectorColumn();
    if (vector != null) {
      if (!names.contains(vector)) {
        throw new ConfigException("features.vectorColumn", "the input has no column '" + vector
            + "'; its columns are " + names);
      }
      DataType t = schema.apply(vector).dataType();
      if (!(t instanceof VectorUDT)) {
        throw new ConfigException("features.vectorColumn", "column '" + vector + "' is "
            + t.simpleString() + ", not a vector; list numeric columns in features.columns "
            + "instead");
      }
      return vector;
    }
    if (names.contains("features")) {
      throw new ConfigException("features.columns", "the input already has a column "
          + "'features'; set features.vectorColumn = features to use it");
    }
    return "features";
  }

  /** The numeric columns to assemble: features.columns, with * for all but the excluded. */
  private static String[] assembled(JobConfig config, StructType schema) {
    List<String> names = Arrays.asList(schema.fieldNames());
    List<String> wanted = config.featuresColumns();
    List<String> result = new ArrayList<>();
    for (String c : wanted.isEmpty() ? List.of("*") : wanted) {
      if (c.equals("*")) {
        for (StructField f : schema.fields()) {
          if (f.dataType() instanceof NumericType && !config.featuresExclude().contains(f.name())
              && !result.contains(f.name())) {
            result.add(f.name());
          }
        }
        continue;
      }
      if (!names.contains(c)) {
        throw new ConfigException("features.columns", "the input has no column '" + c
            + "'; its columns are " + names);
      }
      if (!(schema.apply(c).dataType() instanceof NumericType)) {
        throw new ConfigException("features.columns", "column '" + c + "' is "
            + schema.apply(c).dataType().simpleString() + ", not numeric");
      }
      result.add(c);
    }
    for (String c : config.featuresExclude()) {
      if (!names.contains(c)) {
        throw new ConfigException("features.exclude", "the input has no column '" + c + "'");
      }
    }
    if (result.isEmpty()) {
      throw new ConfigException("features.columns", "selects no numeric column; the columns "
          + "are " + names);
    }
    return result.toArray(new String[0]);
  }

  /**
   * The stages as one model. A stage whose inputCol(s) are not set reads the features vector; one
   * whose outputCol(s) are not set writes a column named after it. To chain two stages, set the
   * second one's inputCol to the first one's name.
   */
  static PipelineModel chain(List<Transformer> stages, String features) {
    for (Transformer stage : stages) {
      if (!isSet(stage, "inputCol") && !isSet(stage, "inputCols")) {
        stage.set(stage.getParam("inputCol"), features);
      }
      if (isSet(stage, "inputCol") && !isSet(stage, "outputCol")) {
        stage.set(stage.getParam("outputCol"), stage.uid());
      }
    }
    return new PipelineModel("activation-job", stages.toArray(new Transformer[0]));
  }

  private static boolean isSet(Transformer stage, String param) {
    return stage.hasParam(param) && stage.isSet(stage.getParam(param));
  }

  /** Runs every stage's transformSchema in order, naming the failing stage. */
  private static StructType validateStages(PipelineModel model, StructType schema) {
    StructType s = schema;
    for (Transformer stage : model.stages()) {
      try {
        s = stage.transformSchema(s);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("stage." + stage.uid(), e.getMessage());
      }
    }
    return s;
  }

  /** The vector columns the activation stages write. */
  /** Each activation stage's output columns that statistics apply to, with its cap. */
  private static Map<String, OptionalDouble> activatedColumns(PipelineModel model,
      StructType schema) {
    Map<String, OptionalDouble> columns = new LinkedHashMap<>();
    for (Transformer stage : model.stages()) {
      if (!(stage instanceof ActivationTransformer)) {
        continue;
      }
      ActivationTransformer<?> a = (ActivationTransformer<?>) stage;
      for (String o : a.outputColumns()) {
        DataType t = schema.apply(o).dataType();
        if (t instanceof VectorUDT || t instanceof NumericType
            || t instanceof ArrayType at && at.elementType() instanceof NumericType) {
          columns.put(o, a.saturationValue());
        }
      }
    }
    return columns;
  }

  private static void requireExists(Configuration hadoop, String key, String path) {
    try {
      if (!exists(hadoop, path)) {
        throw new ConfigException(key, "'" + path + "' does not exist");
      }
    } catch (IllegalArgumentException e) {
      throw e instanceof ConfigException ? e
          : new ConfigException(key, "'" + path + "' is not a usable path: " + e.getMessage());
    }
  }

  private static boolean exists(Configuration hadoop, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(hadoop).exists(p);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot check '" + path + "': " + e.getMessage(), e);
    }
  }

  private static void writeText(Configuration hadoop, Path path, String text) {
    try (OutputStream o = path.getFileSystem(hadoop).create(path, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + path, e);
    }
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  static final String USAGE = String.join("\n",
      "spark-activations batch job",
      "",
      "  spark-submit --class io.github.sparkactivations.job.ActivationJob <jar> [flags]",
      "",
      "  --config FILE        a properties file (default: the packaged conf/default.conf,",
      "                       which runs on the bundled breast-cancer data)",
      "  --KEY VALUE          override any key of the file, e.g. --output.path /tmp/out",
      "                       or --stage.relu.maxValue 6",
      "  --input PATH         short for --input.path; --output PATH for --output.path;",
      "                       --pipeline PATH for --pipeline.path (a saved PipelineModel)",
      "  --synthetic-rows N   generate N rows instead of reading input (with --dim D,",
      "                       --density P in (0, 1], 1 = dense, --seed S)",
      "  --help               this text",
      "",
      "Keys: see conf/default.conf and conf/README.md.");
}
