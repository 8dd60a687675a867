package io.github.sparkactivations.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * The library's expm1 and exp for x &lt;= 0 and the activations built on them (ELU, SELU, CELU,
 * SiLU, Mish, Softplus, GELU in both forms): their SIMD and one-element forms give the same bits, and their errors against
 * 60-digit values stay within the bounds the README states.
 */
class NegativeExpm1Test {
  private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY,
      Double.POSITIVE_INFINITY, -Double.MIN_VALUE, -Double.MIN_NORMAL, -1e-300, -0x1p-54,
      -0x1p-30, -0.34657359027997264, -0.3465735902799727, -0.6931471805599453,
      -1.0397207708399179, -1.0, -36.7, -37.5, -39.999999999999993, -40.0, -40.000000000000007,
      -708.4, -745.2, -1e300, -Double.MAX_VALUE, 1e-300, 0.5, 3.0, 1e300, Double.MAX_VALUE};

  private static double[] inputs(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      switch (i % 5) {
        case 0 -> x[i] = SPECIAL[rnd.nextInt(SPECIAL.length)];
        case 1 -> x[i] = rnd.nextGaussian();
        case 2 -> x[i] = -rnd.nextDouble(0, 45);
        case 3 -> x[i] = -rnd.nextDouble() * Math.scalb(1.0, -rnd.nextInt(70));
        default -> x[i] = Double.longBitsToDouble(rnd.nextLong());
      }
    }
    return x;
  }

  @Test
  void theTestJvmHasTheSimdForm() {
    // surefire starts the tests with Spark's JVM flags, which add jdk.incubator.vector.
    assertTrue(NegativeExpm1.SIMD, "jdk.incubator.vector is missing: the SIMD form is untested");
  }

  /**
   * No method of the library takes or returns a vector or a mask of the JDK's Vector API: only
   * arrays (and scalars, and species) cross a call. Where C2 does not inline such a method
   * (past its node-count cutoff in a large generated method), every vector that crosses the
   * call is boxed: sparse ELU allocated 2.2 KB a row and ran at half speed. See
   * {@code NegativeExpm1Simd}'s class comment.
   */
  @Test
  void noMethodTakesOrReturnsAVector() throws IOException, URISyntaxException {
    Path root = libraryRoot();
    List<String> found = new ArrayList<>();
    int classes = 0;
    for (Path file : libraryClassFiles()) {
      String path = root.relativize(file).toString();
      String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
      Class<?> c;
      try {
        c = Class.forName(name, false, NegativeExpm1.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new AssertionError(name, e);
      }
      classes++;
      for (Method m : c.getDeclaredMethods()) {
        List<Class<?>> types = new ArrayList<>(List.of(m.getParameterTypes()));
        types.add(m.getReturnType());
        for (Class<?> t : types) {
          if (t.getName().startsWith("jdk.incubator.vector.")
              && !t.getName().equals("jdk.incubator.vector.VectorSpecies")) {
            found.add(c.getName() + "." + m.getName() + ": " + t.getName());
          }
        }
      }
    }
    assertTrue(classes > 50, "only " + classes + " classes found under " + root);
    assertEquals(List.of(), found, "methods that pass vectors across a call");
  }

  /** Where the library's classes are (target/classes). */
  private static Path libraryRoot() throws URISyntaxException {
    return Path.of(NegativeExpm1.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI());
  }

  /** Every class file of the library. */
  private static List<Path> libraryClassFiles() throws IOException, URISyntaxException {
    try (var walk = Files.walk(libraryRoot())) {
      return walk.filter(f -> f.toString().endsWith(".class")).toList();
    }
  }

  /**
   * No method calls the Vector API more than {@value #MOST_VECTOR_CALLS} times. C2 inlines those
   * calls late, with a budget of nodes per compilation, and in a JVM that had run many routes it
   * gave up before the last calls of a loop of 88 (GELU(tanh)'s x &lt; 0 branch, until the
   * seventeenth session): those stayed calls, and each boxed its vectors (240–770 bytes a row
   * of 64, in two of five full benchmark runs). A larger loop is split into passes through the
   * per-thread buffers, as {@code NegativeExpm1Simd} does.
   */
  @Test
  void noMethodMakesTooManyVectorApiCalls() throws IOException, URISyntaxException {
    Map<String, Integer> calls = new java.util.TreeMap<>();
    for (Path file : libraryClassFiles()) {
      org.apache.xbean.asm9.ClassReader reader =
          new org.apache.xbean.asm9.ClassReader(Files.readAllBytes(file));
      String owner = reader.getClassName();
      reader.accept(new org.apache.xbean.asm9.ClassVisitor(org.apache.xbean.asm9.Opcodes.ASM9) {
        @Override
        public org.apache.xbean.asm9.MethodVisitor visitMethod(int access, String name,
            String descriptor, String signature, String[] exceptions) {
          String method = owner + "." + name + descriptor;
          return new org.apache.xbean.asm9.MethodVisitor(org.apache.xbean.asm9.Opcodes.ASM9) {
            @Override
            public void visitMethodInsn(int opcode, String callee, String calleeName,
                String calleeDescriptor, boolean isInterface) {
              if (callee.startsWith("jdk/incubator/vector/")) {
                calls.merge(method, 1, Integer::sum);
              }
            }
          };
        }
      }, 0);
    }
    assertTrue(calls.keySet().stream().anyMatch(m -> m.contains("NegativeExpm1Simd.mish")),
        "no Vector API calls found: " + calls);
    Map<String, Integer> tooMany = new java.util.TreeMap<>();
    calls.forEach((m, n) -> {
      if (n > MOST_VECTOR_CALLS) {
        tooMany.put(m, n);
      }
    });
    assertEquals(Map.of(), tooMany, "methods with more than " + MOST_VECTOR_CALLS
        + " calls into the Vector API");
  }

  /** The most Vector API calls in one method (the largest today, Mish's derivative, has 68). */
  private static final int MOST_VECTOR_CALLS = 70;

  /** A whole-row form: f at v[from, from + n), in place. */
  private interface Rows {
    void apply(double[] v, int from, int n);
  }

  /**
   * {@code rows} gives the same bits as {@code one} element by element, for rows of every length
   * around the vector width, at every offset, and leaves the elements outside the row alone.
   */
  private static void assertSameBits(String what, Rows rows, DoubleUnaryOperator one, long seed) {
    assertSameBits(what, rows, one, seed, 1.0);
  }

  /**
   * As above, with the inputs multiplied by {@code scale}: a vector with one lane below a
   * function's SIMD range goes one element at a time, so a small scale keeps most vectors on
   * the SIMD path.
   */
  private static void assertSameBits(String what, Rows rows, DoubleUnaryOperator one, long seed,
      double scale) {
    for (int length : new int[] {0, 1, 7, 8, 9, 63, 64, 65, 1000}) {
      double[] x = inputs(200 * length + 17, length * 31L + seed);
      for (int i = 0; i < x.length; i++) {
        x[i] = (i % 3 == 0 ? -scale : scale) * x[i]; // both signs of every kind of input
      }
      for (int i = 1; i < x.length; i += 7) {
        x[i] = 40.0 + (i % 3 - 1) * 0x1p-47; // around 40 (Mish: f = x from there)
      }
      for (int i = 5; i < x.length; i += 11) {
        x[i] = 30.0 + (i % 3 - 1) * 0x1p-48; // around 30 (GELU's tanh form: f = x from there)
      }
      for (int from = 0; from + length <= x.length; from += length + 3) {
        double[] v = x.clone();
        rows.apply(v, from, length);
        for (int i = 0; i < x.length; i++) {
          double e = i >= from && i < from + length ? one.applyAsDouble(x[i]) : x[i];
          double a = v[i];
          double in = x[i];
          assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(a),
              () -> what + ", x = " + in + ": " + e + " != " + a);
        }
        if (length == 0) {
          break;
        }
      }
    }
  }

  /**
   * The largest error in ulp of {@code f} against {@code exact} (60 digits) over {@code n}
   * inputs from {@code input} (given a random source and the input's number).
   */
  private static double worstUlps(int n, long seed,
      BiFunction<SplittableRandom, Integer, Double> input, DoubleUnaryOperator f,
      BiFunction<Double, MathContext, BigDecimal> exact) {
    SplittableRandom rnd = new SplittableRandom(seed);
    MathContext mc = new MathContext(60);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      double x = input.apply(rnd, i);
      BigDecimal e = exact.apply(x, mc);
      double ulps = e.signum() == 0 ? 0 : new BigDecimal(f.applyAsDouble(x)).subtract(e).abs()
          .divide(new BigDecimal(Math.ulp(e.doubleValue())), mc).doubleValue();
      worst = Math.max(worst, ulps);
    }
    return worst;
  }

  /** Inputs below 0: over ELU's range, near 0, where k changes, and tiny. */
  private static double negative(SplittableRandom rnd, int i, double low) {
    return switch (i % 4) {
      case 0 -> -rnd.nextDouble(0, low);
      case 1 -> -rnd.nextDouble(0, 2);
      case 2 -> -0.34657359027997264 + rnd.nextDouble(-1e-3, 1e-3); // where k changes
      default -> -rnd.nextDouble() * Math.scalb(1.0, -rnd.nextInt(60));
    };
  }

  /** Inputs of both signs: wide, near 0, medium, and tiny. */
  private static double anySign(SplittableRandom rnd, int i) {
    return switch (i % 4) {
      case 0 -> rnd.nextDouble(-745, 45);
      case 1 -> rnd.nextDouble(-4, 4);
      case 2 -> rnd.nextDouble(-40, 40);
      default -> (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble()
          * Math.scalb(1.0, -rnd.nextInt(60));
    };
  }

  @Test
  void simdAndOneElementFormsGiveTheSameBits() {
    double[][] branches = {{1.0, 1.0}, {1.0, 0.3}, {1.0, -2.5},
        {SELUFunction.LAMBDA, SELUFunction.LAMBDA_ALPHA}};
    for (double[] pm : branches) {
      assertSameBits("ELU/SELU p, m = " + pm[0] + ", " + pm[1],
          (v, from, n) -> NegativeExpm1.negativeBranch(v, from, n, pm[0], pm[1]),
          x -> x > 0.0 ? pm[0] * x : pm[1] * NegativeExpm1.of(x), (long) (pm[1] * 10));
    }
    for (double alpha : new double[] {1.0, 0.3, 2.5, 1e-3, 1e300, 1e-310, Double.MIN_VALUE,
        Double.MAX_VALUE}) {
      assertSameBits("CELU alpha = " + alpha,
          (v, from, n) -> CELUFunction.valueAll(v, from, n, alpha),
          x -> NegativeExpm1.celu(x, alpha), Double.hashCode(alpha));
    }
    // ReLU and LeakyReLU (selections): inputs hold the thresholds and caps (0, -1, 0.5 and 3
    // are among the special values), both zeros, infinities and NaNs with payloads.
    for (double[] tm : new double[][] {{0.0, Double.POSITIVE_INFINITY}, {0.0, 6.0},
        {-1.0, Double.POSITIVE_INFINITY}, {0.5, 3.0}, {-1.0, 0.5}, {-Double.MIN_VALUE, 0.0},
        {-1.0, -0.0}, {Double.NEGATIVE_INFINITY, 0.5}, {1e300, Double.MAX_VALUE}}) {
      assertSameBits("ReLU threshold, maxValue = " + tm[0] + ", " + tm[1],
          (v, from, n) -> ReLUFunction.valueAll(v, from, n, tm[0], tm[1]),
          x -> ReLUFunction.value(x, tm[0], tm[1]), Double.hashCode(tm[0] + tm[1]) + 5);
    }
    for (double alpha : new double[] {0.01, 0.0, -0.0, -0.5, 1.0, 2.0, 1e-310, Double.MIN_VALUE,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY}) {
      assertSameBits("LeakyReLU alpha = " + alpha,
          (v, from, n) -> LeakyReLUFunction.valueAll(v, from, n, alpha),
          x -> LeakyReLUFunction.value(x, alpha), Double.hashCode(alpha) + 7);
    }
    assertSameBits("SiLU", SiLUFunction::valueAll, SiLUFunction::value, 41);
    assertSameBits("Mish", MishFunction::valueAll, MishFunction::value, 43);
    // Below x = -37.5 (GELU) and -21.14 (its tanh form) a vector goes one element at a time:
    // scaled inputs stay above.
    assertSameBits("GELU", GELUFunction::valueAll, GELUFunction::value, 59);
    assertSameBits("GELU", GELUFunction::valueAll, GELUFunction::value, 61, 0.5);
    assertSameBits("GELU, tanh form", GELUTanhFunction::valueAll, GELUTanhFunction::value, 47);
    assertSameBits("GELU, tanh form", GELUTanhFunction::valueAll, GELUTanhFunction::value, 53,
        0.25);
    for (double[] bt : new double[][] {{1.0, 20.0}, {2.0, 20.0}, {0.5, 5.0}, {3.0, 10.0},
        {1e-3, 1.0}, {1e3, -800.0}, {0.7, 0.0}}) {
      assertSameBits("Softplus beta, threshold = " + bt[0] + ", " + bt[1],
          (v, from, n) -> SoftplusFunction.valueAll(v, from, n, bt[0], bt[1]),
          x -> SoftplusFunction.value(x, bt[0], bt[1]), (long) (bt[0] * 100));
    }
  }

  /**
   * A NaN gives itself under LeakyReLU with alpha &gt; 0 before and after the JIT compiles it:
   * Math.max(x, alpha x) did not (for a signalling NaN the interpreter returned x and compiled
   * code alpha x, the quiet NaN), so the SIMD form's bits depended on what had run before.
   */
  @Test
  void leakyReluGivesANanItselfInEveryJitTier() {
    double[] nans = {Double.longBitsToDouble(0x7FF02AAB00000001L),
        Double.longBitsToDouble(0xFFF02AAB00000001L), Double.NaN,
        Double.longBitsToDouble(0xFFF8000000000001L)};
    double[] numbers = inputs(64, 3);
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = Double.isNaN(numbers[i]) ? 1.0 : numbers[i];
    }
    long sum = 0;
    for (int round = 0; round < 2; round++) {
      for (double alpha : new double[] {0.5, 1.0, 1.5}) {
        long[] bits = leakyReluBits(nans, alpha);
        for (int k = 0; k < nans.length; k++) {
          assertEquals(Double.doubleToRawLongBits(nans[k]), bits[k],
              "alpha = " + alpha + ", NaN " + k + ", round " + round);
        }
      }
      // Enough calls (with loops inside) for C2 to compile leakyReluBits on its own.
      for (int i = 0; i < 30_000; i++) {
        sum += leakyReluBits(numbers, 0.5 + (i & 1))[i & 63];
      }
    }
    assertTrue(sum != 0);
  }

  private static long[] leakyReluBits(double[] x, double alpha) {
    long[] bits = new long[x.length];
    for (int i = 0; i < x.length; i++) {
      bits[i] = Double.doubleToRawLongBits(LeakyReLUFunction.value(x[i], alpha));
    }
    return bits;
  }

  /**
   * PReLU's whole rows with a slope per element give the bits of the one-element forms, for
   * slopes of every kind (zero of either sign, in (0, 1], above 1, negative, tiny, huge,
   * infinite) mixed within a vector, at every offset and length around the vector width, and
   * leave the elements outside the row alone.
   */
  @Test
  void slopePerElementSimdAndOneElementFormsGiveTheSameBits() {
    double[] kinds = {0.0, -0.0, 0.01, 0.25, 1.0, 1.5, 2.0, -0.5, -3.0, 1e-310, Double.MIN_VALUE,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY};
    SplittableRandom rnd = new SplittableRandom(97);
    for (boolean derivative : new boolean[] {false, true}) {
      for (int length : new int[] {0, 1, 7, 8, 9, 63, 64, 65, 1000}) {
        double[] alphas = new double[length];
        for (int i = 0; i < length; i++) {
          alphas[i] = kinds[rnd.nextInt(kinds.length)];
        }
        double[] x = inputs(20 * length + 17, length * 37L + (derivative ? 1 : 0));
        for (int from = 0; from + length <= x.length; from += length + 3) {
          double[] v = x.clone();
          if (derivative) {
            LeakyReLUFunction.derivativeAll(v, from, length, alphas);
          } else {
            LeakyReLUFunction.valueAll(v, from, length, alphas);
          }
          for (int i = 0; i < x.length; i++) {
            boolean in = i >= from && i < from + length;
            double a = in ? alphas[i - from] : Double.NaN;
            double e = !in ? x[i] : derivative ? LeakyReLUFunction.derivative(x[i], a)
                : LeakyReLUFunction.value(x[i], a);
            double got = v[i];
            double input = x[i];
            assertEquals(Double.doubleToRawLongBits(e), Double.doubleToRawLongBits(got),
                () -> (derivative ? "PReLU'" : "PReLU") + " alpha = " + a + ", x = " + input
                    + ": " + e + " != " + got);
          }
          if (length == 0) {
            break;
          }
        }
      }
    }
  }

  @Test
  void derivativesSimdAndOneElementFormsGiveTheSameBits() {
    for (double alpha : new double[] {1.0, 0.3, -2.5, 1e300}) {
      assertSameBits("ELU' alpha = " + alpha,
          (v, from, n) -> ELUFunction.derivativeAll(v, from, n, alpha),
          x -> ELUFunction.derivative(x, alpha), Double.hashCode(alpha));
    }
    assertSameBits("SELU'", SELUFunction::derivativeAll, SELUFunction::derivative, 67);
    assertSameBits("SiLU'", SiLUFunction::derivativeAll, SiLUFunction::derivative, 71);
    assertSameBits("GELU'", GELUFunction::derivativeAll, GELUFunction::derivative, 79);
    assertSameBits("GELU tanh form'", GELUTanhFunction::derivativeAll,
        GELUTanhFunction::derivative, 89);
    assertSameBits("GELU tanh form'", GELUTanhFunction::derivativeAll,
        GELUTanhFunction::derivative, 97, 0.03);
    assertSameBits("GELU tanh form'", GELUTanhFunction::derivativeAll,
        GELUTanhFunction::derivative, 101, 0.25);
    assertSameBits("GELU'", GELUFunction::derivativeAll, GELUFunction::derivative, 83, 0.03);
    assertSameBits("SiLU'", SiLUFunction::derivativeAll, SiLUFunction::derivative, 73, 0.05);
    assertSameBits("Mish'", MishFunction::derivativeAll, MishFunction::derivative, 103);
    assertSameBits("Mish'", MishFunction::derivativeAll, MishFunction::derivative, 107, 0.05);
    // The ReLU family's derivatives, whose inputs hold their thresholds (0, -1, 0.5 and 3 are
    // among the special values), both zeros, infinities and NaNs with payloads.
    for (double[] tm : new double[][] {{0.0, Double.POSITIVE_INFINITY}, {0.0, 6.0},
        {-1.0, Double.POSITIVE_INFINITY}, {0.5, 3.0}, {-1.0, 0.5}, {-Double.MIN_VALUE, 0.0}}) {
      assertSameBits("ReLU' threshold, maxValue = " + tm[0] + ", " + tm[1],
          (v, from, n) -> ReLUFunction.derivativeAll(v, from, n, tm[0], tm[1]),
          x -> ReLUFunction.derivative(x, tm[0], tm[1]), Double.hashCode(tm[0] + tm[1]));
    }
    for (double alpha : new double[] {0.01, 0.0, -0.0, -0.5, 1.0, 2.0, 1e-310,
        Double.MAX_VALUE}) {
      assertSameBits("LeakyReLU' alpha = " + alpha,
          (v, from, n) -> LeakyReLUFunction.derivativeAll(v, from, n, alpha),
          x -> LeakyReLUFunction.derivative(x, alpha), Double.hashCode(alpha) + 3);
    }
    for (double alpha : new double[] {1.0, 0.3, 2.5, 1e-3, 1e300, 1e-310, Double.MIN_VALUE,
        Double.MAX_VALUE, -0.5}) {
      assertSameBits("CELU' alpha = " + alpha,
          (v, from, n) -> CELUFunction.derivativeAll(v, from, n, alpha),
          x -> CELUFunction.derivative(x, alpha), Double.hashCode(alpha) + 1);
    }
    for (double[] bt : new double[][] {{1.0, 20.0}, {2.0, 20.0}, {0.5, 5.0}, {3.0, 10.0},
        {1e-3, 1.0}, {1e3, -800.0}, {0.7, 0.0}}) {
      assertSameBits("Softplus' beta, threshold = " + bt[0] + ", " + bt[1],
          (v, from, n) -> SoftplusFunction.derivativeAll(v, from, n, bt[0], bt[1]),
          x -> SoftplusFunction.derivative(x, bt[0], bt[1]), (long) (bt[0] * 100) + 1);
      // Inputs within SIMD range (|beta x| < 708) for most vectors.
      assertSameBits("Softplus' beta, threshold = " + bt[0] + ", " + bt[1],
          (v, from, n) -> SoftplusFunction.derivativeAll(v, from, n, bt[0], bt[1]),
          x -> SoftplusFunction.derivative(x, bt[0], bt[1]), (long) (bt[0] * 100) + 2,
          Math.min(1.0, 10.0 / bt[0]));
    }
  }

  @Test
  void specialValues() {
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(NegativeExpm1.of(-0.0)));
    assertEquals(Double.doubleToRawLongBits(0.0),
        Double.doubleToRawLongBits(NegativeExpm1.of(0.0)));
    assertTrue(Double.isNaN(NegativeExpm1.of(Double.NaN)));
    assertEquals(-1.0, NegativeExpm1.of(Double.NEGATIVE_INFINITY));
    assertEquals(-1.0, NegativeExpm1.of(-40.0));
    assertEquals(-1.0, NegativeExpm1.of(-1e300));
    assertEquals(-Double.MIN_VALUE, NegativeExpm1.of(-Double.MIN_VALUE));
    assertEquals(-1e-300, NegativeExpm1.of(-1e-300));
  }

  @Test
  void withinOneUlpOfTheExactValue() {
    double worst = worstUlps(20_000, 3, (rnd, i) -> negative(rnd, i, 40), NegativeExpm1::of,
        (x, mc) -> expm1(new BigDecimal(x), mc));
    assertTrue(worst < 1.0, "largest error " + worst + " ulp"); // 0.83 seen
  }

  @Test
  void expWithinOneUlpOfTheExactValue() {
    double worst = worstUlps(20_000, 7, (rnd, i) -> negative(rnd, i, 708), NegativeExpm1::exp,
        NegativeExpm1Test::exp);
    assertTrue(worst < 0.65, "largest error " + worst + " ulp"); // 0.596 seen
    assertEquals(1.0, NegativeExpm1.exp(0.0));
    assertEquals(1.0, NegativeExpm1.exp(-0.0));
    assertTrue(Double.isNaN(NegativeExpm1.exp(Double.NaN)));
  }

  @Test
  void celuSpecialValues() {
    assertEquals(-2.5, CELUFunction.value(Double.NEGATIVE_INFINITY, 2.5));
    assertEquals(-1e-310, CELUFunction.value(-1.0, 1e-310)); // x / alpha = -Infinity
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(CELUFunction.value(-0.0, 2.5)));
    assertEquals(Double.doubleToRawLongBits(0.0),
        Double.doubleToRawLongBits(CELUFunction.value(0.0, 2.5)));
    assertTrue(Double.isNaN(CELUFunction.value(Double.NaN, 2.5)));
    assertEquals(-Double.MIN_VALUE, CELUFunction.value(-Double.MIN_VALUE, 1e300));
    assertEquals(3.0, CELUFunction.value(3.0, 0.5));
  }

  @Test
  void celuWithinTwoUlpOfTheExactValue() {
    for (double alpha : new double[] {0.3, 1.0, 1.7, 2.5, 1e-3, 100.0}) {
      BigDecimal a = new BigDecimal(alpha);
      double worst = worstUlps(2_000, 5, (rnd, i) -> alpha * negative(rnd, i, 40),
          x -> CELUFunction.value(x, alpha),
          (x, mc) -> a.multiply(expm1(new BigDecimal(x).divide(a, mc), mc), mc));
      assertTrue(worst < 2.0, "alpha = " + alpha + ": largest error " + worst + " ulp");
    }
  }

  @Test
  void siluWithinThreeUlpOfTheExactValue() {
    double worst = worstUlps(20_000, 9, NegativeExpm1Test::anySign, SiLUFunction::value,
        (x, mc) -> {
          BigDecimal e = exp(-Math.abs(x), mc);
          BigDecimal bx = new BigDecimal(x);
          return (x >= 0 ? bx : bx.multiply(e, mc)).divide(e.add(BigDecimal.ONE), mc);
        });
    assertTrue(worst < 3.0, "largest error " + worst + " ulp"); // 2.52 seen
  }

  @Test
  void mishWithinTwoUlpOfTheExactValue() {
    double worst = worstUlps(20_000, 13, NegativeExpm1Test::anySign, MishFunction::value,
        (x, mc) -> {
          // tanh(log1p(E)) = n / (n + 2), n = E (E + 2), E = e^x; for x > 0 divided by E^2.
          BigDecimal u = exp(-Math.abs(x), mc);
          BigDecimal two = BigDecimal.valueOf(2);
          BigDecimal n = x > 0 ? BigDecimal.ONE.add(two.multiply(u)) : u.multiply(u.add(two));
          BigDecimal d = x > 0 ? n.add(two.multiply(u).multiply(u)) : n.add(two);
          return new BigDecimal(x).multiply(n.divide(d, mc), mc);
        });
    assertTrue(worst < 2.0, "largest error " + worst + " ulp"); // 1.50 seen
  }

  @Test
  void mishDerivativeWithinThreeUlpOfTheExactValue() {
    double worst = worstUlps(20_000, 29, (rnd, i) -> i % 5 == 4
        ? rnd.nextDouble(-1.5, -0.9) // around the window about f''s zero at -1.19
        : anySign(rnd, i), MishFunction::derivative, (x, mc) -> {
          // N / D^2 as MishFunction.derivative documents it, in 60 digits.
          BigDecimal u = exp(-Math.abs(x), mc);
          BigDecimal bx = new BigDecimal(x);
          BigDecimal four = BigDecimal.valueOf(4);
          BigDecimal c = bx.multiply(four).add(BigDecimal.valueOf(6));
          BigDecimal x1 = bx.add(BigDecimal.ONE).multiply(four);
          BigDecimal n = x > 0
              ? BigDecimal.ONE.add(u.multiply(four.add(u.multiply(c.add(u.multiply(x1))))))
              : u.multiply(x1.add(u.multiply(c.add(u.multiply(four.add(u))))), mc);
          BigDecimal d = x > 0
              ? BigDecimal.ONE.add(u.multiply(BigDecimal.valueOf(2).add(u.multiply(
                  BigDecimal.valueOf(2)))))
              : BigDecimal.valueOf(2).add(u.multiply(BigDecimal.valueOf(2).add(u)));
          return n.divide(d.multiply(d, mc), mc);
        });
    assertTrue(worst < 3.0, "largest error " + worst + " ulp"); // 2.69 seen (mpmath check)
  }

  @Test
  void geluTanhWithinFourUlpOfTheExactValue() {
    BigDecimal k = new BigDecimal("0.79788456080286535587989211986876373695171726232986931533");
    BigDecimal c = new BigDecimal("0.044715");
    double worst = worstUlps(20_000, 23, (rnd, i) -> switch (i % 4) {
      case 0 -> rnd.nextDouble(-17, 31); // the SIMD range, and x >= 30 where f = x
      case 1 -> 3 * rnd.nextGaussian();
      case 2 -> rnd.nextDouble(-40, -16); // where 2u < -708
      default -> (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble()
          * Math.scalb(1.0, -rnd.nextInt(60));
    }, GELUTanhFunction::value, (x, mc) -> {
      // x / (1 + e^-2u) = x e^2u / (1 + e^2u); e^-|2u| = 1 / (1 + expm1(|2u|)).
      BigDecimal bx = new BigDecimal(x);
      BigDecimal u2 = bx.add(c.multiply(bx.pow(3), mc)).multiply(k, mc).multiply(
          BigDecimal.valueOf(2));
      BigDecimal e = BigDecimal.ONE.divide(expm1(u2.abs(), mc).add(BigDecimal.ONE), mc);
      return (x >= 0 ? bx : bx.multiply(e, mc)).divide(e.add(BigDecimal.ONE), mc);
    });
    assertTrue(worst < 4.0, "largest error " + worst + " ulp"); // 2.93 seen
  }

  @Test
  void log1pWithinOneUlpOfTheExactValue() {
    double worst = worstUlps(20_000, 17, (rnd, i) -> switch (i % 3) {
      case 0 -> rnd.nextDouble();
      case 1 -> rnd.nextDouble(0.40, 0.43); // around sqrt(2) - 1, where w is halved
      default -> rnd.nextDouble() * Math.scalb(1.0, -rnd.nextInt(60));
    }, NegativeExpm1::log1p, (x, mc) -> log1p(new BigDecimal(x), mc));
    assertTrue(worst < 1.0, "largest error " + worst + " ulp"); // 0.78 seen
    assertEquals(Math.log(2.0), NegativeExpm1.log1p(1.0));
    assertEquals(0.0, NegativeExpm1.log1p(0.0));
    assertEquals(Double.MIN_VALUE, NegativeExpm1.log1p(Double.MIN_VALUE));
  }

  @Test
  void softplusWithinThreeUlpOfTheExactValue() {
    for (double beta : new double[] {1.0, 2.0, 0.5, 3.0}) {
      BigDecimal b = new BigDecimal(beta);
      double worst = worstUlps(5_000, 19, (rnd, i) -> anySign(rnd, i) / beta,
          x -> SoftplusFunction.value(x, beta, 1e300), (x, mc) -> {
            // log1p(e^p) / beta with p = beta x exact; for p > 0, p + log1p(e^-p).
            BigDecimal p = b.multiply(new BigDecimal(x));
            BigDecimal u = exp(-Math.abs(p.doubleValue()), mc); // |p| rounded: corrected below
            double pd = p.doubleValue();
            BigDecimal d = p.subtract(new BigDecimal(pd)); // p = pd + d, e^-|p| = u e^-+d
            u = u.multiply(expm1(pd > 0 ? d.negate() : d, mc).add(BigDecimal.ONE), mc);
            BigDecimal l = log1p(u, mc);
            return (pd > 0 ? p.add(l) : l).divide(b, mc);
          });
      assertTrue(worst < 3.0, "beta = " + beta + ": largest error " + worst + " ulp"); // 1.98

    }
  }

  /** log(1 + a) for 0 &lt;= a &lt;= 1 to 60 digits: 2 atanh(a / (2 + a)), a series. */
  private static BigDecimal log1p(BigDecimal a, MathContext mc) {
    BigDecimal s = a.divide(a.add(BigDecimal.valueOf(2)), mc);
    BigDecimal s2 = s.multiply(s, mc);
    BigDecimal term = s;
    BigDecimal sum = BigDecimal.ZERO;
    for (int k = 1; k < 400; k += 2) {
      sum = sum.add(term.divide(BigDecimal.valueOf(k), mc), mc);
      term = term.multiply(s2, mc);
      if (term.signum() == 0 || term.abs().compareTo(new BigDecimal("1e-70")) < 0) {
        break;
      }
    }
    return sum.multiply(BigDecimal.valueOf(2), mc);
  }

  /** e^x for x &lt;= 0 to 60 digits, as 1 / (expm1(-x) + 1) (no cancellation). */
  private static BigDecimal exp(double x, MathContext mc) {
    return BigDecimal.ONE.divide(expm1(new BigDecimal(-x), mc).add(BigDecimal.ONE), mc);
  }

  /** e^x - 1 to 60 digits: the series at x / 2^m, then m doublings, expm1(2y) = e(e + 2). */
  private static BigDecimal expm1(BigDecimal x, MathContext mc) {
    int m = 0;
    BigDecimal y = x;
    while (y.abs().compareTo(new BigDecimal("0.001")) > 0) {
      y = y.divide(BigDecimal.valueOf(2), mc);
      m++;
    }
    BigDecimal term = y;
    BigDecimal sum = y;
    for (int k = 2; k < 30; k++) {
      term = term.multiply(y, mc).divide(BigDecimal.valueOf(k), mc);
      sum = sum.add(term, mc);
    }
    for (int i = 0; i < m; i++) {
      sum = sum.multiply(sum.add(BigDecimal.valueOf(2)), mc);
    }
    return sum;
  }
}
