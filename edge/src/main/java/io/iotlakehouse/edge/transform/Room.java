package io.iotlakehouse.edge.transform;

/**
 * Whether a message fits in the buffer's disk budget, and what to do when it does not. Pure.
 *
 * <table>
 *   <tr><th>situation</th><th>decision</th></tr>
 *   <tr><td>fits</td><td>{@code ACCEPT}</td></tr>
 *   <tr><td>fits after dropping the oldest droppable (drop-oldest, not yet handed to Kafka) entries</td><td>{@code EVICT}
 *       that many bytes (whatever the incoming message's own policy: telemetry makes room for billing data)</td></tr>
 *   <tr><td>does not fit even then, message policy drop-oldest</td><td>{@code DROP_INCOMING}: it is now the oldest
 *       droppable message</td></tr>
 *   <tr><td>does not fit even then, message policy block</td><td>{@code BLOCK}: not acknowledged until acks from Kafka
 *       free space</td></tr>
 * </table>
 */
public final class Room {
  private Room() {}

  public enum Kind { ACCEPT, EVICT, DROP_INCOMING, BLOCK }

  /** @param evictBytes how many bytes of droppable entries to drop first (EVICT only) */
  public record Decision(Kind kind, long evictBytes) {}

  private static final Decision ACCEPT = new Decision(Kind.ACCEPT, 0);
  private static final Decision DROP_INCOMING = new Decision(Kind.DROP_INCOMING, 0);
  private static final Decision BLOCK = new Decision(Kind.BLOCK, 0);

  /**
   * @param budget the disk budget in bytes
   * @param used bytes the buffer holds now
   * @param evictable bytes of those that may be dropped (drop-oldest entries not yet handed to Kafka)
   * @param size bytes of the incoming message
   */
  public static Decision decide(long budget, long used, long evictable, long size, FullPolicy policy) {
    long over = used + size - budget;
    if (over <= 0) return ACCEPT;
    if (over <= evictable) return new Decision(Kind.EVICT, over);
    return policy == FullPolicy.DROP_OLDEST ? DROP_INCOMING : BLOCK;
  }
}
