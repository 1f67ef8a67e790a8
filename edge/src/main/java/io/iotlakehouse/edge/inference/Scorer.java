package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.edge.transform.CycleHistory;
import io.iotlakehouse.edge.transform.Finding;

/**
 * A loaded model (the port the inference runtime serves; {@link ModelKind} builds one per bundle kind). Called from one
 * scoring thread at a time.
 */
public interface Scorer extends AutoCloseable {
  /** True when this model judges events of this device kind (decided as the event arrives, so it can be tagged). */
  boolean covers(DeviceKind kind);

  /** Turbofan cycles per device the model looks back on (0 when it judges each event alone). */
  int historyLength();

  /**
   * Judges one event; null when nothing is wrong (or the model cannot judge it yet, e.g. too little history).
   *
   * @param history recent turbofan cycles per device, this event's cycle already appended
   */
  Finding score(Telemetry event, CycleHistory history);

  /** Frees what the model holds (native memory); called once, after its last {@link #score}. */
  @Override
  default void close() {}
}
