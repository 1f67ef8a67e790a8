package io.iotlakehouse.edge.transform;

import java.util.Locale;

/** What the gateway does with a message when the buffer's disk budget is used up. */
public enum FullPolicy {
  /** Back-pressure: stop acknowledging, so the MQTT broker and the devices keep the data (billing data). */
  BLOCK,
  /** Make room by dropping the oldest buffered messages of this policy, counted and logged (telemetry). */
  DROP_OLDEST;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static FullPolicy fromWire(String s) {
    for (FullPolicy p : values()) if (p.wireName().equals(s.trim())) return p;
    throw new IllegalArgumentException("unknown policy '" + s + "': block or drop-oldest");
  }
}
