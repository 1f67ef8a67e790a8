package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.bundle.BundleVerifier;
import io.iotlakehouse.common.bundle.BundleWriter;
import io.iotlakehouse.common.bundle.SigningKeys;
import io.iotlakehouse.common.bundle.TrustedKeys;
import io.iotlakehouse.common.bundle.VerifiedBundle;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.simulators.TurbofanReplay;
import io.iotlakehouse.training.edge.ModelBundle;
import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureOptions;
import io.iotlakehouse.training.features.FeatureSpec;
import io.iotlakehouse.training.model.TrainingSet;
import io.iotlakehouse.training.model.XgbModels;
import io.iotlakehouse.training.model.XgbParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;

/** Signed bundles for tests: z-score rules, and a small turbofan RUL model trained on C-MAPSS FD001 engines. */
public final class TestBundles {
  public static final KeyPair KEY = SigningKeys.generate();
  public static final KeyPair STRANGER = SigningKeys.generate();
  public static final BundleVerifier VERIFIER = new BundleVerifier(TrustedKeys.of(List.of(KEY.getPublic())), 1L << 28);
  /** Env temperature: mean 22, std 2, alert beyond 4 std (below 14 or above 30). */
  public static final String ENV_RULES =
      "{\"rules\":[{\"device_kind\":\"env\",\"sensor\":\"temperature_c\",\"mean\":22,\"std\":2,\"max_z\":4}]}";
  private static Path rulModel;

  private TestBundles() {}

  /** Writes the trusted public key as {@code <dir>/trusted.pub}. */
  public static Path trustedKeyFile(Path dir) throws IOException {
    SigningKeys.write(KEY, dir, "trusted");
    return dir.resolve("trusted.pub");
  }

  public static Path zscore(Path folder, String name, String version, String rules, KeyPair key) throws IOException {
    Path src = Files.createTempFile("rules", ".json");
    Files.writeString(src, rules);
    try {
      return ModelKind.ZSCORE.bundle(name, version, src).write(folder.resolve(name + "-" + version), key).dir();
    } finally {
      Files.delete(src);
    }
  }

  public static Path zscore(Path folder, String version, String rules) throws IOException {
    return zscore(folder, "env-zscore", version, rules, KEY);
  }

  public static Path rul(Path folder, String version, Map<String, String> parameters) throws IOException {
    BundleWriter w = ModelKind.XGBOOST_RUL.bundle("turbofan-rul", version, rulModelDir());
    parameters.forEach(w::parameter);
    return w.write(folder.resolve("turbofan-rul-" + version), KEY).dir();
  }

  public static LoadedModel load(Path bundle) throws IOException {
    VerifiedBundle b = VERIFIER.verify(bundle);
    return new LoadedModel(ModelInfo.of(b), ModelKind.loadScorer(b));
  }

  /** An ml-training model folder (regressor + classifier + feature spec) fitted on 40 FD001 engines, 40 trees each. */
  public static synchronized Path rulModelDir() {
    if (rulModel != null) return rulModel;
    try {
      List<EngineSeries> engines = TurbofanReplay.fd001().entrySet().stream().limit(40)
          .map(e -> new EngineSeries(e.getKey(), e.getValue().stream().map(TestBundles::record).toList())).toList();
      FeatureSpec spec = FeatureSpec.fit(engines, FeatureOptions.defaults());
      TrainingSet set = TrainingSet.of(spec, engines, 125, 30);
      XgbParams params = XgbParams.defaults().withRounds(40);
      Booster regressor = XgbModels.train(set.rul(), params, XgbParams.Objective.REGRESSION, 1, 42);
      Booster classifier = XgbModels.train(set.fail(), params, XgbParams.Objective.BINARY, 1, 42);
      Path dir = Files.createDirectories(Path.of("target", "test-rul-model-" + ProcessHandle.current().pid()));
      ModelBundle.write(dir, regressor, classifier, spec);
      regressor.dispose();
      classifier.dispose();
      rulModel = dir;
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CycleRecord record(Payload.Turbofan t) {
    return new CycleRecord(t.unit(), t.cycle(), t.settings().stream().mapToDouble(Double::doubleValue).toArray(),
        t.sensors().stream().mapToDouble(Double::doubleValue).toArray());
  }
}
