package io.iotlakehouse.edge.transform;

/** The seqs {@code lo..hi} of one device, both inclusive. */
public record SeqRange(long lo, long hi) implements Comparable<SeqRange> {
  public SeqRange {
    if (lo > hi) throw new IllegalArgumentException("empty range " + lo + ".." + hi);
  }

  public long count() {
    return hi - lo + 1;
  }

  @Override
  public int compareTo(SeqRange o) {
    return Long.compare(lo, o.lo);
  }

  @Override
  public String toString() {
    return lo == hi ? Long.toString(lo) : lo + ".." + hi;
  }
}
