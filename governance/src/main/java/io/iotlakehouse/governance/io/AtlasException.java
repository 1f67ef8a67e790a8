package io.iotlakehouse.governance.io;

/**
 * An Atlas call failed. {@link #retriable()}: Atlas is down, starting, overloaded or refuses our credentials, so the
 * same call may succeed later; otherwise Atlas rejected the request itself (HTTP 4xx: a bad entity), and retrying
 * changes nothing.
 */
public final class AtlasException extends RuntimeException {
  private final int status;

  AtlasException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** HTTP status, or 0 when Atlas did not answer. */
  public int status() {
    return status;
  }

  public boolean retriable() {
    return status == 0 || status >= 500 || status == 401 || status == 403 || status == 429 || status == 408;
  }
}
