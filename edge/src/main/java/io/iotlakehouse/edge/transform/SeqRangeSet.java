package io.iotlakehouse.edge.transform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A set of seqs kept as sorted, disjoint, non-adjacent ranges: a device that loses nothing costs one range however
 * long it runs. {@link #add} reports how the ranges changed, so a store can persist the set by touching one row per
 * change instead of rewriting it. Not thread-safe.
 */
public final class SeqRangeSet {
  private long[] lo = new long[4];
  private long[] hi = new long[4];
  private int n;

  /**
   * How {@link #add} changed the ranges: the range starting at {@code removedLo} (if not {@code NONE}) is gone, and
   * {@code upserted} now exists (replacing any range that started at the same lo).
   */
  public record Change(long removedLo, SeqRange upserted) {
    public static final long NONE = Long.MIN_VALUE;
  }

  public static SeqRangeSet of(Collection<SeqRange> ranges) {
    SeqRangeSet s = new SeqRangeSet();
    List<SeqRange> sorted = new ArrayList<>(ranges);
    sorted.sort(null);
    for (SeqRange r : sorted) s.addRange(r.lo(), r.hi());
    return s;
  }

  public static SeqRangeSet of(long... seqs) {
    SeqRangeSet s = new SeqRangeSet();
    for (long q : seqs) if (!s.contains(q)) s.add(q);
    return s;
  }

  public boolean isEmpty() {
    return n == 0;
  }

  /** Number of ranges. */
  public int size() {
    return n;
  }

  /** Number of seqs. */
  public long count() {
    long c = 0;
    for (int i = 0; i < n; i++) c += hi[i] - lo[i] + 1;
    return c;
  }

  public long max() {
    if (n == 0) throw new IllegalStateException("empty");
    return hi[n - 1];
  }

  public long min() {
    if (n == 0) throw new IllegalStateException("empty");
    return lo[0];
  }

  public boolean contains(long seq) {
    int i = upper(seq) - 1;
    return i >= 0 && seq <= hi[i];
  }

  /** Adds a seq that is not contained yet; returns the change to persist. */
  public Change add(long seq) {
    int next = upper(seq);
    int prev = next - 1;
    if (prev >= 0 && seq <= hi[prev]) throw new IllegalArgumentException("seq " + seq + " is already contained");
    boolean joinsPrev = prev >= 0 && hi[prev] != Long.MAX_VALUE && hi[prev] + 1 == seq;
    boolean joinsNext = next < n && lo[next] - 1 == seq;
    if (joinsPrev && joinsNext) {
      long removed = lo[next];
      hi[prev] = hi[next];
      remove(next);
      return new Change(removed, new SeqRange(lo[prev], hi[prev]));
    } else if (joinsPrev) {
      hi[prev] = seq;
      return new Change(Change.NONE, new SeqRange(lo[prev], seq));
    } else if (joinsNext) {
      long removed = lo[next];
      lo[next] = seq;
      return new Change(removed, new SeqRange(seq, hi[next]));
    } else {
      insert(next, seq, seq);
      return new Change(Change.NONE, new SeqRange(seq, seq));
    }
  }

  /** Forgets the lowest range (to bound memory); returns it. */
  public SeqRange removeLowest() {
    SeqRange r = new SeqRange(lo[0], hi[0]);
    remove(0);
    return r;
  }

  public List<SeqRange> ranges() {
    List<SeqRange> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(new SeqRange(lo[i], hi[i]));
    return out;
  }

  /** The seqs of this set that are not in {@code other}. */
  public SeqRangeSet minus(SeqRangeSet other) {
    SeqRangeSet out = new SeqRangeSet();
    int j = 0;
    for (int i = 0; i < n; i++) {
      long a = lo[i];
      long b = hi[i];
      while (j < other.n && other.hi[j] < a) j++;
      int k = j;
      while (a <= b) {
        if (k >= other.n || other.lo[k] > b) {
          out.addRange(a, b);
          break;
        }
        if (other.lo[k] > a) out.addRange(a, other.lo[k] - 1);
        if (other.hi[k] >= b) break;
        a = other.hi[k] + 1;
        k++;
      }
    }
    return out;
  }

  /** The seqs in both sets. */
  public SeqRangeSet intersect(SeqRangeSet other) {
    return minus(minus(other));
  }

  /** The seqs in either set. */
  public SeqRangeSet union(SeqRangeSet other) {
    List<SeqRange> all = ranges();
    all.addAll(other.ranges());
    all.sort(null);
    SeqRangeSet out = new SeqRangeSet();
    for (SeqRange r : all) out.addRange(r.lo(), r.hi());
    return out;
  }

  /** Appends or merges a range that starts at or after the last range's start (used with sorted input). */
  private void addRange(long a, long b) {
    if (n > 0 && a < lo[n - 1]) throw new IllegalArgumentException("ranges must be added in order of lo");
    if (n > 0 && (hi[n - 1] == Long.MAX_VALUE || a <= hi[n - 1] + 1)) {
      hi[n - 1] = Math.max(hi[n - 1], b);
    } else {
      insert(n, a, b);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeqRangeSet s && n == s.n && Arrays.equals(lo, 0, n, s.lo, 0, n) && Arrays.equals(hi, 0, n, s.hi, 0, n);
  }

  @Override
  public int hashCode() {
    return ranges().hashCode();
  }

  @Override
  public String toString() {
    return ranges().toString();
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

  private void insert(int at, long a, long b) {
    if (n == lo.length) {
      lo = Arrays.copyOf(lo, n * 2);
      hi = Arrays.copyOf(hi, n * 2);
    }
    System.arraycopy(lo, at, lo, at + 1, n - at);
    System.arraycopy(hi, at, hi, at + 1, n - at);
    lo[at] = a;
    hi[at] = b;
    n++;
  }

  private void remove(int at) {
    System.arraycopy(lo, at + 1, lo, at, n - at - 1);
    System.arraycopy(hi, at + 1, hi, at, n - at - 1);
    n--;
  }
}
