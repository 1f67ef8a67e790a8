package io.iotlakehouse.training.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A statistic computed over each trailing window of each channel. */
public enum WindowStat {
  /** {@link WindowStats#mean}. */
  MEAN,
  /** {@link WindowStats#std} (population). */
  STD,
  /** {@link WindowStats#slope} (least squares, per cycle). */
  SLOPE;

  /** Name used in feature names and JSON. */
  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static WindowStat of(String key) {
    for (WindowStat s : values()) {
      if (s.key().equals(key)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown window statistic '" + key + "'; use mean, std or slope");
  }

  double compute(double[] x, double[] y, int end, int window) {
    return switch (this) {
      case MEAN -> WindowStats.mean(y, end, window);
      case STD -> WindowStats.std(y, end, window);
      case SLOPE -> WindowStats.slope(x, y, end, window);
    };
  }
}
