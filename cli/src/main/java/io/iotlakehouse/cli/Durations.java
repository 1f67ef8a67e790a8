package io.iotlakehouse.cli;

import io.iotlakehouse.common.config.ValueType;
import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;

final class Durations {
  private Durations() {}

  static Duration parse(String option, String text) {
    try {
      Duration d = ValueType.DURATION.parse(text);
      if (!d.isZero()) return d;
    } catch (IllegalArgumentException e) {
      // fall through to the error below
    }
    throw new LakehouseException("Invalid " + option + " '" + text + "'", "it must be " + ValueType.DURATION.expectation() + ", not zero",
        "write e.g. " + option + " 90s");
  }
}
