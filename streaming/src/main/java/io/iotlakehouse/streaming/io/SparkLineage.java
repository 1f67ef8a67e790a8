package io.iotlakehouse.streaming.io;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.lineage.LineageDataset;
import io.iotlakehouse.common.lineage.LineageEmitter;
import io.iotlakehouse.common.lineage.LineageEvent;
import io.iotlakehouse.common.lineage.LineageEvents;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lineage of a streaming job: START when its query starts (inputs and outputs; nothing is read there, since Spark
 * calls onQueryStarted inside start()), then, from the first micro-batch on, versions and schemas (schemas read once
 * per run): RUNNING
 * when a Delta table it writes gets a new version (checked once per micro-batch by listing the table's
 * {@code _delta_log}: cheap, never per row), COMPLETE or FAIL when it stops. Events go to {@link LineageEmitter}
 * (Kafka topic {@code kafka.topic.lineage}); nothing here can fail or slow the query.
 */
public final class SparkLineage extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(SparkLineage.class);
  private static final Map<String, LineageEmitter> EMITTERS = new ConcurrentHashMap<>();
  /** Listeners whose query started and has not sent its COMPLETE or FAIL yet. */
  private static final Set<SparkLineage> RUNNING = ConcurrentHashMap.newKeySet();
  /** How long the JVM's exit waits for those last events. */
  private static final Duration LAST_EVENTS_WAIT = Duration.ofSeconds(5);

  /** What one job reads and writes. Delta datasets get their version and schema filled in at each event. */
  public record Job(String query, String checkpoint, List<LineageDataset> inputs, List<LineageDataset> outputs) {
    /** The event for run {@code runId}, with Delta tables at {@code versions} and {@code schemas} (by path). */
    public LineageEvent event(LineageEvent.Type type, String runId, Map<String, Long> versions,
        Map<String, List<LineageDataset.Field>> schemas) {
      return LineageEvent.of(type, query, LineageEvent.JobKind.STREAMING_JOB, runId, Map.of("checkpoint", checkpoint),
          fill(inputs, versions, schemas), fill(outputs, versions, schemas));
    }

    private static List<LineageDataset> fill(List<LineageDataset> ds, Map<String, Long> versions,
        Map<String, List<LineageDataset.Field>> schemas) {
      List<LineageDataset> out = new ArrayList<>();
      for (LineageDataset d : ds) {
        Long v = versions.get(d.name());
        List<LineageDataset.Field> f = schemas.get(d.name());
        LineageDataset x = f == null ? d : d.withFields(f);
        out.add(v == null ? x : x.withVersion(Long.toString(v)));
      }
      return out;
    }
  }

  /** A Delta table at {@code <root>/<layer>/<table>} (the lake's layout). */
  public static LineageDataset delta(String path) {
    String[] parts = path.replaceAll("/+$", "").split("/");
    String layer = parts.length > 1 ? parts[parts.length - 2] : "lake";
    return LineageDataset.deltaTable(path, layer, parts[parts.length - 1], null, List.of());
  }

  public static List<LineageDataset> deltas(String... paths) {
    return Arrays.stream(paths).map(SparkLineage::delta).toList();
  }

  /** The telemetry topic with the event contract's fields. */
  public static LineageDataset telemetryTopic(Config config) {
    return LineageEvents.telemetryTopic(config.get(PlatformKeys.KAFKA_BOOTSTRAP), config.get(PlatformKeys.TOPIC_TELEMETRY));
  }

  /** Reports {@code job}'s lineage while its query runs in {@code spark}; a no-op when lineage is off. */
  public static void register(SparkSession spark, Config config, Job job) {
    LineageEmitter emitter = EMITTERS.computeIfAbsent(config.get(PlatformKeys.KAFKA_BOOTSTRAP) + "|"
        + config.get(PlatformKeys.TOPIC_LINEAGE) + "|" + config.get(PlatformKeys.LINEAGE_ENABLED), k -> {
          LineageEmitter e = LineageEmitter.of(config);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAfterLastEvents(e, LAST_EVENTS_WAIT),
              "lineage-emitter-close"));
          return e;
        });
    if (emitter == LineageEmitter.NONE) return;
    register(spark, job, emitter);
  }

  static void register(SparkSession spark, Job job, LineageEmitter emitter) {
    spark.streams().addListener(new SparkLineage(spark, job, emitter));
  }

  /**
   * Closes {@code emitter} once every query reporting to it has sent its last event (COMPLETE or FAIL), waiting at
   * most {@code max}. A job whose query fails exits at once, and Spark calls onQueryTerminated on its listener thread
   * while the JVM's shutdown hooks already run: closing straight away lost the FAIL (seen in `chaos disk-full`).
   */
  static void closeAfterLastEvents(LineageEmitter emitter, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    try {
      while (RUNNING.stream().anyMatch(l -> l.emitter == emitter) && System.nanoTime() < deadline) Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    emitter.close();
  }

  private final SparkSession spark;
  private final Job job;
  private final LineageEmitter emitter;
  private final Map<String, Long> versions = new HashMap<>();
  private final Map<String, List<LineageDataset.Field>> schemas = new HashMap<>();
  private volatile java.util.UUID queryId;

  private SparkLineage(SparkSession spark, Job job, LineageEmitter emitter) {
    this.spark = spark;
    this.job = job;
    this.emitter = emitter;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    if (!job.query().equals(event.name())) return;
    // Spark calls this synchronously inside start(): no I/O here; the first progress reads versions and schemas
    queryId = event.id();
    RUNNING.add(this);
    emitter.emit(job.event(LineageEvent.Type.START, event.runId().toString(), versions, schemas));
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    if (!event.progress().id().equals(queryId)) return;
    if (refresh()) {
      emitter.emit(job.event(LineageEvent.Type.RUNNING, event.progress().runId().toString(), versions, schemas));
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (!event.id().equals(queryId)) return;
    refresh();
    emitter.emit(job.event(event.exception().isDefined() ? LineageEvent.Type.FAIL : LineageEvent.Type.COMPLETE,
        event.runId().toString(), versions, schemas));
    RUNNING.remove(this);
    spark.streams().removeListener(this);
  }

  /** Reads the versions of the Delta tables the job writes; true when one advanced. */
  private synchronized boolean refresh() {
    boolean advanced = false;
    for (LineageDataset d : job.outputs()) {
      if (d.kind() != LineageDataset.Kind.DELTA_TABLE) continue;
      String path = d.namespace().equals("file") ? d.name() : d.qualifiedName();
      try {
        long v = latestVersion(path);
        Long before = versions.put(d.name(), v);
        if (before == null || v > before) {
          advanced = true;
          // columns are added only when a job starts (DeltaTables.ensure): read the schema once per run
          if (!schemas.containsKey(d.name())) schemas.put(d.name(), schema(path));
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("no Delta version for {} yet: {}", path, e.toString());
      }
    }
    return advanced;
  }

  private long latestVersion(String path) throws IOException {
    Path log = new Path(path, "_delta_log");
    FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
    long max = -1;
    for (FileStatus s : fs.listStatus(log)) {
      String n = s.getPath().getName();
      if (n.matches("\\d{20}\\.json")) max = Math.max(max, Long.parseLong(n.substring(0, 20)));
    }
    if (max < 0) throw new IOException("no commits in " + log);
    return max;
  }

  private List<LineageDataset.Field> schema(String path) {
    List<LineageDataset.Field> fields = new ArrayList<>();
    for (StructField f : spark.read().format("delta").load(path).schema().fields()) {
      fields.add(new LineageDataset.Field(f.name(), f.dataType().simpleString()));
    }
    return fields;
  }
}
