package io.github.sparkactivations.stats;

import java.io.Serializable;

/**
 * Counts of non-zero finite values, mergeable across partitions, from which a histogram over any
 * range is drawn once the range is known. A histogram over [min, max] cannot be exact in one
 * pass (the bin edges are unknown until the pass ends), so each value is kept as itself
 * truncated toward zero to {@code precisionBits} bits of its significand. The sketch starts exact
 * (52 bits: every distinct value has its own count) and drops bits only when it would hold more
 * than {@link #MAX_ENTRIES} distinct keys, so small or discrete data (grids, capped outputs) get
 * exact histograms, and memory stays bounded (about 512 KiB) for any data.
 */
final class ValueSketch implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The most distinct keys kept before precision is dropped. */
  static final int MAX_ENTRIES = 1 << 14;
  static final int EXACT_BITS = 52;

  private int precisionBits = EXACT_BITS;
  private long mask = -1L;
  // Open addressing; a slot is empty when its count is 0.
  private long[] keys = new long[64];
  private long[] counts = new long[64];
  private int size;

  int precisionBits() {
    return precisionBits;
  }

  /** Adds {@code n} occurrences of the finite, non-zero value {@code x}. */
  void add(double x, long n) {
    put(Double.doubleToRawLongBits(x) & mask, n);
    if (size > MAX_ENTRIES) {
      shrink();
    }
  }

  void merge(ValueSketch other) {
    if (other.precisionBits < precisionBits) {
      reduceTo(other.precisionBits);
    }
    for (int i = 0; i < other.keys.length; i++) {
      if (other.counts[i] != 0) {
        put(other.keys[i] & mask, other.counts[i]);
      }
    }
    while (size > MAX_ENTRIES) {
      shrink();
    }
  }

  /** Calls {@code visitor} with each kept value (truncated toward zero) and its count. */
  void forEach(Visitor visitor) {
    for (int i = 0; i < keys.length; i++) {
      if (counts[i] != 0) {
        visitor.accept(Double.longBitsToDouble(keys[i]), counts[i]);
      }
    }
  }

  /** Receives the sketch's entries. */
  interface Visitor {
    void accept(double value, long count);
  }

  private void shrink() {
    // Large steps first: continuous data have about one key per value until few bits are left.
    reduceTo(precisionBits > 16 ? precisionBits - 12 : precisionBits - 1);
  }

  private void reduceTo(int bits) {
    precisionBits = Math.max(bits, 0);
    mask = -1L << (EXACT_BITS - precisionBits);
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new long[oldKeys.length];
    counts = new long[oldCounts.length];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldCounts[i] != 0) {
        put(oldKeys[i] & mask, oldCounts[i]);
      }
    }
  }

  private void put(long key, long n) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int m = keys.length - 1;
    int i = hash(key) & m;
    while (counts[i] != 0 && keys[i] != key) {
      i = (i + 1) & m;
    }
    if (counts[i] == 0) {
      keys[i] = key;
      size++;
    }
    counts[i] += n;
  }

  private void grow() {
    long[] oldKeys = keys;
    long[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new long[oldCounts.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldCounts[i] != 0) {
        put(oldKeys[i], oldCounts[i]);
      }
    }
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29) ^ (h >>> 43));
  }
}
