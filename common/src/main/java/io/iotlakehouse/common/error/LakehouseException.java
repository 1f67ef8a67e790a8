package io.iotlakehouse.common.error;

/**
 * A user-facing error. The message always says what happened, why, and how to fix it, so that a data engineer
 * reading a failed job's log or a CLI user reading the terminal knows what to do next. Build instances only through
 * the factory methods of the module that detects the problem (see {@link ConfigErrors} for config).
 */
public class LakehouseException extends RuntimeException {
  private final String what;
  private final String why;
  private final String fix;

  public LakehouseException(String what, String why, String fix) {
    this(what, why, fix, null);
  }

  public LakehouseException(String what, String why, String fix, Throwable cause) {
    super(what + ": " + why + ". How to fix: " + fix, cause);
    this.what = what;
    this.why = why;
    this.fix = fix;
  }

  public String what() {
    return what;
  }

  public String why() {
    return why;
  }

  public String fix() {
    return fix;
  }
}
