package io.iotlakehouse.common.event;

/**
 * An event that cannot be decoded or breaks the envelope contract. {@link #reason()} is a stable machine-readable
 * code (used in dead-letter headers and quarantine rows); the message is the human explanation.
 */
public final class MalformedEventException extends Exception {
  private final Reason reason;

  public enum Reason {
    EMPTY,
    UNKNOWN_FORMAT,
    UNKNOWN_SCHEMA,
    UNDECODABLE,
    MISSING_DEVICE_ID,
    BAD_SEQ,
    BAD_EVENT_TIME,
    BAD_PAYLOAD,
    OVERSIZED,
    DEVICE_MISMATCH
  }

  public MalformedEventException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public String code() {
    return reason.name().toLowerCase(java.util.Locale.ROOT);
  }
}
