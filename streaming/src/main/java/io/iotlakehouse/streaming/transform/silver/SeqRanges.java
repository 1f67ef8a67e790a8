package io.iotlakehouse.streaming.transform.silver;

import java.util.Arrays;

/**
 * A set of seqs as sorted, disjoint, non-adjacent ranges, each with the latest event time it covers. Adding the next
 * seq of a device extends its last range, so a device without losses costs one range however long it runs; a lost
 * event leaves a gap (two ranges) until the gap is pruned. Not thread-safe; one instance per device per batch.
 */
final class SeqRanges {
  /** Bound on ranges per device: a device sending random seqs cannot grow its state without limit. */
  static final int MAX_RANGES = 1024;

  private long[] lo;
  private long[] hi;
  private long[] maxTime;
  private int n;

  private SeqRanges(long[] lo, long[] hi, long[] maxTime) {
    if (lo.length != hi.length || lo.length != maxTime.length) {
      throw new IllegalStateException("corrupt silver device state: range arrays of different lengths");
    }
    this.n = lo.length;
    this.lo = Arrays.copyOf(lo, Math.max(4, n + 1));
    this.hi = Arrays.copyOf(hi, this.lo.length);
    this.maxTime = Arrays.copyOf(maxTime, this.lo.length);
  }

  static SeqRanges empty() {
    return new SeqRanges(new long[0], new long[0], new long[0]);
  }

  static SeqRanges of(DeviceState s) {
    return new SeqRanges(orEmpty(s.getSeqLo()), orEmpty(s.getSeqHi()), orEmpty(s.getSeqMaxTime()));
  }

  private static long[] orEmpty(long[] a) {
    return a == null ? new long[0] : a;
  }

  void writeTo(DeviceState s) {
    s.setSeqLo(Arrays.copyOf(lo, n));
    s.setSeqHi(Arrays.copyOf(hi, n));
    s.setSeqMaxTime(Arrays.copyOf(maxTime, n));
  }

  int size() {
    return n;
  }

  boolean contains(long seq) {
    int i = upper(seq) - 1;
    return i >= 0 && seq <= hi[i];
  }

  /** Adds a seq that is not yet contained, merging with neighbouring ranges. */
  void add(long seq, long eventTime) {
    int next = upper(seq);
    int prev = next - 1;
    if (prev >= 0 && seq <= hi[prev]) throw new IllegalArgumentException("seq " + seq + " is already contained");
    boolean joinsPrev = prev >= 0 && hi[prev] != Long.MAX_VALUE && hi[prev] + 1 == seq;
    boolean joinsNext = next < n && lo[next] - 1 == seq;
    if (joinsPrev && joinsNext) {
      hi[prev] = hi[next];
      maxTime[prev] = Math.max(Math.max(maxTime[prev], maxTime[next]), eventTime);
      remove(next);
    } else if (joinsPrev) {
      hi[prev] = seq;
      maxTime[prev] = Math.max(maxTime[prev], eventTime);
    } else if (joinsNext) {
      lo[next] = seq;
      maxTime[next] = Math.max(maxTime[next], eventTime);
    } else {
      insert(next, seq, eventTime);
    }
  }

  /**
   * Forgets ranges whose latest event time is behind the watermark, except the highest one: a duplicate of such an
   * event is behind the watermark too and is caught by {@code late_event}; the highest range stays so that a device's
   * contiguous run is recognised for ever. Then drops the lowest ranges beyond {@link #MAX_RANGES}.
   */
  void prune(long watermarkMillis) {
    int w = 0;
    for (int i = 0; i < n; i++) {
      if (i == n - 1 || maxTime[i] >= watermarkMillis) {
        lo[w] = lo[i];
        hi[w] = hi[i];
        maxTime[w] = maxTime[i];
        w++;
      }
    }
    n = w;
    if (n > MAX_RANGES) {
      int drop = n - MAX_RANGES;
      System.arraycopy(lo, drop, lo, 0, MAX_RANGES);
      System.arraycopy(hi, drop, hi, 0, MAX_RANGES);
      System.arraycopy(maxTime, drop, maxTime, 0, MAX_RANGES);
      n = MAX_RANGES;
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ", ").append(lo[i]).append("..").append(hi[i]);
    return sb.append(']').toString();
  }

  /** Index of the first range with lo > seq. */
  private int upper(long seq) {
    int a = 0;
    int b = n;
    while (a < b) {
      int m = (a + b) >>> 1;
      if (lo[m] <= seq) a = m + 1;
      else b = m;
    }
    return a;
  }

  private void insert(int at, long seq, long eventTime) {
    if (n == lo.length) {
      lo = Arrays.copyOf(lo, n * 2);
      hi = Arrays.copyOf(hi, n * 2);
      maxTime = Arrays.copyOf(maxTime, n * 2);
    }
    System.arraycopy(lo, at, lo, at + 1, n - at);
    System.arraycopy(hi, at, hi, at + 1, n - at);
    System.arraycopy(maxTime, at, maxTime, at + 1, n - at);
    lo[at] = seq;
    hi[at] = seq;
    maxTime[at] = eventTime;
    n++;
  }

  private void remove(int at) {
    System.arraycopy(lo, at + 1, lo, at, n - at - 1);
    System.arraycopy(hi, at + 1, hi, at, n - at - 1);
    System.arraycopy(maxTime, at + 1, maxTime, at, n - at - 1);
    n--;
  }
}
