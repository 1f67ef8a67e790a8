package io.iotlakehouse.edge.io;

import io.iotlakehouse.edge.transform.FullPolicy;
import io.iotlakehouse.edge.transform.Outbound;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway's durable store between MQTT and Kafka (a port: {@link SqliteEventBuffer} is the adapter). Writers
 * {@link #append} and acknowledge the device when the future completes; one forwarder {@link #claim}s entries in
 * buffer order, hands them to Kafka and {@link #release}s them once Kafka has them. An entry leaves the buffer only
 * when released (or dropped by the full policy, counted).
 */
public interface EventBuffer extends AutoCloseable {
  /** What happened to an appended entry. Every outcome means: acknowledge the device. */
  enum Outcome {
    /** durably written */
    STORED,
    /** its (device_id, seq) was accepted before: not written again */
    DUPLICATE,
    /** the buffer was full and the entry's policy is drop-oldest with nothing older to drop: counted, logged */
    DROPPED
  }

  /**
   * Completes once the entry is durable (group commit), or known to be a duplicate, or dropped by policy. While the
   * buffer is full of entries that may not be dropped, a {@link FullPolicy#BLOCK} entry (and everything after it)
   * waits: back-pressure. Completes exceptionally only when the buffer is closed first.
   */
  CompletableFuture<Outcome> append(Outbound entry, FullPolicy policy);

  /** An entry handed out for forwarding. */
  record Stored(long id, Outbound entry, boolean droppable, long cost) {}

  /**
   * The next entries not yet handed out, in buffer order (which is arrival order, so per device in seq order), at
   * most {@code max}; waits up to {@code wait} when there are none. Claimed entries are never dropped by policy.
   */
  List<Stored> claim(int max, Duration wait) throws InterruptedException;

  /**
   * Every claimed entry with id at most {@code upToId} has reached Kafka: they are removed with the next group
   * commit. {@code count} and {@code bytes} are those entries' number and cost.
   */
  void release(long upToId, long count, long bytes);

  /**
   * Hands out again every entry after {@code upToId} (after a failed producer, from the last released id). {@code
   * droppableBytes} is the cost of the droppable entries so returned, which become droppable again.
   */
  void rewind(long upToId, long droppableBytes);

  /** @param oldestUnsentMillis receive time of the oldest entry not yet released, or -1 when empty */
  record Stats(long messages, long bytes, long budget, long oldestUnsentMillis, boolean blocked, int waiting,
      long fileBytes) {}

  Stats stats();

  @Override
  void close();
}
