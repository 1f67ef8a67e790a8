package io.iotlakehouse.edge.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Set;

/**
 * An XGBoost tree ensemble evaluated in plain Java from XGBoost's JSON model format, for scoring one row at a time:
 * a native {@code inplace_predict} costs about 100 µs of CPU per call in per-call overhead (and tens of milliseconds
 * when OpenMP threads spin on a busy machine), walking a few hundred small trees costs a few microseconds. It does
 * what XGBoost's CPU predictor does, in the same float arithmetic: start from the base margin, add each tree's leaf
 * (go left when {@code value < split}, or by the default direction when the value is missing), then apply the
 * objective's transform. Supported: {@code gbtree} boosters with numeric splits, one target, objectives
 * {@code reg:squarederror} and {@code binary:logistic} (what ml-training writes); anything else is refused at parse
 * time. Pure and thread-safe.
 */
public final class XgbTrees {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> OBJECTIVES = Set.of("reg:squarederror", "binary:logistic");

  private final int featureCount;
  private final float baseMargin;
  private final boolean logistic;
  private final int[] roots;
  private final int[] left;
  private final int[] right;
  private final int[] feature;
  private final float[] value;
  private final boolean[] defaultLeft;

  private XgbTrees(int featureCount, float baseMargin, boolean logistic, int[] roots, int[] left, int[] right, int[] feature,
      float[] value, boolean[] defaultLeft) {
    this.featureCount = featureCount;
    this.baseMargin = baseMargin;
    this.logistic = logistic;
    this.roots = roots;
    this.left = left;
    this.right = right;
    this.feature = feature;
    this.value = value;
    this.defaultLeft = defaultLeft;
  }

  public int featureCount() {
    return featureCount;
  }

  public int treeCount() {
    return roots.length;
  }

  /** The model's prediction for one row (regression value, or probability for binary:logistic). */
  public double predict(double[] row) {
    if (row.length != featureCount) {
      throw new IllegalArgumentException("row has " + row.length + " features, the model " + featureCount);
    }
    float sum = baseMargin;
    for (int root : roots) {
      int n = root;
      while (left[n] >= 0) {
        float v = (float) row[feature[n]];
        boolean goLeft = Float.isNaN(v) ? defaultLeft[n] : v < value[n];
        n = goLeft ? left[n] : right[n];
      }
      sum += value[n];
    }
    return logistic ? 1.0f / (1.0f + (float) Math.exp(-sum)) : sum;
  }

  /** Parses an XGBoost JSON model; {@link IllegalArgumentException} says what is not supported. */
  public static XgbTrees parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not an XGBoost JSON model (a UBJ model cannot be read here)");
    }
    JsonNode learner = root.path("learner");
    String objective = learner.path("objective").path("name").asText();
    require(OBJECTIVES.contains(objective), "objective '" + objective + "' (supported: " + OBJECTIVES + ")");
    JsonNode booster = learner.path("gradient_booster");
    require(booster.path("name").asText().equals("gbtree"), "booster '" + booster.path("name").asText() + "' (only gbtree)");
    JsonNode param = learner.path("learner_model_param");
    require(param.path("num_class").asText("0").equals("0") && param.path("num_target").asText("1").equals("1"),
        "several classes or targets");
    int features = Integer.parseInt(param.path("num_feature").asText());
    float base = Float.parseFloat(param.path("base_score").asText().replace("[", "").replace("]", ""));
    boolean logistic = objective.equals("binary:logistic");
    float margin = logistic ? (float) -Math.log(1.0f / base - 1.0f) : base;

    JsonNode trees = booster.path("model").path("trees");
    require(trees.isArray() && !trees.isEmpty(), "a model without trees");
    int total = 0;
    for (JsonNode t : trees) total += t.path("left_children").size();
    int[] roots = new int[trees.size()];
    int[] left = new int[total];
    int[] right = new int[total];
    int[] feature = new int[total];
    float[] value = new float[total];
    boolean[] defaultLeft = new boolean[total];
    int offset = 0;
    int k = 0;
    for (JsonNode t : trees) {
      int nodes = t.path("left_children").size();
      roots[k++] = offset;
      for (int i = 0; i < nodes; i++) {
        require(t.path("split_type").path(i).asInt(0) == 0, "categorical splits");
        int lc = t.path("left_children").path(i).asInt();
        int rc = t.path("right_children").path(i).asInt();
        int f = t.path("split_indices").path(i).asInt();
        require(lc < 0 || (f >= 0 && f < features && lc > i && lc < nodes && rc > i && rc < nodes),
            "a malformed tree (node " + i + " of tree " + (k - 1) + ")");
        left[offset + i] = lc < 0 ? -1 : offset + lc;
        right[offset + i] = lc < 0 ? -1 : offset + rc;
        feature[offset + i] = f;
        value[offset + i] = (float) t.path("split_conditions").path(i).asDouble();
        JsonNode d = t.path("default_left").path(i);
        defaultLeft[offset + i] = d.isBoolean() ? d.asBoolean() : d.asInt() != 0;
      }
      offset += nodes;
    }
    return new XgbTrees(features, margin, logistic, roots, left, right, feature, value, defaultLeft);
  }

  private static void require(boolean ok, String unsupported) {
    if (!ok) throw new IllegalArgumentException("unsupported XGBoost model: " + unsupported);
  }
}
