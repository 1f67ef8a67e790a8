package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.bundle.BundleWriter;
import io.iotlakehouse.common.bundle.VerifiedBundle;
import io.iotlakehouse.edge.transform.XgbTrees;
import io.iotlakehouse.edge.transform.ZScoreRules;
import io.iotlakehouse.training.edge.EdgeScorer;
import io.iotlakehouse.training.edge.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The model kinds a gateway serves, by the {@code kind} of a bundle's manifest: what files a bundle of the kind holds,
 * how a scorer is loaded from its verified bytes, and how a bundle is assembled from a training output.
 */
public enum ModelKind {
  /** {@link ZScoreRules} in {@code zscore.json}. */
  ZSCORE("zscore") {
    @Override
    Scorer load(VerifiedBundle b) {
      return new ZScoreScorer(ZScoreRules.parse(b.bytes(ZSCORE_FILE)));
    }

    @Override
    public BundleWriter bundle(String name, String version, Path rulesJson) throws IOException {
      ZScoreRules.parse(Files.readAllBytes(rulesJson)); // refuse to sign rules the gateway would refuse to load
      return new BundleWriter(name, version, wireName()).file(ZSCORE_FILE, rulesJson);
    }
  },
  /**
   * ml-training's turbofan models ({@link ModelBundle} layout: {@code rul-model.json}, optional
   * {@code failure-model.json}, {@code feature-spec.json}); parameters {@code rul_alert_below} (default 30 cycles),
   * {@code failure_alert_above} (default 0.5), {@code min_cycles} (default 31).
   */
  XGBOOST_RUL("xgboost-rul") {
    @Override
    Scorer load(VerifiedBundle b) throws IOException {
      double rulBelow = parameter(b, RUL_ALERT_BELOW, "30");
      double failureAbove = parameter(b, FAILURE_ALERT_ABOVE, "0.5");
      double minCycles = parameter(b, MIN_CYCLES, "31");
      if (minCycles < 1 || minCycles != Math.rint(minCycles)) {
        throw new IllegalArgumentException("parameter " + MIN_CYCLES + " must be a whole number of at least 1");
      }
      // EdgeScorer reads files: load from a private copy of the verified bytes, never from the watched folder again
      Path tmp = Files.createTempDirectory("edge-model-");
      try {
        b.extractTo(tmp);
        EdgeScorer scorer = EdgeScorer.loadBundle(tmp);
        try {
          XgbTrees rul = JavaTrees.of(tmp.resolve(ModelBundle.RUL_MODEL));
          XgbTrees failure = scorer.hasFailureModel() ? JavaTrees.of(tmp.resolve(ModelBundle.FAILURE_MODEL)) : null;
          boolean java = rul != null && (failure != null || !scorer.hasFailureModel()); // both models one way
          return new RulScorer(scorer, java ? rul : null, java ? failure : null, rulBelow, failureAbove, (int) minCycles);
        } catch (IOException | RuntimeException e) {
          scorer.close();
          throw e;
        }
      } finally {
        try (Stream<Path> s = Files.walk(tmp)) {
          for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
      }
    }

    @Override
    public BundleWriter bundle(String name, String version, Path modelDir) throws IOException {
      try (EdgeScorer check = EdgeScorer.loadBundle(modelDir)) { // model and feature spec must load together
        BundleWriter w = new BundleWriter(name, version, wireName())
            .file(ModelBundle.RUL_MODEL, modelDir.resolve(ModelBundle.RUL_MODEL))
            .file(ModelBundle.FEATURE_SPEC, modelDir.resolve(ModelBundle.FEATURE_SPEC))
            .featureSpec(ModelBundle.FEATURE_SPEC);
        if (check.hasFailureModel()) w.file(ModelBundle.FAILURE_MODEL, modelDir.resolve(ModelBundle.FAILURE_MODEL));
        return w;
      }
    }
  };

  public static final String ZSCORE_FILE = "zscore.json";
  public static final String RUL_ALERT_BELOW = "rul_alert_below";
  public static final String FAILURE_ALERT_ABOVE = "failure_alert_above";
  public static final String MIN_CYCLES = "min_cycles";

  private final String wire;

  ModelKind(String wire) {
    this.wire = wire;
  }

  /** The {@code kind} in manifests. */
  public String wireName() {
    return wire;
  }

  /** Builds the scorer from a verified bundle of this kind; throws when its files or parameters are unusable. */
  abstract Scorer load(VerifiedBundle b) throws IOException;

  /**
   * A bundle writer holding this kind's files from {@code source} (a rules JSON for zscore, an ml-training model
   * folder for xgboost-rul), checked by loading them first; the caller adds metadata and signs.
   */
  public abstract BundleWriter bundle(String name, String version, Path source) throws IOException;

  /** Loads the scorer of a verified bundle of any kind. */
  public static Scorer loadScorer(VerifiedBundle b) throws IOException {
    return fromWire(b.manifest().kind()).load(b);
  }

  public static ModelKind fromWire(String kind) {
    for (ModelKind k : values()) if (k.wire.equals(kind)) return k;
    throw new IllegalArgumentException("model kind '" + kind + "' is not one this gateway serves (zscore, xgboost-rul)");
  }

  private static double parameter(VerifiedBundle b, String key, String fallback) {
    String v = b.manifest().parameter(key, fallback);
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) return d;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("parameter " + key + "='" + v + "' is not a number");
  }
}
