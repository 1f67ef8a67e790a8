package io.iotlakehouse.edge.io;

import io.iotlakehouse.edge.transform.SeqCheck;

/** What the buffer reports as it decides (metrics implement it). Called from the buffer's writer thread. */
public interface BufferEvents {
  /** Drop reasons, the {@code reason} label of {@code edge_dropped_total}. */
  String EVICTED_OLDEST = "evicted_oldest";
  String INCOMING_NO_ROOM = "incoming_no_room";

  default void committed(int stored, long nanos) {}

  default void seq(SeqCheck.Decision decision) {}

  default void dropped(String reason, long count) {}

  BufferEvents NONE = new BufferEvents() {};
}
