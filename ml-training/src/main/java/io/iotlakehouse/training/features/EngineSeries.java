package io.iotlakehouse.training.features;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cycle history of one engine, ordered by strictly increasing cycle number. This is the unit the feature
 * functions work on, so it is also what a Spark {@code groupByKey(unit).mapGroups(...)} should build per group.
 */
public record EngineSeries(int unit, List<CycleRecord> cycles) {

  public EngineSeries {
    cycles = List.copyOf(cycles);
    if (cycles.isEmpty()) {
      throw new IllegalArgumentException("Engine " + unit + " has no cycles");
    }
    int previous = Integer.MIN_VALUE;
    for (CycleRecord r : cycles) {
      if (r.unit() != unit) {
        throw new IllegalArgumentException(
            "Engine " + unit + " contains a cycle of unit " + r.unit() + " (cycle " + r.cycle() + ")");
      }
      if (r.cycle() <= previous) {
        throw new IllegalArgumentException("Engine " + unit + ": cycle " + r.cycle()
            + " does not increase after cycle " + previous + "; sort the cycles of each unit first");
      }
      previous = r.cycle();
    }
  }

  public int length() {
    return cycles.size();
  }

  public CycleRecord last() {
    return cycles.get(cycles.size() - 1);
  }

  public int lastCycle() {
    return last().cycle();
  }

  /** The first {@code n} cycles (what an engine looked like after its n-th record). */
  public EngineSeries prefix(int n) {
    if (n < 1 || n > cycles.size()) {
      throw new IllegalArgumentException("prefix length " + n + " outside 1.." + cycles.size());
    }
    return new EngineSeries(unit, cycles.subList(0, n));
  }

  /** The last {@code n} cycles (or all of them when the engine has fewer). */
  public EngineSeries tail(int n) {
    int from = Math.max(0, cycles.size() - n);
    return new EngineSeries(unit, cycles.subList(from, cycles.size()));
  }

  /** Groups records by unit (ascending unit id), keeping each unit's records in the given order. */
  public static List<EngineSeries> groupByUnit(Collection<CycleRecord> records) {
    Map<Integer, List<CycleRecord>> byUnit = new TreeMap<>();
    for (CycleRecord r : records) {
      byUnit.computeIfAbsent(r.unit(), u -> new ArrayList<>()).add(r);
    }
    List<EngineSeries> out = new ArrayList<>(byUnit.size());
    byUnit.forEach((u, rs) -> out.add(new EngineSeries(u, rs)));
    return out;
  }
}
