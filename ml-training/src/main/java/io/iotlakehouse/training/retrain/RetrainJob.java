package io.iotlakehouse.training.retrain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigArgs;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.lineage.LineageDataset;
import io.iotlakehouse.common.lineage.LineageEmitter;
import io.iotlakehouse.common.lineage.LineageEvents;
import io.iotlakehouse.registry.ExperimentTracker;
import io.iotlakehouse.registry.ExperimentTracker.MetricPoint;
import io.iotlakehouse.registry.ExperimentTracker.TrackedRun;
import io.iotlakehouse.registry.ModelRegistry;
import io.iotlakehouse.registry.RegisteredVersion;
import io.iotlakehouse.registry.RegistryException;
import io.iotlakehouse.registry.mlflow.MlflowModelRegistry;
import io.iotlakehouse.registry.mlflow.MlflowTracker;
import io.iotlakehouse.streaming.StreamingKeys;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.SparkLineage;
import io.iotlakehouse.streaming.io.VersionPins;
import io.iotlakehouse.training.TrainingKeys;
import io.iotlakehouse.training.edge.ModelBundle;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureOptions;
import io.iotlakehouse.training.features.FeatureSpec;
import io.iotlakehouse.training.model.XgbParams;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The monthly predictive-maintenance retrain: gold turbofan cycles pinned to one Delta version -> features (the shared
 * pure feature code, per engine in Spark) -> an XGBoost4J-Spark RUL regressor and a fails-within-30-cycles classifier
 * -> both scored on the holdout engines next to the current champion -> everything logged to MLflow (an experiment per
 * model) -> each model registered as a version with alias {@code challenger}.
 *
 * <p>Idempotent per month: each run is tagged {@value #MONTH_TAG}; a month whose runs finished is only re-checked
 * (registration and alias, both idempotent), and a month whose runs were interrupted resumes those runs, pinned to
 * the Delta version they recorded. Promotion to {@code champion} is not this job's decision.
 */
public final class RetrainJob {
  public static final String MONTH_TAG = "lakehouse.month";
  public static final String GOLD_TABLE_TAG = "lakehouse.gold.table";
  public static final String GOLD_VERSION_TAG = "lakehouse.gold.version";
  public static final String BEATS_CHAMPION_TAG = "lakehouse.beats_champion";
  public static final String CHALLENGER = "challenger";
  public static final String CHAMPION = "champion";

  /** The two models: what they learn, their label column, their file in the bundle and their curve metric. */
  enum Task {
    RUL(XgbParams.Objective.REGRESSION, "rul", ModelBundle.RUL_MODEL),
    FAILURE(XgbParams.Objective.BINARY, "fails", ModelBundle.FAILURE_MODEL);

    final XgbParams.Objective objective;
    final String label;
    final String file;

    Task(XgbParams.Objective objective, String label, String file) {
      this.objective = objective;
      this.label = label;
      this.file = file;
    }
  }

  private final SparkSession spark;
  private final RetrainSettings settings;
  private final ExperimentTracker tracker;
  private final ModelRegistry registry;
  private final VersionPins pins;
  private final LineageEmitter lineage;
  private final Consumer<String> log;

  /**
   * @param pins where the gold version read is pinned (so VACUUM keeps it readable for reproducing the run)
   * @param lineage receives the training lineage (gold version -> training dataset -> model version)
   */
  public RetrainJob(SparkSession spark, RetrainSettings settings, ExperimentTracker tracker, ModelRegistry registry,
      VersionPins pins, LineageEmitter lineage, Consumer<String> log) {
    this.spark = spark;
    this.settings = settings;
    this.tracker = tracker;
    this.registry = registry;
    this.pins = pins;
    this.lineage = lineage;
    this.log = log;
  }

  /** Retrains for {@code month}; {@code goldVersion} pins the table version (null: the table at the month's end). */
  public RetrainResult run(YearMonth month, Long goldVersion) throws IOException {
    long start = System.nanoTime();
    Map<Task, String> experiments = new TreeMap<>();
    Map<Task, Optional<TrackedRun>> previous = new TreeMap<>();
    for (Task task : Task.values()) {
      String experiment = tracker.experiment(modelName(task));
      experiments.put(task, experiment);
      previous.put(task, tracker.findRuns(experiment, MONTH_TAG, month.toString()).stream().findFirst());
    }
    if (previous.values().stream().allMatch(r -> r.isPresent() && "FINISHED".equals(r.get().status()))) {
      log.accept("month " + month + " was already trained: checking its registrations only");
      List<RetrainResult.ModelResult> models = new ArrayList<>();
      long version = Long.parseLong(previous.get(Task.RUL).get().tags().get(GOLD_VERSION_TAG));
      pin(month, version);
      for (Task task : Task.values()) {
        TrackedRun run = previous.get(task).get();
        RegisteredVersion registered = register(task, run, month);
        recordLineage(task, month, version, run.runId(), registered);
        models.add(new RetrainResult.ModelResult(modelName(task), run.runId(), registered.version(), run.metrics()));
      }
      return new RetrainResult(month.toString(), settings.goldTable(), version, true, models, seconds(start));
    }

    GoldTurbofanTable table = new GoldTurbofanTable(spark, settings.goldTable());
    long version = pinnedVersion(table, month, goldVersion, previous);
    pin(month, version);
    log.accept("reading " + table.path() + " at version " + version);
    Dataset<Row> cycles = table.read(version).cache();
    try {
      return train(month, version, cycles, experiments, previous, start);
    } finally {
      cycles.unpersist();
    }
  }

  private RetrainResult train(YearMonth month, long version, Dataset<Row> cycles, Map<Task, String> experiments,
      Map<Task, Optional<TrackedRun>> previous, long start) throws IOException {
    Timestamp newest = cycles.agg(max(col("event_time"))).first().getTimestamp(0);
    SparkTrainingData.Labelling labelling = new SparkTrainingData.Labelling(settings.rulCap(),
        settings.failureHorizon(), settings.holdoutPercent(),
        newest.getTime() - settings.completedAfter().toMillis());
    Map<String, Boolean> runToFailure = new TreeMap<>();
    for (Row r : cycles.groupBy("device_id").agg(max(col("event_time"))).collectAsList()) {
      runToFailure.put(r.getString(0), labelling.runToFailure(r.getTimestamp(1)));
    }
    List<String> trainEngines = engines(runToFailure, false);
    List<String> holdoutEngines = engines(runToFailure, true);
    if (trainEngines.isEmpty() || holdoutEngines.isEmpty()) {
      throw new LakehouseException("Gold table " + settings.goldTable() + " version " + version + " has "
          + trainEngines.size() + " run-to-failure engines for training and " + holdoutEngines.size() + " for the "
          + "holdout (of " + runToFailure.size() + " engines)", "both need at least one engine whose last cycle is more "
          + "than " + TrainingKeys.COMPLETED_AFTER.name() + " (" + settings.completedAfter() + ") before the newest "
          + "cycle (" + newest + ")", "let more turbofans run to failure, or change " + TrainingKeys.COMPLETED_AFTER.name()
          + " or " + TrainingKeys.HOLDOUT_PERCENT.name());
    }
    List<String> specEngines = trainEngines.subList(0, Math.min(trainEngines.size(), settings.specEngines()));
    FeatureSpec spec = FeatureSpec.fit(collect(cycles, specEngines), FeatureOptions.defaults());
    List<EngineSeries> holdout = collect(cycles, holdoutEngines);
    log.accept("feature spec fitted on " + specEngines.size() + " engines: " + spec.featureCount() + " features; "
        + holdoutEngines.size() + " holdout engines");

    Dataset<Row> rows = SparkTrainingData.build(cycles, spec, labelling).cache();
    Path scratch = Files.createTempDirectory("lakehouse-retrain-");
    try {
      Dataset<Row> training = rows.where("NOT holdout");
      Dataset<Row> evaluation = rows.where("holdout AND run_to_failure");
      long trainRows = training.count();
      long evalRows = evaluation.count();
      Map<Task, XgbSparkTrainer.Trained> trained = new TreeMap<>();
      for (Task task : Task.values()) {
        log.accept("training " + modelName(task) + " on " + trainRows + " rows");
        trained.put(task, XgbSparkTrainer.train(training, evaluation, task.label, settings.params(), task.objective,
            settings.workers(), settings.seed()));
      }
      Path bundle = scratch.resolve("bundle");
      ModelBundle.write(bundle, trained.get(Task.RUL).booster(), trained.get(Task.FAILURE).booster(), spec);

      Map<String, String> params = commonParams(month, version, spec, trainRows, evalRows, trainEngines.size(),
          holdoutEngines.size());
      List<RetrainResult.ModelResult> models = new ArrayList<>();
      for (Task task : Task.values()) {
        models.add(track(task, month, version, experiments.get(task), previous.get(task), params, trained.get(task),
            bundle, holdout, spec, scratch.resolve(task.name().toLowerCase(java.util.Locale.ROOT))));
      }
      return new RetrainResult(month.toString(), settings.goldTable(), version, false, models, seconds(start));
    } finally {
      rows.unpersist();
      deleteTree(scratch);
    }
  }

  /** Logs one model's run, uploads its artifacts, registers it and ends the run. */
  private RetrainResult.ModelResult track(Task task, YearMonth month, long version, String experiment,
      Optional<TrackedRun> previous, Map<String, String> params, XgbSparkTrainer.Trained trained, Path bundle,
      List<EngineSeries> holdout, FeatureSpec spec, Path dir) throws IOException {
    String name = modelName(task);
    Path modelDir = Files.createDirectories(dir.resolve("model"));
    Files.copy(bundle.resolve(ModelBundle.FEATURE_SPEC), modelDir.resolve(ModelBundle.FEATURE_SPEC));
    if (task == Task.RUL) { // the RUL model's versions are the complete edge bundle
      Files.copy(bundle.resolve(ModelBundle.RUL_MODEL), modelDir.resolve(ModelBundle.RUL_MODEL));
    }
    Files.copy(bundle.resolve(ModelBundle.FAILURE_MODEL), modelDir.resolve(ModelBundle.FAILURE_MODEL));

    HoldoutEvaluation candidate = HoldoutEvaluation.of(modelDir.resolve(task.file),
        modelDir.resolve(ModelBundle.FEATURE_SPEC), task.objective, holdout, settings.rulCap(),
        settings.failureHorizon());
    Optional<ScoredChampion> scored = champion(task, holdout, dir.resolve("champion"));
    Optional<HoldoutEvaluation> champion = scored.map(ScoredChampion::evaluation);

    Map<String, String> runParams = new LinkedHashMap<>(params);
    runParams.put("objective", task.objective.xgbName());
    runParams.put("label", task.label);
    List<MetricPoint> metrics = new ArrayList<>();
    curve(metrics, "train_" + task.objective.evalMetric(), trained.trainCurve());
    curve(metrics, "eval_" + task.objective.evalMetric(), trained.evalCurve());
    candidate.metrics().forEach((k, v) -> metrics.add(new MetricPoint(k, v, 0)));
    champion.ifPresent(c -> c.metrics().forEach((k, v) -> metrics.add(new MetricPoint("champion_" + k, v, 0))));
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(BEATS_CHAMPION_TAG, champion.map(c -> Boolean.toString(beats(task, candidate, c))).orElse("no champion"));
    scored.ifPresent(c -> tags.put(CHAMPION_VERSION_TAG, c.version()));

    Path plot = dir.resolve("evaluation.png");
    plot(task, candidate, champion, plot);
    Path features = Files.write(dir.resolve("features.txt"), spec.featureNames());

    TrackedRun run = previous.orElseGet(() -> tracker.startRun(experiment, name + "-" + month, runTags(month, version)));
    if (previous.isPresent()) {
      log.accept("resuming the interrupted run " + run.runId() + " of " + name + " for " + month);
    }
    tracker.log(run.runId(), runParams, metrics, tags);
    tracker.uploadArtifacts(run, "model", modelDir);
    tracker.uploadArtifact(run, "evaluation.png", plot);
    tracker.uploadArtifact(run, "features.txt", features);
    RegisteredVersion registered = register(task, run, month);
    tracker.endRun(run.runId(), "FINISHED");
    recordLineage(task, month, version, run.runId(), registered);
    log.accept(name + ": run " + run.runId() + ", version " + registered.version() + " (" + CHALLENGER + "), "
        + candidate.metrics());
    return new RetrainResult.ModelResult(name, run.runId(), registered.version(), candidate.metrics());
  }

  /** Registers the run's model (idempotent: keyed by the run), tags it with the month and points challenger at it. */
  private RegisteredVersion register(Task task, TrackedRun run, YearMonth month) {
    String name = modelName(task);
    RegisteredVersion v = registry.registerVersion(name, run.runId(), run.artifactUri() + "/model",
        Map.of(MONTH_TAG, month.toString(), GOLD_VERSION_TAG, run.tags().getOrDefault(GOLD_VERSION_TAG, "")));
    registry.setAlias(name, CHALLENGER, v.version());
    return v;
  }

  /**
   * Pins the gold version the month's runs read ({@code pinned_by} = {@code retrain-<month>}), so VACUUM keeps it
   * readable and the run stays reproducible; pinning again changes nothing. A gold table outside the lake is not
   * pinned (said in the log).
   */
  private void pin(YearMonth month, long version) {
    Optional<String> table = pins.tableAt(settings.goldTable());
    if (table.isEmpty()) {
      log.accept("not pinning " + settings.goldTable() + " version " + version + ": the table is outside the lake; "
          + "VACUUM of it may delete that version (pin it where its maintenance runs)");
      return;
    }
    pins.pin(table.get(), version, "retrain-" + month, "the monthly retrain of " + month + " read this version");
    log.accept("pinned " + table.get() + " version " + version + " for retrain-" + month);
  }

  /** Lineage of one model: the gold version -> {@code <model>-<month>} training dataset -> the registered version. */
  private void recordLineage(Task task, YearMonth month, long version, String runId, RegisteredVersion registered) {
    LineageDataset gold = SparkLineage.delta(settings.goldTable()).withVersion(Long.toString(version));
    String name = modelName(task);
    LineageEvents.training("retrain-" + name, runId, List.of(gold),
        LineageDataset.trainingDataset(name + "-" + month, Map.of(gold.shortName(), version)),
        LineageDataset.modelVersion(name, Integer.parseInt(registered.version()), runId)).forEach(lineage::emit);
  }

  /** The champion version a run's {@code champion_*} metrics were measured on (absent: there was no champion). */
  public static final String CHAMPION_VERSION_TAG = "lakehouse.champion_version";

  private record ScoredChampion(String version, HoldoutEvaluation evaluation) {}

  /** The current champion scored on the same holdout with its own feature spec, if there is one. */
  private Optional<ScoredChampion> champion(Task task, List<EngineSeries> holdout, Path dir) throws IOException {
    RegisteredVersion champion;
    try {
      champion = registry.getByAlias(modelName(task), CHAMPION);
    } catch (RegistryException e) {
      if (e.reason() == RegistryException.Reason.ALIAS_NOT_FOUND
          || e.reason() == RegistryException.Reason.MODEL_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    Path files = registry.downloadArtifacts(champion, dir);
    log.accept("scoring champion version " + champion.version() + " of " + modelName(task) + " on the holdout");
    return Optional.of(new ScoredChampion(champion.version(), HoldoutEvaluation.of(files.resolve(task.file),
        files.resolve(ModelBundle.FEATURE_SPEC), task.objective, holdout, settings.rulCap(), settings.failureHorizon())));
  }

  private static boolean beats(Task task, HoldoutEvaluation candidate, HoldoutEvaluation champion) {
    String key = task == Task.RUL ? "holdout_rmse" : "holdout_auc";
    Double c = candidate.metrics().get(key);
    Double old = champion.metrics().get(key);
    if (c == null || old == null) {
      return false;
    }
    return task == Task.RUL ? c < old : c > old;
  }

  private void plot(Task task, HoldoutEvaluation candidate, Optional<HoldoutEvaluation> champion, Path file)
      throws IOException {
    List<EvaluationPlot.Series> series = new ArrayList<>();
    series.add(new EvaluationPlot.Series("candidate", new Color(0x1f77b4), candidate.truth(), candidate.predicted()));
    champion.ifPresent(c -> series.add(new EvaluationPlot.Series("champion", new Color(0xff7f0e), c.truth(),
        c.predicted())));
    if (task == Task.RUL) {
      EvaluationPlot.write(file, modelName(task) + ": holdout " + candidate.metrics().get("holdout_rmse") + " RMSE",
          "true RUL (capped at " + (int) settings.rulCap() + ")", "predicted RUL", series, true, Double.NaN);
    } else {
      EvaluationPlot.write(file, modelName(task) + ": holdout AUC " + candidate.metrics().get("holdout_auc"),
          "true remaining cycles", "P(fails within " + settings.failureHorizon() + ")", series, false, 0.5);
    }
  }

  private long pinnedVersion(GoldTurbofanTable table, YearMonth month, Long requested,
      Map<Task, Optional<TrackedRun>> previous) {
    Optional<String> recorded = previous.values().stream().flatMap(Optional::stream)
        .map(r -> r.tags().get(GOLD_VERSION_TAG)).filter(v -> v != null).findFirst();
    if (recorded.isPresent()) {
      long v = Long.parseLong(recorded.get());
      if (requested != null && requested != v) {
        throw new LakehouseException("--gold-version " + requested + " differs from version " + v + " that the "
            + "interrupted " + month + " run recorded", "a month's runs are pinned to one table version",
            "rerun without --gold-version to finish that run, or delete the month's runs in MLflow first");
      }
      return v;
    }
    return requested != null ? requested : table.versionAtEndOf(month);
  }

  private Map<String, String> runTags(YearMonth month, long version) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(MONTH_TAG, month.toString());
    tags.put(GOLD_TABLE_TAG, settings.goldTable());
    tags.put(GOLD_VERSION_TAG, Long.toString(version));
    tags.put("lakehouse.job", "monthly-retrain");
    return tags;
  }

  private Map<String, String> commonParams(YearMonth month, long version, FeatureSpec spec, long trainRows,
      long evalRows, int trainEngines, int holdoutEngines) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("month", month.toString());
    p.put("gold_table", settings.goldTable());
    p.put("gold_table_version", Long.toString(version));
    settings.params().asMap().forEach((k, v) -> p.put(k, v.toString()));
    p.put("tree_method", "hist");
    p.put("max_bin", Integer.toString(XgbParams.MAX_BIN));
    p.put("workers", Integer.toString(settings.workers()));
    p.put("seed", Long.toString(settings.seed()));
    p.put("rul_cap", Double.toString(settings.rulCap()));
    p.put("failure_horizon", Integer.toString(settings.failureHorizon()));
    p.put("holdout_percent", Integer.toString(settings.holdoutPercent()));
    p.put("completed_after", settings.completedAfter().toString());
    p.put("feature_count", Integer.toString(spec.featureCount()));
    p.put("feature_windows", java.util.Arrays.toString(spec.windows()));
    p.put("feature_sensors", java.util.Arrays.toString(spec.sensors()));
    p.put("train_rows", Long.toString(trainRows));
    p.put("holdout_rows", Long.toString(evalRows));
    p.put("train_engines", Integer.toString(trainEngines));
    p.put("holdout_engines", Integer.toString(holdoutEngines));
    return p;
  }

  private List<String> engines(Map<String, Boolean> runToFailure, boolean holdout) {
    List<String> out = new ArrayList<>();
    runToFailure.forEach((device, completed) -> {
      if (completed && EngineRows.inHoldout(device, settings.holdoutPercent()) == holdout) {
        out.add(device);
      }
    });
    return out;
  }

  private static List<EngineSeries> collect(Dataset<Row> cycles, List<String> devices) {
    Map<String, List<Row>> byDevice = new TreeMap<>();
    for (Row r : cycles.where(col("device_id").isin(devices.toArray())).collectAsList()) {
      byDevice.computeIfAbsent(r.getString(0), d -> new ArrayList<>()).add(r);
    }
    return byDevice.values().stream().map(SparkTrainingData::engine).toList();
  }

  private static void curve(List<MetricPoint> out, String key, float[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isNaN(values[i])) {
        out.add(new MetricPoint(key, values[i], i + 1));
      }
    }
  }

  private String modelName(Task task) {
    return task == Task.RUL ? settings.rulModel() : settings.failureModel();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ entry point

  /** Keys the spark-submit main accepts. */
  public static List<ConfigKey<?>> keys() {
    List<ConfigKey<?>> keys = new ArrayList<>(PlatformKeys.keys());
    keys.addAll(TrainingKeys.keys());
    keys.add(StreamingKeys.LAKE_ROOT);
    return keys;
  }

  /** {@code --month YYYY-MM} (required). */
  public static YearMonth parseMonth(String text) {
    try {
      return YearMonth.parse(text);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new LakehouseException("Invalid --month '" + text + "'", "the month is written YYYY-MM",
          "pass e.g. --month 2026-11");
    }
  }

  /**
   * Runs the job with a tracking server and registry at {@code trackingUri}; pins go to the lake of {@code config}
   * ({@code lake.root}) and lineage to its emitter ({@link LineageEmitter#of}).
   */
  public static RetrainResult run(SparkSession spark, RetrainSettings settings, URI trackingUri, Config config,
      YearMonth month, Long goldVersion, Consumer<String> log) throws IOException {
    try (MlflowTracker tracker = new MlflowTracker(trackingUri);
        MlflowModelRegistry registry = new MlflowModelRegistry(trackingUri);
        LineageEmitter lineage = LineageEmitter.of(config)) {
      return new RetrainJob(spark, settings, tracker, registry, new VersionPins(spark, Lake.from(config)), lineage, log)
          .run(month, goldVersion);
    }
  }

  /**
   * spark-submit entry point: {@code --month YYYY-MM [--gold-version N] --conf ml.retrain.gold-table=...
   * --conf mlflow.tracking-uri=http://... [--conf key=value]... [--config-file F]}. Prints the result JSON as the
   * last line.
   */
  public static void main(String[] args) throws IOException, XGBoostError {
    String month = null;
    Long goldVersion = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--month") && i + 1 < args.length) {
        month = args[++i];
      } else if (args[i].equals("--gold-version") && i + 1 < args.length) {
        goldVersion = Long.parseLong(args[++i]);
      } else {
        rest.add(args[i]);
      }
    }
    Config config = ConfigArgs.parse(rest.toArray(new String[0]), keys());
    ConfigArgs.require(config, TrainingKeys.GOLD_TABLE, "spark-submit runs have no lake layout to derive it from");
    ConfigArgs.require(config, PlatformKeys.MLFLOW_TRACKING_URI, "the job logs to and registers in an MLflow server");
    SparkSession spark = SparkSession.builder().appName("lakehouse-ml-retrain")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    try {
      RetrainResult r = run(spark, RetrainSettings.from(config, config.get(TrainingKeys.GOLD_TABLE)),
          URI.create(config.get(PlatformKeys.MLFLOW_TRACKING_URI)), config, parseMonth(month), goldVersion,
          System.err::println);
      System.out.println(r.toJson());
    } finally {
      spark.stop();
    }
  }
}
