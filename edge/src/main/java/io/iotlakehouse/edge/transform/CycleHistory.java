package io.iotlakehouse.edge.transform;

import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.training.features.CycleRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most recent operating cycles of each turbofan, what the RUL model's features are computed from (the features
 * never look further back than the model's history length). Owned by the inference runtime, not by a model, so a
 * hot-swapped model starts with the history its predecessor had. Single-threaded (the scoring thread).
 */
public final class CycleHistory {
  private final Map<String, ArrayDeque<CycleRecord>> byDevice = new HashMap<>();
  private volatile int capacity;

  public CycleHistory(int capacity) {
    this.capacity = capacity;
  }

  /** Keeps at least {@code cycles} per device from now on (a model that looks further back was loaded). */
  public void ensureCapacity(int cycles) {
    if (cycles > capacity) capacity = cycles;
  }

  public int capacity() {
    return capacity;
  }

  /**
   * Appends a cycle of a device. Cycle 1 starts a new run (an engine after overhaul, a replay from the start) and
   * clears what came before; any other cycle not above the last one is out of order and not kept (false).
   */
  public boolean add(String deviceId, Payload.Turbofan t) {
    ArrayDeque<CycleRecord> d = byDevice.computeIfAbsent(deviceId, k -> new ArrayDeque<>());
    if (!d.isEmpty() && t.cycle() <= d.peekLast().cycle()) {
      if (t.cycle() != 1) return false;
      d.clear();
    }
    d.addLast(new CycleRecord(t.unit(), t.cycle(), toArray(t.settings()), toArray(t.sensors())));
    while (d.size() > capacity) d.pollFirst();
    return true;
  }

  /** The device's kept cycles, oldest first (empty when none). */
  public List<CycleRecord> recent(String deviceId) {
    ArrayDeque<CycleRecord> d = byDevice.get(deviceId);
    return d == null ? List.of() : new ArrayList<>(d);
  }

  private static double[] toArray(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) out[i] = values.get(i);
    return out;
  }
}
