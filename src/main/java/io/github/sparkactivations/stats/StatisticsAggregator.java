package io.github.sparkactivations.stats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * The one distributed pass: a Spark {@link Aggregator}, so it runs in {@code agg} and in
 * {@code Dataset.observe} alike (the batch job observes it while writing its output). Its input
 * is one column, already a vector, {@code array<double>} or {@code double}; its result is the
 * serialized {@link StatisticsBuffer}.
 */
final class StatisticsAggregator extends Aggregator<Row, StatisticsBuffer, byte[]> {

  private static final long serialVersionUID = 1L;

  private final double cap;

  StatisticsAggregator(double cap) {
    this.cap = cap;
  }

  @Override
  public StatisticsBuffer zero() {
    return new StatisticsBuffer(cap);
  }

  @Override
  public StatisticsBuffer reduce(StatisticsBuffer b, Row row) {
    Object v = row.get(0);
    if (v == null) {
      b.addNullRow();
    } else if (v instanceof DenseVector d) {
      b.addDense(d.values(), d.size());
    } else if (v instanceof SparseVector s) {
      b.addSparse(s.size(), s.indices(), s.values(), s.indices().length);
    } else if (v instanceof Double x) {
      b.addDense(new double[] {x}, 1);
    } else {
      List<Object> list = row.getList(0);
      int n = list.size();
      double[] values = new double[n];
      boolean[] isNull = null;
      for (int i = 0; i < n; i++) {
        Object e = list.get(i);
        if (e == null) {
          isNull = isNull == null ? new boolean[n] : isNull;
          isNull[i] = true;
        } else {
          values[i] = (Double) e;
        }
      }
      if (isNull == null) {
        b.addDense(values, n);
      } else {
        b.addWithNulls(values, isNull, n);
      }
    }
    return b;
  }

  @Override
  public StatisticsBuffer merge(StatisticsBuffer a, StatisticsBuffer b) {
    return a.merge(b);
  }

  @Override
  public byte[] finish(StatisticsBuffer b) {
    return serialize(b);
  }

  @Override
  public Encoder<StatisticsBuffer> bufferEncoder() {
    return Encoders.javaSerialization(StatisticsBuffer.class);
  }

  @Override
  public Encoder<byte[]> outputEncoder() {
    return Encoders.BINARY();
  }

  static byte[] serialize(StatisticsBuffer b) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static StatisticsBuffer deserialize(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return (StatisticsBuffer) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
