package io.iotlakehouse.training.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything needed to turn an engine's raw cycles into model features, learned on training engines only and
 * then applied unchanged to validation, test and edge data: which sensors are kept (near-constant ones are
 * dropped), the operating-condition clusters and per-cluster z-scoring statistics, the window lengths, the
 * optional health index, and the ordered feature names the model was trained on. Serialises to JSON so it can
 * travel next to the XGBoost model file in an edge bundle.
 *
 * @param formatVersion JSON format version ({@value #FORMAT_VERSION})
 * @param settingCount operating settings per record
 * @param sensorCount sensors per record
 * @param sensors kept sensors, by 1-based sensor number, in feature order
 * @param windows trailing window lengths
 * @param windowStats statistics computed over each window, in feature order
 * @param ewmAlpha exponentially weighted mean factor
 * @param includeCycle whether the cycle number is a feature
 * @param conditions operating-condition clusters and z-scoring statistics of the kept sensors
 * @param healthIndex the health index over the z-scored kept sensors, or null
 * @param featureNames ordered feature names; must equal what the other fields imply
 */
@JsonPropertyOrder({"format_version", "setting_count", "sensor_count", "sensors", "windows", "window_stats",
    "ewm_alpha",
    "include_cycle", "conditions", "health_index", "feature_names"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(
    @JsonProperty("format_version") int formatVersion,
    @JsonProperty("setting_count") int settingCount,
    @JsonProperty("sensor_count") int sensorCount,
    @JsonProperty("sensors") int[] sensors,
    @JsonProperty("windows") int[] windows,
    @JsonProperty("window_stats") List<WindowStat> windowStats,
    @JsonProperty("ewm_alpha") double ewmAlpha,
    @JsonProperty("include_cycle") boolean includeCycle,
    @JsonProperty("conditions") OperatingConditions conditions,
    @JsonProperty("health_index") HealthIndex healthIndex,
    @JsonProperty("feature_names") List<String> featureNames) {

  public static final int FORMAT_VERSION = 1;
  /** Ridge penalty of the health-index fit (per row, on z-scored sensors). */
  static final double HEALTH_INDEX_RIDGE = 1e-3;

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @JsonCreator
  public FeatureSpec {
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException("Unsupported feature spec format_version " + formatVersion
          + "; this build reads version " + FORMAT_VERSION + ". Retrain or upgrade the scorer.");
    }
    sensors = sensors.clone();
    windows = windows.clone();
    if (windows.length == 0) {
      throw new IllegalArgumentException("feature spec has no windows");
    }
    for (int w : windows) {
      if (w < 2) {
        throw new IllegalArgumentException("windows must be >= 2 cycles: " + Arrays.toString(windows));
      }
    }
    windowStats = List.copyOf(windowStats);
    for (int s : sensors) {
      if (s < 1 || s > sensorCount) {
        throw new IllegalArgumentException("sensor " + s + " outside 1.." + sensorCount);
      }
    }
    if (conditions.mean()[0].length != sensors.length) {
      throw new IllegalArgumentException("condition statistics cover " + conditions.mean()[0].length
          + " sensors but " + sensors.length + " sensors are kept");
    }
    if (conditions.tolerance().length != settingCount) {
      throw new IllegalArgumentException("condition tolerance has " + conditions.tolerance().length
          + " values but records have " + settingCount + " settings");
    }
    if (healthIndex != null && healthIndex.weights().length != sensors.length) {
      throw new IllegalArgumentException("health index has " + healthIndex.weights().length
          + " weights but " + sensors.length + " sensors are kept");
    }
    List<String> derived = deriveNames(sensors, windows, windowStats, includeCycle, healthIndex != null);
    if (featureNames == null) {
      featureNames = derived;
    } else if (!featureNames.equals(derived)) {
      throw new IllegalArgumentException("feature_names do not match the spec: expected " + derived
          + " but the spec lists " + featureNames
          + ". The spec was edited or written by an incompatible version; re-export it with the model.");
    } else {
      featureNames = List.copyOf(featureNames);
    }
  }

  /** Number of features per row. */
  public int featureCount() {
    return featureNames.size();
  }

  /** Number of most recent cycles a row's features depend on (the longest window). */
  @JsonIgnore
  public int historyLength() {
    return Arrays.stream(windows).max().orElseThrow();
  }

  /** Number of per-cycle channels the window features are computed on (kept sensors, then health index). */
  @JsonIgnore
  public int channelCount() {
    return sensors.length + (healthIndex != null ? 1 : 0);
  }

  /** Learns a spec from training engines. */
  public static FeatureSpec fit(List<EngineSeries> train, FeatureOptions options) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training engines to fit the feature spec on");
    }
    CycleRecord first = train.get(0).cycles().get(0);
    int settingCount = first.settings().length;
    int sensorCount = first.sensors().length;
    if (options.conditionTolerance().length != settingCount) {
      throw new IllegalArgumentException("records have " + settingCount + " operating settings but "
          + options.conditionTolerance().length + " condition tolerances were given");
    }
    List<double[]> settings = new ArrayList<>();
    for (EngineSeries e : train) {
      for (CycleRecord r : e.cycles()) {
        if (r.settings().length != settingCount || r.sensors().length != sensorCount) {
          throw new IllegalArgumentException("unit " + r.unit() + " cycle " + r.cycle()
              + " has a different number of settings or sensors than the first record");
        }
        settings.add(r.settings());
      }
    }
    double[][] centers = OperatingConditions.clusterCenters(settings, options.conditionTolerance());
    int clusters = centers.length;
    OperatingConditions assigner = new OperatingConditions(options.conditionTolerance(), centers,
        new double[clusters][0], new double[clusters][0]);

    // Welford statistics and (bounded) distinct-value counts per cluster and sensor.
    long[][] count = new long[clusters][sensorCount];
    double[][] mean = new double[clusters][sensorCount];
    double[][] m2 = new double[clusters][sensorCount];
    @SuppressWarnings("unchecked")
    Set<Double>[][] distinct = new Set[clusters][sensorCount];
    for (EngineSeries e : train) {
      for (CycleRecord r : e.cycles()) {
        int c = assigner.assign(r.settings());
        for (int s = 0; s < sensorCount; s++) {
          double v = r.sensors()[s];
          long n = ++count[c][s];
          double d = v - mean[c][s];
          mean[c][s] += d / n;
          m2[c][s] += d * (v - mean[c][s]);
          Set<Double> seen = distinct[c][s];
          if (seen == null) {
            seen = distinct[c][s] = new HashSet<>();
          }
          if (seen.size() < options.minDistinctValues()) {
            seen.add(v);
          }
        }
      }
    }
    List<Integer> kept = new ArrayList<>();
    for (int s = 0; s < sensorCount; s++) {
      boolean varies = false;
      for (int c = 0; c < clusters; c++) {
        double sd = count[c][s] > 0 ? Math.sqrt(m2[c][s] / count[c][s]) : 0;
        int nDistinct = distinct[c][s] == null ? 0 : distinct[c][s].size();
        if (sd > 1e-12 && nDistinct >= options.minDistinctValues()) {
          varies = true;
          break;
        }
      }
      if (varies) {
        kept.add(s);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException("every sensor is (near) constant on the training data (fewer than "
          + options.minDistinctValues() + " distinct values per operating condition); nothing to learn from");
    }
    int[] keptNumbers = kept.stream().mapToInt(s -> s + 1).toArray();
    double[][] keptMean = new double[clusters][kept.size()];
    double[][] keptStd = new double[clusters][kept.size()];
    for (int c = 0; c < clusters; c++) {
      for (int k = 0; k < kept.size(); k++) {
        int s = kept.get(k);
        double sd = count[c][s] > 0 ? Math.sqrt(m2[c][s] / count[c][s]) : 0;
        keptMean[c][k] = mean[c][s];
        keptStd[c][k] = sd > 1e-12 ? sd : 1.0;
      }
    }
    OperatingConditions conditions =
        new OperatingConditions(options.conditionTolerance(), centers, keptMean, keptStd);

    HealthIndex healthIndex = null;
    if (options.healthIndex()) {
      List<double[]> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (EngineSeries e : train) {
        double[] label = RulLabels.piecewiseLinear(e, 0, options.rulCap());
        for (int i = 0; i < e.length(); i++) {
          x.add(FeatureExtractor.zscores(conditions, keptNumbers, e.cycles().get(i)));
          y.add(label[i]);
        }
      }
      healthIndex = HealthIndex.fit(x.toArray(new double[0][]),
          y.stream().mapToDouble(Double::doubleValue).toArray(), HEALTH_INDEX_RIDGE);
    }
    return new FeatureSpec(FORMAT_VERSION, settingCount, sensorCount, keptNumbers, options.windows(),
        options.windowStats(), options.ewmAlpha(), options.includeCycle(), conditions, healthIndex, null);
  }

  /** Feature names implied by the spec's settings, in row order. */
  static List<String> deriveNames(int[] sensors, int[] windows, List<WindowStat> stats, boolean includeCycle,
      boolean healthIndex) {
    List<String> names = new ArrayList<>();
    if (includeCycle) {
      names.add("cycle");
    }
    List<String> channels = new ArrayList<>();
    for (int s : sensors) {
      channels.add("s" + s);
    }
    if (healthIndex) {
      channels.add("hi");
    }
    for (String ch : channels) {
      names.add(ch);
      for (int w : windows) {
        for (WindowStat stat : stats) {
          names.add(ch + "_" + stat.key() + "_" + w);
        }
      }
      names.add(ch + "_ewm");
    }
    return List.copyOf(names);
  }

  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FeatureSpec fromJson(String json) {
    try {
      return JSON.readValue(json, FeatureSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a valid feature spec JSON: " + e.getOriginalMessage(), e);
    }
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, toJson(), StandardCharsets.UTF_8);
  }

  public static FeatureSpec read(Path file) throws IOException {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureSpec f
        && formatVersion == f.formatVersion
        && settingCount == f.settingCount
        && sensorCount == f.sensorCount
        && Arrays.equals(sensors, f.sensors)
        && Arrays.equals(windows, f.windows)
        && windowStats.equals(f.windowStats)
        && ewmAlpha == f.ewmAlpha
        && includeCycle == f.includeCycle
        && conditions.equals(f.conditions)
        && java.util.Objects.equals(healthIndex, f.healthIndex)
        && featureNames.equals(f.featureNames);
  }

  @Override
  public int hashCode() {
    return featureNames.hashCode();
  }

  @Override
  public String toString() {
    return "FeatureSpec[sensors=" + Arrays.toString(sensors) + ", windows=" + Arrays.toString(windows)
        + ", clusters=" + conditions.clusterCount() + ", healthIndex=" + (healthIndex != null)
        + ", features=" + featureNames.size() + "]";
  }
}
