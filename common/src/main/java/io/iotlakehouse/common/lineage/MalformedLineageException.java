package io.iotlakehouse.common.lineage;

/** A lineage event that cannot be read; {@link #reason()} is a stable code (not_json, missing_field, ...). */
public final class MalformedLineageException extends RuntimeException {
  private final String reason;

  public MalformedLineageException(String reason, String detail) {
    super(reason + ": " + detail);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
