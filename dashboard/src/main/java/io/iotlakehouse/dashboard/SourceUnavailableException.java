package io.iotlakehouse.dashboard;

/**
 * A data source of the dashboard cannot answer: Redis is unreachable, or the gold table does not exist yet. The
 * dashboard shows {@link #reason()} in the panel instead of data; it is never a server error.
 */
public final class SourceUnavailableException extends RuntimeException {
  /** Why there is no data. */
  public enum State {
    /** the service does not answer (network, refused, timeout, authentication) */
    UNREACHABLE,
    /** the service answers, but what the panel reads does not exist yet (e.g. no gold table) */
    MISSING
  }

  private final State state;
  private final String reason;

  public SourceUnavailableException(State state, String reason, Throwable cause) {
    super(reason, cause);
    this.state = state;
    this.reason = reason;
  }

  public State state() {
    return state;
  }

  /** A sentence for operators: what is missing and what to do about it. */
  public String reason() {
    return reason;
  }
}
