package io.github.sparkactivations.ml;

import java.util.Arrays;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

import scala.collection.Seq;

/**
 * The element-wise stages' former per-row UDFs, kept as the reference the Catalyst expression is
 * tested against (same rows, bit for bit): plain Java over {@code Vector} objects and Scala
 * {@code Seq}s, easy to read.
 */
final class ReferenceUdfs {
  private ReferenceUdfs() {}

  /** A UDF applying {@code f} to each element of a vector, array<double> or array<float>. */
  static UserDefinedFunction udf(DataType type, ElementwiseFunction f, String stage,
      String column, boolean nullOnInvalid) {
    RowFunctions.Invalid invalid = new RowFunctions.Invalid(stage, column, nullOnInvalid);
    if (type instanceof ArrayType) {
      boolean isFloat = ((ArrayType) type).elementType().equals(DataTypes.FloatType);
      if (isFloat) {
        UDF1<Seq<Float>, float[]> g = a -> toFloats(applyElements(a, f, invalid));
        return org.apache.spark.sql.functions.udf(g,
            DataTypes.createArrayType(DataTypes.FloatType, false));
      }
      UDF1<Seq<Double>, double[]> g = a -> applyElements(a, f, invalid);
      return org.apache.spark.sql.functions.udf(g,
          DataTypes.createArrayType(DataTypes.DoubleType, false));
    }
    boolean sparseStaysSparse = f.preservesZero();
    UDF1<Vector, Vector> g = v -> apply(v, f, sparseStaysSparse, invalid);
    return org.apache.spark.sql.functions.udf(g, SQLDataTypes.VectorType());
  }

  /** Each result rounded to float once. */
  static float[] toFloats(double[] values) {
    if (values == null) {
      return null;
    }
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  static Vector apply(Vector v, ElementwiseFunction f, boolean sparseStaysSparse,
      RowFunctions.Invalid invalid) {
    if (v == null) {
      return invalid.row("is null");
    }
    int n = v.size();
    String problem = length(n, f);
    if (problem != null) {
      return invalid.row(problem);
    }
    if (v instanceof DenseVector) {
      double[] in = ((DenseVector) v).values();
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = f.apply(i, in[i]);
      }
      return new DenseVector(out);
    }
    SparseVector s = (SparseVector) v;
    int[] indices = s.indices();
    double[] values = s.values();
    if (!sparseStaysSparse) {
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = f.apply(i, 0.0);
      }
      for (int k = 0; k < indices.length; k++) {
        out[indices[k]] = f.apply(indices[k], values[k]);
      }
      return new DenseVector(out);
    }
    int[] outIndices = new int[indices.length];
    double[] outValues = new double[indices.length];
    int nnz = 0;
    for (int k = 0; k < indices.length; k++) {
      double y = f.apply(indices[k], values[k]);
      // Drop only +0.0, which is what an implicit entry means; -0.0 is kept, as in dense output.
      if (Double.doubleToRawLongBits(y) != 0L) {
        outIndices[nnz] = indices[k];
        outValues[nnz] = y;
        nnz++;
      }
    }
    if (nnz < indices.length) {
      outIndices = Arrays.copyOf(outIndices, nnz);
      outValues = Arrays.copyOf(outValues, nnz);
    }
    return new SparseVector(n, outIndices, outValues);
  }

  /** f of each element of an array<double> or array<float> (whose elements may be null). */
  static double[] applyElements(Seq<? extends Number> a, ElementwiseFunction f,
      RowFunctions.Invalid invalid) {
    double[] x = readElements(a, invalid, n -> length(n, f));
    if (x != null) {
      for (int i = 0; i < x.length; i++) {
        x[i] = f.apply(i, x[i]);
      }
    }
    return x;
  }

  /** The problem with a row of {@code n} elements, or null if its length fits {@code f}. */
  static String length(int n, ElementwiseFunction f) {
    int expected = f.size();
    return expected < 0 || expected == n ? null
        : "has a row of " + n + " elements, but " + expected + " are expected";
  }

  /**
   * The elements of an {@code array<double>} or {@code array<float>} as doubles, or null for an
   * invalid row (null, a null element, or a length {@code lengthProblem} names) in "keep"/"skip"
   * mode.
   */
  static double[] readElements(Seq<? extends Number> a, RowFunctions.Invalid invalid,
      java.util.function.IntFunction<String> lengthProblem) {
    if (a == null) {
      return invalid.row("is null");
    }
    int n = a.length();
    String problem = lengthProblem.apply(n);
    if (problem != null) {
      return invalid.row(problem);
    }
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      Number e = a.apply(i);
      if (e == null) {
        return invalid.row("has a null element at index " + i);
      }
      x[i] = e.doubleValue();
    }
    return x;
  }
}
