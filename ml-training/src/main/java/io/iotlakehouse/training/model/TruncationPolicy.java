package io.iotlakehouse.training.model;

import io.iotlakehouse.training.features.EngineSeries;
import java.util.Arrays;
import java.util.Random;

/**
 * Where to cut a run-to-failure engine to make a test-like engine, mimicking the official C-MAPSS test sets: the
 * true RUL after the cut is drawn uniformly from {@code [minRul, maxRul]} (FD001's test RULs span 7..145), while
 * at least {@code minHistory} cycles are kept (FD001's shortest test engine has 31).
 */
public record TruncationPolicy(int minHistory, int minRul, int maxRul) {

  public TruncationPolicy {
    if (minHistory < 1 || minRul < 0 || maxRul < minRul) {
      throw new IllegalArgumentException("need minHistory >= 1 and 0 <= minRul <= maxRul: " + this);
    }
  }

  public static TruncationPolicy fd001Like() {
    return new TruncationPolicy(31, 7, 145);
  }

  /**
   * Up to {@code count} distinct cut indices (index of the last kept cycle), ascending. Fewer when the engine is
   * too short for that many; none when it is too short to cut at all.
   */
  public int[] sampleCuts(EngineSeries engine, int count, Random random) {
    int n = engine.length();
    // cut index t keeps cycles 0..t; RUL after it = n - 1 - t (a training engine fails at its last cycle)
    int lowest = Math.max(minHistory - 1, n - 1 - maxRul);
    int highest = n - 1 - minRul;
    if (highest < lowest) {
      return new int[0];
    }
    int range = highest - lowest + 1;
    if (count >= range) {
      int[] all = new int[range];
      for (int i = 0; i < range; i++) {
        all[i] = lowest + i;
      }
      return all;
    }
    // Floyd's algorithm: count distinct values from the range
    java.util.Set<Integer> chosen = new java.util.TreeSet<>();
    for (int j = range - count; j < range; j++) {
      int v = random.nextInt(j + 1);
      chosen.add(chosen.contains(v) ? j : v);
    }
    int[] out = chosen.stream().mapToInt(v -> lowest + v).toArray();
    Arrays.sort(out);
    return out;
  }
}
