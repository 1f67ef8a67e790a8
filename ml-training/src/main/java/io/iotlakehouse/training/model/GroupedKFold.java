package io.iotlakehouse.training.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** K-fold splitting by group (engine unit): all rows of a unit land in the same fold. */
public final class GroupedKFold {

  private GroupedKFold() {}

  /** The held-out groups of each fold: a seeded shuffle of the distinct groups dealt round-robin into k folds. */
  public static List<int[]> heldOutGroups(int[] groups, int k, long seed) {
    int[] distinct = Arrays.stream(groups).distinct().sorted().toArray();
    if (k < 2 || k > distinct.length) {
      throw new IllegalArgumentException("need 2 <= folds <= number of groups (" + distinct.length + "), got " + k);
    }
    Random random = new Random(seed);
    for (int i = distinct.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = distinct[i];
      distinct[i] = distinct[j];
      distinct[j] = t;
    }
    List<List<Integer>> folds = new ArrayList<>();
    for (int f = 0; f < k; f++) {
      folds.add(new ArrayList<>());
    }
    for (int i = 0; i < distinct.length; i++) {
      folds.get(i % k).add(distinct[i]);
    }
    List<int[]> out = new ArrayList<>();
    for (List<Integer> f : folds) {
      out.add(f.stream().mapToInt(Integer::intValue).sorted().toArray());
    }
    return out;
  }
}
