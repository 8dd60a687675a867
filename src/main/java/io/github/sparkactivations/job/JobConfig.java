package io.github.sparkactivations.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;

/**
 * The batch job's configuration: a Java properties file ({@code key = value}, {@code #} comments;
 * see {@code conf/default.conf}) with command-line overrides. Everything that can be checked
 * without data is checked here, before any Spark work, and every problem is a
 * {@link ConfigException} naming the key.
 */
public final class JobConfig {
  /** The configuration used when none is given: conf/default.conf, packaged in the jar. */
  static final String DEFAULT_RESOURCE = "/io/github/sparkactivations/job/default.conf";

  static final String BUNDLED_PREFIX = "bundled:";
  static final List<String> INPUT_FORMATS = List.of("parquet", "csv", "json", "orc", "libsvm");
  static final List<String> OUTPUT_FORMATS = List.of("parquet", "orc", "json", "csv");
  static final List<String> SAVE_MODES = List.of("overwrite", "append", "errorifexists", "ignore");

  private static final Set<String> KEYS = Set.of("input.path", "input.format",
      "synthetic.rows", "synthetic.dim", "synthetic.density", "synthetic.seed",
      "synthetic.partitions", "features.vectorColumn", "features.columns", "features.exclude",
      "features.standardize", "stages", "pipeline.path", "output.path", "output.format",
      "output.mode", "output.partitionBy", "output.columns", "job.name", "summary.bins",
      "summary.nearlyDeadBelow");
  private static final Pattern PREFIXED = Pattern.compile(
      "(input\\.option|output\\.option)\\.[^.].*|stage\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_]+");

  /** Command-line flags that are short for a key. */
  private static final Map<String, String> ALIASES = Map.of(
      "synthetic-rows", "synthetic.rows", "dim", "synthetic.dim",
      "density", "synthetic.density", "seed", "synthetic.seed",
      "input", "input.path", "output", "output.path", "pipeline", "pipeline.path");

  private final String source;
  private final Map<String, String> values;

  private JobConfig(String source, Map<String, String> values) {
    this.source = source;
    this.values = values;
    validate();
  }

  /**
   * The configuration the command line asks for: {@code --config FILE} (default: the packaged
   * conf/default.conf), then every {@code --key value} or {@code --key=value} on top of it.
   */
  public static JobConfig fromArgs(String... args) {
    String configFile = null;
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new ConfigException("unexpected argument '" + arg + "': flags are --key value "
            + "or --key=value (see --help)");
      }
      String flag = arg.substring(2);
      String value;
      int eq = flag.indexOf('=');
      if (eq >= 0) {
        value = flag.substring(eq + 1);
        flag = flag.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new ConfigException("flag --" + flag + " needs a value");
      }
      if (flag.equals("config")) {
        configFile = value;
      } else {
        overrides.put(ALIASES.getOrDefault(flag, flag), value);
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    String source;
    if (configFile == null) {
      source = "the packaged conf/default.conf";
      try (InputStream in = JobConfig.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        values.putAll(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
      }
    } else {
      source = configFile;
      Path path = Path.of(configFile);
      if (!Files.isReadable(path)) {
        throw new ConfigException("config file '" + configFile + "' cannot be read (given "
            + "with --config)");
      }
      try {
        values.putAll(parse(Files.readString(path)));
      } catch (IOException e) {
        throw new ConfigException("config file '" + configFile + "' cannot be read: " + e);
      }
    }
    // Synthetic data on the command line replace the file's input, and its features settings,
    // which describe that input (the synthetic data have their own vector column, features).
    if (overrides.containsKey("synthetic.rows")) {
      values.keySet().removeIf(k -> k.startsWith("input.") || k.startsWith("features."));
    }
    // Stages or a model on the command line replace the file's stages (and model).
    if (overrides.containsKey("pipeline.path") || overrides.containsKey("stages")) {
      values.keySet().removeIf(k -> k.equals("stages") || k.equals("pipeline.path")
          || k.startsWith("stage."));
    }
    values.putAll(overrides);
    return new JobConfig(source, values);
  }

  /** A configuration from the text of a properties file, with no overrides. */
  public static JobConfig fromText(String text) {
    return new JobConfig("the given text", parse(text));
  }

  private static Map<String, String> parse(String text) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("the config cannot be parsed: " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String k : new TreeSet<>(p.stringPropertyNames())) {
      values.put(k.trim(), p.getProperty(k).trim());
    }
    return values;
  }

  private void validate() {
    for (String key : values.keySet()) {
      if (!KEYS.contains(key) && !PREFIXED.matcher(key).matches()) {
        throw new ConfigException(key, "unknown key (in " + source + "); the keys are "
            + new TreeSet<>(KEYS) + ", input.option.*, output.option.* and stage.<name>.*");
      }
    }
    if (isSynthetic()) {
      require(!values.containsKey("input.path"), "input.path",
          "give either input.path or synthetic.rows, not both");
      positiveLong("synthetic.rows");
      syntheticDim();
      syntheticDensity();
      syntheticSeed();
      syntheticPartitions();
    } else {
      require(values.containsKey("input.path"), "input.path",
          "missing: give input.path (or synthetic.rows)");
      oneOf("input.format", inputFormat(), INPUT_FORMATS);
      if (inputPath().startsWith(BUNDLED_PREFIX)) {
        String name = inputPath().substring(BUNDLED_PREFIX.length());
        require(BundledData.exists(name), "input.path",
            "no bundled data set '" + name + "'; the bundled ones are " + BundledData.NAMES);
      }
    }
    boolean hasVector = values.containsKey("features.vectorColumn");
    boolean hasColumns = values.containsKey("features.columns");
    require(!(hasVector && hasColumns), "features.columns",
        "give either features.vectorColumn or features.columns, not both");
    require(!values.containsKey("features.exclude") || hasColumns, "features.exclude",
        "applies to features.columns only");
    bool("features.standardize", false);
    boolean hasStages = values.containsKey("stages");
    require(!(hasStages && values.containsKey("pipeline.path")), "pipeline.path",
        "give either stages or pipeline.path, not both");
    require(hasStages || values.containsKey("pipeline.path"), "stages",
        "missing: list the stages to apply (or give pipeline.path)");
    for (String key : values.keySet()) {
      if (key.startsWith("stage.")) {
        String name = key.split("\\.")[1];
        require(hasStages && stageNames().contains(name), key,
            "stage '" + name + "' is not listed in 'stages'" + (hasStages
                ? " (" + values.get("stages") + ")" : ""));
      }
    }
    if (hasStages) {
      stages(); // builds and configures every stage: unknown types, Params and values fail here
    }
    require(values.containsKey("output.path"), "output.path", "missing: where to write");
    oneOf("output.format", outputFormat(), OUTPUT_FORMATS);
    oneOf("output.mode", outputMode(), SAVE_MODES);
    summaryBins();
    summaryNearlyDeadBelow();
  }

  // ---- summary ----

  /** Histogram bins of each activated column in the summary (20). */
  public int summaryBins() {
    long bins = isSet("summary.bins") ? positiveLong("summary.bins") : 20;
    require(bins <= 100_000, "summary.bins", "at most 100,000, got " + bins);
    return (int) bins;
  }

  /** A unit active in fewer than this fraction of rows is reported as nearly dead (0.01). */
  public double summaryNearlyDeadBelow() {
    double f = dbl("summary.nearlyDeadBelow", 0.01);
    require(f >= 0.0 && f <= 1.0, "summary.nearlyDeadBelow", "must be in [0, 1], got " + f);
    return f;
  }

  // ---- input ----

  public boolean isSynthetic() {
    return values.containsKey("synthetic.rows");
  }

  public String inputPath() {
    return values.get("input.path");
  }

  public String inputFormat() {
    return values.getOrDefault("input.format", "parquet").toLowerCase(Locale.ROOT);
  }

  public Map<String, String> inputOptions() {
    return options("input.option.");
  }

  public long syntheticRows() {
    return positiveLong("synthetic.rows");
  }

  public int syntheticDim() {
    long dim = isSet("synthetic.dim") ? positiveLong("synthetic.dim") : 64;
    require(dim <= 10_000_000, "synthetic.dim", "at most 10,000,000, got " + dim);
    return (int) dim;
  }

  public double syntheticDensity() {
    double d = dbl("synthetic.density", 1.0);
    require(d > 0.0 && d <= 1.0, "synthetic.density",
        "must be in (0, 1] (1 gives dense vectors), got " + d);
    return d;
  }

  public long syntheticSeed() {
    String v = values.getOrDefault("synthetic.seed", "42");
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException("synthetic.seed", "expected a whole number, got '" + v + "'");
    }
  }

  /** Partitions of the synthetic data (0: Spark's default parallelism). */
  public int syntheticPartitions() {
    return isSet("synthetic.partitions") ? (int) positiveLong("synthetic.partitions") : 0;
  }

  // ---- features ----

  /** The vector column to activate, or null when features.columns are assembled. */
  public String featuresVectorColumn() {
    if (values.containsKey("features.vectorColumn")) {
      return values.get("features.vectorColumn");
    }
    if (!values.containsKey("features.columns") && (isSynthetic()
        || "libsvm".equals(inputFormat()))) {
      return "features";
    }
    return null;
  }

  /** The numeric columns to assemble ({@code *}: every numeric column but the excluded). */
  public List<String> featuresColumns() {
    return list("features.columns");
  }

  public List<String> featuresExclude() {
    return list("features.exclude");
  }

  public boolean standardize() {
    return bool("features.standardize", false);
  }

  // ---- stages ----

  public String pipelinePath() {
    return values.get("pipeline.path");
  }

  public List<String> stageNames() {
    return list("stages");
  }

  /**
   * New stages, configured: each named stage has {@code stage.<name>.type} and any of its Params
   * as {@code stage.<name>.<Param>}. Unless set, a stage reads the features vector and writes a
   * column named after it (see {@link ActivationJob}).
   */
  public List<Transformer> stages() {
    List<String> names = stageNames();
    require(!names.isEmpty(), "stages", "lists no stage");
    require(names.size() == new TreeSet<>(names).size(), "stages",
        "names a stage twice: " + names);
    List<Transformer> stages = new ArrayList<>();
    for (String name : names) {
      String prefix = "stage." + name + ".";
      String type = values.get(prefix + "type");
      require(type != null, prefix + "type", "missing: which stage '" + name + "' is ("
          + String.join(", ", StageRegistry.stages().keySet()) + ")");
      Transformer stage = StageRegistry.create(prefix + "type", type, name);
      for (Map.Entry<String, String> e : values.entrySet()) {
        String key = e.getKey();
        if (key.startsWith(prefix) && !key.equals(prefix + "type")) {
          setParam(stage, key, key.substring(prefix.length()), e.getValue());
        }
      }
      stages.add(stage);
    }
    return stages;
  }

  private static void setParam(Transformer stage, String key, String name, String text) {
    if (!stage.hasParam(name)) {
      throw new ConfigException(key, stage.getClass().getSimpleName() + " has no Param '"
          + name + "'; its Params are " + Arrays.stream(stage.params()).map(Param::name)
              .collect(Collectors.joining(", ")));
    }
    Param<Object> param = stage.getParam(name);
    Object value = parseValue(key, param, text);
    try {
      stage.set(param, value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, "invalid value '" + text + "' for "
          + stage.getClass().getSimpleName() + "." + name + " (" + param.doc() + ")");
    }
  }

  private static Object parseValue(String key, Param<?> param, String text) {
    try {
      if (param instanceof DoubleParam) {
        return parseDouble(text);
      }
      if (param instanceof FloatParam) {
        return (float) parseDouble(text);
      }
      if (param instanceof IntParam) {
        return Integer.parseInt(text);
      }
      if (param instanceof LongParam) {
        return Long.parseLong(text);
      }
      if (param instanceof BooleanParam) {
        if (!text.equals("true") && !text.equals("false")) {
          throw new NumberFormatException();
        }
        return Boolean.parseBoolean(text);
      }
      if (param instanceof DoubleArrayParam) {
        return splitList(text).stream().mapToDouble(JobConfig::parseDouble).toArray();
      }
      if (param instanceof StringArrayParam) {
        return splitList(text).toArray(new String[0]);
      }
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "expected " + describeType(param) + ", got '" + text + "'");
    }
    if (param.getClass() == Param.class) {
      return text; // a String Param
    }
    try {
      return param.jsonDecode(text); // other Param types (vectors, matrices) take their JSON
    } catch (RuntimeException e) {
      throw new ConfigException(key, "expected " + describeType(param) + " as JSON, got '"
          + text + "'");
    }
  }

  private static String describeType(Param<?> param) {
    if (param instanceof DoubleParam || param instanceof FloatParam) {
      return "a number";
    }
    if (param instanceof IntParam || param instanceof LongParam) {
      return "a whole number";
    }
    if (param instanceof BooleanParam) {
      return "true or false";
    }
    if (param instanceof DoubleArrayParam) {
      return "a comma-separated list of numbers";
    }
    if (param instanceof StringArrayParam) {
      return "a comma-separated list of names";
    }
    return "a value of " + param.getClass().getSimpleName();
  }

  private static double parseDouble(String text) {
    String t = text.trim();
    switch (t.toLowerCase(Locale.ROOT)) {
      case "inf": case "+inf": case "infinity": case "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf": case "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        return Double.parseDouble(t);
    }
  }

  // ---- output ----

  public String outputPath() {
    return values.get("output.path");
  }

  public String outputFormat() {
    return values.getOrDefault("output.format", "parquet").toLowerCase(Locale.ROOT);
  }

  public String outputMode() {
    return values.getOrDefault("output.mode", "errorifexists").toLowerCase(Locale.ROOT);
  }

  public List<String> outputPartitionBy() {
    return list("output.partitionBy");
  }

  /** The columns to write (empty: all). */
  public List<String> outputColumns() {
    return list("output.columns");
  }

  public Map<String, String> outputOptions() {
    return options("output.option.");
  }

  public String jobName() {
    return values.getOrDefault("job.name", "spark-activations job");
  }

  /** Where the configuration came from, for messages. */
  public String source() {
    return source;
  }

  // ---- helpers ----

  private boolean isSet(String key) {
    return values.containsKey(key);
  }

  private Map<String, String> options(String prefix) {
    Map<String, String> options = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        options.put(k.substring(prefix.length()), v);
      }
    });
    return options;
  }

  private List<String> list(String key) {
    return values.containsKey(key) ? splitList(values.get(key)) : List.of();
  }

  private static List<String> splitList(String text) {
    List<String> items = new ArrayList<>();
    for (String s : text.split(",")) {
      if (!s.isBlank()) {
        items.add(s.trim());
      }
    }
    return items;
  }

  private long positiveLong(String key) {
    String v = values.get(key);
    try {
      long n = Long.parseLong(v.replace("_", ""));
      require(n > 0, key, "must be positive, got " + n);
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "expected a positive whole number, got '" + v + "'");
    }
  }

  private double dbl(String key, double dflt) {
    if (!values.containsKey(key)) {
      return dflt;
    }
    try {
      return Double.parseDouble(values.get(key));
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "expected a number, got '" + values.get(key) + "'");
    }
  }

  private boolean bool(String key, boolean dflt) {
    String v = values.get(key);
    if (v == null) {
      return dflt;
    }
    require(v.equals("true") || v.equals("false"), key, "expected true or false, got '" + v
        + "'");
    return v.equals("true");
  }

  private static void oneOf(String key, String value, List<String> allowed) {
    require(allowed.contains(value), key, "expected one of " + allowed + ", got '" + value
        + "'");
  }

  private static void require(boolean condition, String key, String problem) {
    if (!condition) {
      throw new ConfigException(key, problem);
    }
  }
}
