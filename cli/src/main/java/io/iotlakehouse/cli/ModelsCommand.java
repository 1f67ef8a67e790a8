package io.iotlakehouse.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.common.bundle.BundleException;
import io.iotlakehouse.common.bundle.BundleVerifier;
import io.iotlakehouse.common.bundle.BundleWriter;
import io.iotlakehouse.common.bundle.SigningKeys;
import io.iotlakehouse.common.bundle.TrustedKeys;
import io.iotlakehouse.common.bundle.VerifiedBundle;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.config.ConfigArgs;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.lineage.LineageEmitter;
import io.iotlakehouse.edge.rollout.DesiredModel;
import io.iotlakehouse.edge.rollout.EdgeBundles;
import io.iotlakehouse.edge.rollout.GatewayDirectory;
import io.iotlakehouse.edge.rollout.RolloutController;
import io.iotlakehouse.edge.rollout.RolloutKeys;
import io.iotlakehouse.edge.rollout.StatusView;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.edge.inference.InferenceKeys;
import io.iotlakehouse.edge.inference.ModelKind;
import io.iotlakehouse.registry.SelfTest;
import io.iotlakehouse.registry.mlflow.MlflowModelRegistry;
import io.iotlakehouse.registry.mlflow.MlflowTracker;
import io.iotlakehouse.training.promotion.Promoter;
import io.iotlakehouse.training.promotion.PromotionGate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
    description = "Models: signed bundles for the edge gateways' local inference (keys, build, verify), promotion to "
        + "champion (gate or override), rollout to the gateways (canary, widen or roll back), which gateway runs what, "
        + "and a registry self-test.",
    subcommands = {ModelsCommand.Keygen.class, ModelsCommand.Bundle.class, ModelsCommand.Verify.class,
        ModelsCommand.Promote.class, ModelsCommand.Rollout.class, ModelsCommand.Status.class, ModelsCommand.Selftest.class})
final class ModelsCommand {
  private static final ObjectMapper JSON = new ObjectMapper();
  @ParentCommand LakehouseCli root;

  @Command(name = "keygen", mixinStandardHelpOptions = true,
      description = {"Create an Ed25519 signing key pair: <out>/<name>.key (private, owner-only; keep it off gateways) "
          + "and <out>/<name>.pub (give it to gateways in edge.model.trusted-keys).",
          "Prints the key id; JSON with key_id, private_key, public_key as the last line."})
  static final class Keygen implements Callable<Integer> {
    @ParentCommand ModelsCommand models;
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder for the key files (default <lakehouse.work-dir>/keys).")
    Path out;

    @Option(names = "--name", defaultValue = "dev", description = "File name of the pair (default ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() {
      Path dir = out != null ? out : models.root.config().get(PlatformKeys.WORK_DIR).resolve("keys");
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw new LakehouseException("--name '" + name + "' is not a file name", "it names <name>.key and <name>.pub",
            "use letters, digits, '.', '_' and '-', e.g. --name release-2026");
      }
      KeyPair pair = SigningKeys.generate();
      try {
        SigningKeys.write(pair, dir, name);
      } catch (IOException e) {
        throw new LakehouseException("Cannot write the key pair to " + dir, e.getMessage(),
            "pick another --name or --out (existing keys are never overwritten)", e);
      }
      ObjectNode o = JSON.createObjectNode().put("key_id", SigningKeys.keyId(pair.getPublic()))
          .put("private_key", dir.resolve(name + ".key").toString()).put("public_key", dir.resolve(name + ".pub").toString());
      spec.commandLine().getOut().println("key " + o.path("key_id").asText() + ": sign with " + o.path("private_key").asText()
          + ", trust on gateways with --conf " + InferenceKeys.TRUSTED_KEYS.name() + "=" + o.path("public_key").asText());
      spec.commandLine().getOut().println(o);
      return 0;
    }
  }

  @Command(name = "bundle", mixinStandardHelpOptions = true,
      description = {"Build and sign a model bundle (manifest with every file's SHA-256, Ed25519 signature) from an "
          + "ml-training model folder (--model-dir, e.g. what `lakehouse ml cmapss-eval --model-dir` writes: kind "
          + "xgboost-rul) or a z-score rules file (--zscore: kind zscore). The model is loaded first: a bundle that "
          + "would not load is not signed. The bundle is assembled aside and renamed into --out, so --out may be "
          + "inside a gateway's edge.model.dir.",
          "JSON with bundle_id, name, version, kind, key_id, dir as the last line."})
  static final class Bundle implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--model-dir", paramLabel = "DIR", description = "ml-training model folder (rul-model.json, feature-spec.json, optional failure-model.json).")
    Path modelDir;

    @Option(names = "--zscore", paramLabel = "FILE", description = "z-score / threshold rules JSON ({\"rules\": [...]}, see the edge README).")
    Path zscore;

    @Option(names = "--name", required = true, description = "Model name, e.g. turbofan-rul.")
    String name;

    @Option(names = "--version", required = true, description = "Model version, e.g. 3 (the registry version).")
    String version;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private signing key (<name>.key; <name>.pub must be beside it).")
    Path key;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The bundle folder to create (must not exist).")
    Path out;

    @Option(names = "--registry-model", description = "Registered model name it comes from.")
    String registryModel;

    @Option(names = "--registry-version", description = "Registry version it comes from.")
    String registryVersion;

    @Option(names = "--run-id", description = "Training run id.")
    String runId;

    @Option(names = "--training-data", paramLabel = "TABLE=VERSION", description = "Version of a training data set (repeatable).")
    Map<String, String> trainingData = new LinkedHashMap<>();

    @Option(names = "--param", paramLabel = "KEY=VALUE",
        description = "Model parameter (repeatable), e.g. rul_alert_below=30, failure_alert_above=0.5, min_cycles=31 for xgboost-rul.")
    Map<String, String> params = new LinkedHashMap<>();

    @Override
    public Integer call() {
      if ((modelDir == null) == (zscore == null)) {
        throw new LakehouseException("Give exactly one of --model-dir and --zscore", "they select the model kind "
            + "(xgboost-rul from an ml-training model folder, zscore from a rules file)",
            "e.g. --model-dir target/model (written by `lakehouse ml cmapss-eval ... --model-dir target/model`) or --zscore rules.json");
      }
      ModelKind kind = modelDir != null ? ModelKind.XGBOOST_RUL : ModelKind.ZSCORE;
      Path source = modelDir != null ? modelDir : zscore;
      KeyPair pair;
      try {
        pair = SigningKeys.readPair(key);
      } catch (IOException e) {
        throw new LakehouseException("Cannot use the signing key " + key, e.getMessage(),
            "pass the <name>.key written by `lakehouse models keygen` (its <name>.pub beside it)", e);
      }
      BundleWriter.Written w;
      try {
        BundleWriter writer = kind.bundle(name, version, source).registry(registryModel, registryVersion).runId(runId)
            .createdAt(Instant.now());
        trainingData.forEach(writer::trainingData);
        params.forEach(writer::parameter);
        w = writer.write(out, pair);
      } catch (IOException | IllegalArgumentException e) {
        throw new LakehouseException("Cannot build a " + kind.wireName() + " bundle from " + source, e.getMessage(),
            modelDir != null ? "pass the folder `lakehouse ml cmapss-eval --model-dir` wrote (rul-model.json, feature-spec.json)"
                : "fix the rules file (see the z-score rules in the edge README)", e);
      }
      List<String> files = new ArrayList<>();
      w.manifest().files().forEach(f -> files.add(f.path()));
      ObjectNode o = JSON.createObjectNode().put("bundle_id", w.id()).put("name", name).put("version", version)
          .put("kind", kind.wireName()).put("key_id", w.keyId()).put("dir", w.dir().toString());
      files.forEach(o.putArray("files")::add);
      spec.commandLine().getOut().println("signed " + w.manifest().label() + " (" + kind.wireName() + ", bundle " + w.id()
          + ") with key " + w.keyId() + " into " + w.dir());
      spec.commandLine().getOut().println(o);
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Check a bundle as a gateway does (signature by a trusted key, exactly the listed files, their "
          + "sizes and SHA-256) and load its model. Exit code 1 when it would be refused.",
          "JSON with ok, bundle_id (or reason) as the last line."})
  static final class Verify implements Callable<Integer> {
    @ParentCommand ModelsCommand models;
    @Spec CommandSpec spec;

    @Option(names = "--bundle", required = true, paramLabel = "DIR", description = "The bundle folder.")
    Path bundle;

    @Option(names = "--trusted-key", required = true, paramLabel = "FILE", description = "Trusted public key (repeatable).")
    List<Path> trusted;

    @Override
    public Integer call() {
      TrustedKeys keys;
      try {
        keys = TrustedKeys.load(trusted);
      } catch (IOException e) {
        throw new LakehouseException("Cannot read the trusted keys " + trusted, e.getMessage(),
            "pass public key files (<name>.pub, '-----BEGIN PUBLIC KEY-----')", e);
      }
      ObjectNode o = JSON.createObjectNode();
      try {
        VerifiedBundle b = new BundleVerifier(keys, models.root.config().get(InferenceKeys.MAX_BUNDLE_BYTES)).verify(bundle);
        ModelKind.loadScorer(b).close();
        o.put("ok", true).put("bundle_id", b.id()).put("name", b.manifest().name()).put("version", b.manifest().version())
            .put("kind", b.manifest().kind()).put("key_id", b.keyId());
        spec.commandLine().getOut().println(b.manifest().label() + " verified and loads: bundle " + b.id() + ", key " + b.keyId());
      } catch (BundleException e) {
        o.put("ok", false).put("reason", e.reason().label());
        spec.commandLine().getOut().println("refused: " + e.getMessage());
      } catch (IOException | RuntimeException e) {
        o.put("ok", false).put("reason", "unloadable");
        spec.commandLine().getOut().println("refused: signed, but its model does not load: " + e.getMessage());
      }
      spec.commandLine().getOut().println(o);
      return o.path("ok").asBoolean() ? 0 : 1;
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = {"Make a version the champion: through the promotion gate (it must beat the champion on the same "
          + "holdout by ml.gate.margin, load in the edge's scorer, and stay within ml.gate.max-model-bytes and "
          + "ml.gate.max-score-us), or with --override and a --reason. The decision and its reason are recorded as "
          + "tags on the version.", "Prints one JSON object (model, version, decision, reason, previous_champion) as "
          + "its last line; exit code 1 when the gate rejects."})
  static final class Promote implements Callable<Integer> {
    @ParentCommand ModelsCommand models;
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "Registered model name, e.g. turbofan-rul.")
    String model;

    @Option(names = "--version", required = true, description = "Version to promote, e.g. the challenger's.")
    String version;

    @Option(names = "--override", description = "Skip the gate (requires --reason).")
    boolean override;

    @Option(names = "--reason", description = "Why (required with --override; recorded on the version).")
    String reason;

    @Override
    public Integer call() throws Exception {
      Config config = models.root.config();
      PrintWriter err = spec.commandLine().getErr();
      Path work = Files.createTempDirectory("lakehouse-promote");
      try (MlflowServer mlflow = MlflowServer.of(config, err);
          MlflowTracker tracker = new MlflowTracker(mlflow.uri);
          MlflowModelRegistry registry = new MlflowModelRegistry(mlflow.uri)) {
        Promoter promoter = new Promoter(registry, tracker, work, Clock.systemUTC());
        Promoter.Outcome o = override
            ? promoter.override(model, version, reason)
            : promoter.gate(model, version, PromotionGate.Policy.from(config));
        spec.commandLine().getOut().println(o.toJson());
        return o.decision().equals("rejected") ? 1 : 0;
      }
    }
  }

  @Command(name = "selftest", mixinStandardHelpOptions = true,
      description = {"Run the platform's own registry code against the MLflow server of mlflow.tracking-uri (any "
          + "MLflow 2.x started with --serve-artifacts), or the local compatible server when it is empty: experiment, "
          + "run, artifact upload, register (twice, idempotent), alias, lookup by alias, download and verify, alias "
          + "removal.", "Prints one JSON object with `ok` and the steps done as its last line; exit code 1 on failure."})
  static final class Selftest implements Callable<Integer> {
    @ParentCommand ModelsCommand models;
    @Spec CommandSpec spec;

    @Option(names = "--model", defaultValue = "lakehouse-selftest",
        description = "Registered model the test writes to (default ${DEFAULT-VALUE}).")
    String model;

    @Override
    public Integer call() throws Exception {
      Config config = models.root.config();
      Path work = Files.createTempDirectory("lakehouse-selftest");
      try (MlflowServer mlflow = MlflowServer.of(config, spec.commandLine().getErr());
          MlflowTracker tracker = new MlflowTracker(mlflow.uri);
          MlflowModelRegistry registry = new MlflowModelRegistry(mlflow.uri)) {
        SelfTest.Result r = new SelfTest(tracker, registry, work).run(model);
        spec.commandLine().getOut().println(r.toJson());
        return r.ok() ? 0 : 1;
      }
    }
  }
  /** The rollout controller's MQTT connection (over TLS with its controller certificate when mqtt.tls.ca-file is set). */
  static GatewayDirectory gatewayDirectory(Config config) {
    requireMqtt(config);
    return GatewayDirectory.connect(config);
  }

  static void requireMqtt(Config config) {
    ConfigArgs.require(config, PlatformKeys.MQTT_HOST, "the controller reads gateways' heartbeats from an existing MQTT "
        + "broker (start one with `lakehouse stack`)");
  }

  @Command(name = "rollout", mixinStandardHelpOptions = true,
      description = {"Roll a registry version out to the edge gateways: build, sign and upload its bundle (once; "
          + "recorded as lakehouse.edge.bundle_* tags), tell a canary share of the online gateways "
          + "(edge.rollout.canary-fraction) to serve it over MQTT gateways/<id>/model/desired, wait until they do "
          + "(edge.rollout.serve-timeout), watch their error and alert rates for edge.rollout.watch-window against the "
          + "other gateways, then widen to every gateway or set the canaries back to the version each ran before. "
          + "The decision and its reason are recorded as tags (lakehouse.rollout, lakehouse.rollout.id, ...).",
          "Gateways download from the MLflow artifact proxy of mlflow.tracking-uri: point it at a server the gateways "
              + "reach and that stays up (the local one started when it is empty lives only while this command runs).",
          "Prints one JSON object (decision, reason, canaries, deployed, rolled_back, ...) as its last line; exit code 1 "
              + "when rolled back or when some online gateways did not take it."})
  static final class Rollout implements Callable<Integer> {
    @ParentCommand ModelsCommand models;
    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "Registered model name, e.g. turbofan-rul.")
    String model;

    @Option(names = "--version", description = "Version to roll out (default: the one --alias points at).")
    String version;

    @Option(names = "--alias", defaultValue = "champion", description = "Alias to roll out when --version is not given (default ${DEFAULT-VALUE}).")
    String alias;

    @Option(names = "--key", paramLabel = "FILE",
        description = "Private signing key (<name>.key, .pub beside it), needed when the version has no bundle yet.")
    Path key;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "Bundle parameter (repeatable), e.g. rul_alert_below=30.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--rollout-id", description = "Id of this rollout (default: <model>-<version>-<UTC time>); picks the canaries.")
    String rolloutId;

    @Override
    public Integer call() throws Exception {
      Config config = models.root.config();
      requireMqtt(config);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      KeyPair pair = null;
      if (key != null) {
        try {
          pair = SigningKeys.readPair(key);
        } catch (IOException e) {
          throw new LakehouseException("Cannot use the signing key " + key, e.getMessage(),
              "pass the <name>.key written by `lakehouse models keygen` (its <name>.pub beside it)", e);
        }
      }
      Path work = Files.createDirectories(config.get(PlatformKeys.WORK_DIR).resolve("rollout"));
      try (MlflowServer mlflow = MlflowServer.of(config, err);
          MlflowTracker tracker = new MlflowTracker(mlflow.uri);
          MlflowModelRegistry registry = new MlflowModelRegistry(mlflow.uri);
          GatewayDirectory gateways = gatewayDirectory(config);
          LineageEmitter lineage = LineageEmitter.of(config)) {
        RegisteredVersion v = version != null ? registry.version(model, version) : registry.getByAlias(model, alias);
        String id = rolloutId != null ? rolloutId
            : model + "-" + v.version() + "-" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        DesiredModel target = new EdgeBundles(registry, tracker, mlflow.uri, work).prepare(v, pair, params, id);
        RolloutController controller = new RolloutController(gateways, registry, lineage, Clock.systemUTC(),
            d -> Thread.sleep(d.toMillis()), RolloutController.Settings.from(config), m -> {
              out.println(m);
              out.flush();
            });
        RolloutController.Outcome o = controller.run(v, target);
        out.println(o.toJson());
        return o.ok() ? 0 : 1;
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = {"Which gateway runs what, from their retained MQTT heartbeats: status (online, stale: heartbeat "
          + "older than edge.rollout.heartbeat-stale-after, offline: connection lost, stopped), the model version it "
          + "serves, the one it was told to serve, its model state (serving, fetching, refused:<reason>, "
          + "failed:<reason>, none) and the heartbeat's age.", "With --json: one JSON object {\"gateways\":[...]}."})
  static final class Status implements Callable<Integer> {
    @ParentCommand ModelsCommand models;
    @Spec CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of the table.")
    boolean json;

    @Override
    public Integer call() {
      Config config = models.root.config();
      try (GatewayDirectory gateways = gatewayDirectory(config)) {
        List<StatusView.Row> rows = StatusView.rows(gateways.reports(), System.currentTimeMillis(),
            config.get(RolloutKeys.STALE_AFTER));
        spec.commandLine().getOut().print(json ? StatusView.json(rows) + System.lineSeparator() : StatusView.table(rows));
        return 0;
      }
    }
  }
}
