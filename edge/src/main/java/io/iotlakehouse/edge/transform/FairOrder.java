package io.iotlakehouse.edge.transform;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The order in which messages waiting for room in a full buffer get it: devices take turns (round robin, the device
 * whose oldest message has waited longest first), each device's own messages stay in arrival order. So while the
 * buffer blocks, one chatty device with thousands of waiting messages cannot keep a quiet device's message waiting
 * behind all of them: room that Kafka frees goes to each waiting device in turn. Pure.
 */
public final class FairOrder {
  private FairOrder() {}

  /** {@code waiting} (in arrival order) interleaved by {@code device} (null is a device of its own). */
  public static <T> List<T> interleave(List<T> waiting, Function<T, String> device) {
    Map<String, ArrayDeque<T>> byDevice = new LinkedHashMap<>();
    for (T t : waiting) byDevice.computeIfAbsent(Objects.toString(device.apply(t), ""), k -> new ArrayDeque<>()).add(t);
    List<T> out = new ArrayList<>(waiting.size());
    while (out.size() < waiting.size()) {
      for (ArrayDeque<T> q : byDevice.values()) {
        T next = q.poll();
        if (next != null) out.add(next);
      }
    }
    return out;
  }
}
