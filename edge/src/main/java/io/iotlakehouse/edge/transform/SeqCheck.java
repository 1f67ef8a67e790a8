package io.iotlakehouse.edge.transform;

/**
 * The gateway's per-device seq validation. A device's seqs are 1, 2, 3, ... and never reused, so against the seqs
 * the gateway already accepted from that device (and the newest event time among them) an incoming seq is:
 * <ul>
 *   <li>{@code FIRST}: the first one seen from the device (no gap is counted: earlier seqs may have gone through
 *       another gateway);</li>
 *   <li>{@code NEXT}: one above the highest accepted;</li>
 *   <li>{@code GAP}: higher than that, {@code missing} seqs skipped (counted; they may still arrive);</li>
 *   <li>{@code LATE}: below the highest but never accepted: it fills a gap (a device that re-sends an event it never
 *       had acknowledged must not lose it);</li>
 *   <li>{@code REWOUND}: already accepted, but the event is newer than every event accepted from the device: not a
 *       re-delivery (that repeats an accepted event, time included) but a device whose counter went back, typically a
 *       reboot that restarted it at 1. Accepted (buffered and forwarded, counted, logged): the data is new;</li>
 *   <li>{@code DUPLICATE}: already accepted (or at or below the forgotten floor, see {@link #check}) and not newer:
 *       acknowledged to the device, not buffered again.</li>
 * </ul>
 * Pure.
 */
public final class SeqCheck {
  private SeqCheck() {}

  public enum Kind { FIRST, NEXT, GAP, LATE, REWOUND, DUPLICATE }

  public record Decision(Kind kind, long missing) {
    public boolean accepted() {
      return kind != Kind.DUPLICATE;
    }
  }

  private static final Decision FIRST = new Decision(Kind.FIRST, 0);
  private static final Decision NEXT = new Decision(Kind.NEXT, 0);
  private static final Decision LATE = new Decision(Kind.LATE, 0);
  private static final Decision DUPLICATE = new Decision(Kind.DUPLICATE, 0);
  private static final Decision REWOUND = new Decision(Kind.REWOUND, 0);

  /**
   * @param accepted the seqs accepted so far from the device
   * @param floor every seq at or below it counts as accepted (0 when nothing was forgotten); the gateway raises it
   *     when it forgets a device's lowest range to bound memory
   * @param eventTime the incoming event's time ({@link Outbound#NO_TIME} when unknown)
   * @param newest the newest event time accepted from the device ({@link Outbound#NO_TIME} when unknown: then an
   *     accepted seq is always a duplicate)
   */
  public static Decision check(SeqRangeSet accepted, long floor, long seq, long eventTime, long newest) {
    if (seq <= floor || accepted.contains(seq)) {
      return newest != Outbound.NO_TIME && eventTime != Outbound.NO_TIME && eventTime > newest ? REWOUND : DUPLICATE;
    }
    if (accepted.isEmpty()) return floor == 0 ? FIRST : seq == floor + 1 ? NEXT : new Decision(Kind.GAP, seq - floor - 1);
    long max = accepted.max();
    if (seq == max + 1) return NEXT;
    if (seq > max) return new Decision(Kind.GAP, seq - max - 1);
    return LATE;
  }
}
