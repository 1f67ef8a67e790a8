package io.iotlakehouse.bench.chaos;

import io.iotlakehouse.batch.BatchKeys;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.hot.RedisLayout;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.edge.Gateway;
import io.iotlakehouse.edge.GatewayKeys;
import io.iotlakehouse.edge.KafkaUplink;
import io.iotlakehouse.edge.GatewayMain;
import io.iotlakehouse.edge.io.SqliteEventBuffer;
import io.iotlakehouse.simulators.Fleet;
import io.iotlakehouse.simulators.SequenceStore;
import io.iotlakehouse.simulators.SimulatorRunner;
import io.iotlakehouse.stack.ChildProcess;
import io.iotlakehouse.stack.LocalStack;
import io.iotlakehouse.stack.SparkJvm;
import io.iotlakehouse.streaming.io.GoldTables;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.Redis;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.job.BronzeJob;
import io.iotlakehouse.streaming.job.GoldJob;
import io.iotlakehouse.streaming.job.HotPathJob;
import io.iotlakehouse.streaming.job.SilverJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * The real pipeline for a fault campaign, every part in its own process where production runs it so: the local stack
 * (Kafka KRaft and HiveMQ in child JVMs, redis-server), the gateway (child JVM), the bronze, silver, gold and hot path
 * jobs (one child JVM each, as {@code ./lakehouse <job>} runs them), and simulated devices (this JVM). A supervisor
 * restarts any job or gateway that exits on its own (as a cluster manager would) and counts it. Progress is measured
 * on the lake itself (row counts per layer) with a small Spark session in this JVM.
 */
public final class ChaosPipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChaosPipeline.class);

  /** The streaming jobs, each in its own JVM. */
  public enum Job {
    BRONZE(BronzeJob.class, BronzeJob.keys(), Lake.BRONZE_TELEMETRY_QUERY), SILVER(SilverJob.class, SilverJob.keys(), SilverJob.QUERY),
    GOLD(GoldJob.class, GoldJob.keys(), GoldJob.QUERY), HOTPATH(HotPathJob.class, HotPathJob.keys(), HotPathJob.QUERY);

    final String mainClass;
    final List<ConfigKey<?>> keys;
    final String query;

    Job(Class<?> main, List<ConfigKey<?>> keys, String query) {
      this.mainClass = main.getName();
      this.keys = keys;
      this.query = query;
    }

    String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Path work;
  private final LocalStack stack;
  private final Config config;
  private final Lake lake;
  private final SparkSession spark;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Jedis redis;
  private final Map<Job, ChildProcess> jobs = new EnumMap<>(Job.class);
  private final Map<Job, Integer> starts = new EnumMap<>(Job.class);
  private final Map<String, Integer> batchStarts = new java.util.HashMap<>();
  private final ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor();
  private ChildProcess gateway;
  private int gatewayStarts;
  private SimulatorRunner devices;
  private boolean devicesStopped;
  private int unplannedRestarts;
  private volatile boolean kafkaDown;
  private volatile boolean restartsHeld;
  private final Map<Job, Exit> exits = new EnumMap<>(Job.class);

  /** How a job's JVM ended on its own while restarts were held: exit code and the last lines of its log. */
  public record Exit(Job job, String process, int exitCode, String logTail) {}

  private ChaosPipeline(Path work, LocalStack stack) {
    this.work = work;
    this.stack = stack;
    // the gateway reaches Kafka as at a site: through every node's secure listener when the stack has one
    this.config = stack.kafkaCluster().gatewayAccess()
        .map(a -> KafkaUplink.apply(stack.config(), a.bootstrapServers(), a.security())).orElse(stack.config());
    this.lake = Lake.from(config);
    this.spark = SparkSessions.create("chaos-observer", "local[1]");
    spark.sparkContext().setLogLevel("WARN");
    this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", config.get(PlatformKeys.KAFKA_BOOTSTRAP)),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.redis = Redis.open(config.get(PlatformKeys.REDIS_URL), 5000);
  }

  /** Starts the stack, the gateway, the four jobs and the devices; {@code config}'s work dir holds everything. */
  public static ChaosPipeline start(Config config) throws InterruptedException {
    Path work = config.get(PlatformKeys.WORK_DIR).toAbsolutePath();
    ChaosPipeline p = new ChaosPipeline(work, LocalStack.start(config));
    try {
      // MQTT over TLS (the stack's default): every device and the gateway need a certificate of the dev CA
      p.stack.issue(TlsRole.DEVICE, Fleet.registrations(p.config).stream().map(Fleet.Registration::deviceId).toList());
      p.stack.issue(TlsRole.GATEWAY, List.of(p.config.get(GatewayKeys.GATEWAY_ID)));
      p.startGateway();
      for (Job j : Job.values()) p.startJob(j);
      p.devices = SimulatorRunner.start(p.config, p.config.get(PlatformKeys.MQTT_HOST), p.config.get(PlatformKeys.MQTT_PORT),
          new SequenceStore(p.producedFile()));
      p.supervisor.scheduleWithFixedDelay(p::supervise, 2, 2, TimeUnit.SECONDS);
      return p;
    } catch (RuntimeException | InterruptedException e) {
      p.close();
      throw e;
    }
  }

  public Config config() {
    return config;
  }

  public Path producedFile() {
    return work.resolve("simulators/sequences.properties");
  }

  public Path gatewayState() {
    return Gateway.bufferDir(config);
  }

  public Lake lake() {
    return lake;
  }

  public SparkSession spark() {
    return spark;
  }

  public synchronized int unplannedRestarts() {
    return unplannedRestarts;
  }

  /** SIGKILL a job and start it again at once; returns when the new JVM is spawned. */
  public synchronized void killAndRestart(Job job) {
    jobs.get(job).kill();
    startJob(job);
  }

  /** SIGKILL the gateway and start it again on the same buffer folder. */
  public synchronized void killAndRestartGateway() throws InterruptedException {
    gateway.kill();
    startGateway();
  }

  /** SIGKILL every Kafka node (an outage for the gateway and every job). */
  public void killKafka() {
    kafkaDown = true;
    stack.kafkaCluster().kill();
  }

  /** Stops every Kafka node cleanly, all at once (a full cluster stop). */
  public void stopKafka() {
    kafkaDown = true;
    stack.kafkaCluster().stop();
  }

  /** Starts every Kafka node again on its folder and ports; returns when all are ready. */
  public void startKafka() {
    stack.kafkaCluster().start();
    kafkaDown = false;
  }

  /** Nodes of the Kafka cluster ({@code stack.kafka.nodes}). */
  public int kafkaNodes() {
    return stack.kafkaCluster().size();
  }

  /** SIGKILL Kafka node {@code id} (1-based); the others keep serving. */
  public void killBroker(int id) {
    stack.kafkaCluster().node(id).kill();
  }

  /** Starts Kafka node {@code id} again on its folder and ports; returns when it is a broker of the cluster again. */
  public void startBroker(int id) {
    stack.kafkaCluster().node(id).start();
  }

  /** Partitions whose in-sync replicas are fewer than their replicas (or without a leader). */
  public int underReplicatedPartitions() {
    return stack.kafkaCluster().underReplicatedPartitions();
  }

  /**
   * While held, the supervisor restarts no job; a job that exits meanwhile is recorded ({@link #exits}) and restarted
   * once restarts are released.
   */
  public void holdRestarts(boolean hold) {
    restartsHeld = hold;
  }

  /** The jobs that exited on their own while restarts were held (cleared by {@link #clearExits}). */
  public synchronized List<Exit> exits() {
    return List.copyOf(exits.values());
  }

  public synchronized void clearExits() {
    exits.clear();
  }

  /** Epoch millis of the start of the last batch of {@code job} reported in Redis (0 when none). */
  public long lastBatch(Job job) {
    return lastBatch(job.query);
  }

  /** Stops the devices; their sequence file then holds each device's highest seq produced. */
  public long stopDevices() {
    if (!devicesStopped) devices.close();
    devicesStopped = true;
    return devices.published();
  }

  public long published() {
    return devices.published();
  }

  // ------------------------------------------------------------------ progress, measured on the lake

  /** Records in the telemetry topic (sum of end offsets). */
  public long kafkaRecords() {
    List<TopicPartition> tps = new ArrayList<>();
    String topic = config.get(PlatformKeys.TOPIC_TELEMETRY);
    synchronized (consumer) {
      consumer.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
      return consumer.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  public long bronzeRows() {
    return count(lake.bronzeTelemetry());
  }

  /** Bronze rows silver has routed: silver + quarantine + duplicates. */
  public long silverRoutedRows() {
    return count(lake.table("silver", "telemetry")) + count(lake.table("silver", "quarantine")) + count(lake.table("silver", "duplicates"));
  }

  public long silverRows() {
    return count(lake.table("silver", "telemetry"));
  }

  /** Silver rows gold's batches have consumed (sum of rows in gold/_progress; each batch is recorded once). */
  public long goldConsumedRows() {
    try {
      return spark.read().format("delta").load(GoldTables.in(lake).progress()).agg(functions.sum("rows")).first().getLong(0);
    } catch (Exception e) {
      return 0; // no table, or no batch yet
    }
  }

  /** Epoch millis of the start of a query's last reported batch (0 when none). */
  private long lastBatch(String query) {
    synchronized (redis) {
      String ts = redis.hget(RedisLayout.pipeline(query), "timestamp");
      return ts == null ? 0 : Long.parseLong(ts);
    }
  }

  /** Entries the gateway has not handed to Kafka yet. */
  public long gatewayBuffered() {
    return SqliteEventBuffer.readState(gatewayState()).bufferedEntries();
  }

  /** Seqs the gateway has accepted so far. */
  public long gatewayAccepted() {
    return SqliteEventBuffer.readState(gatewayState()).accepted().values().stream().mapToLong(s -> s.count()).sum();
  }

  /** Every layer holds what its upstream holds: buffer empty, bronze = Kafka, silver routed = bronze, gold = silver. */
  public boolean caughtUp() {
    long kafka = kafkaRecords();
    long bronze = bronzeRows();
    return gatewayBuffered() == 0 && bronze == kafka && silverRoutedRows() == bronze && goldConsumedRows() == silverRows();
  }

  /**
   * A condition that holds once {@code job}, restarted just before this call, has completed a batch of its own (its
   * progress in Redis is newer than this call) and its output holds what its input held at this call.
   */
  public BooleanSupplier caughtUpWith(Job job) {
    return caughtUpWith(job, System.currentTimeMillis());
  }

  /**
   * A condition that holds once {@code job}, restarted at epoch millis {@code since}, has completed a batch it started
   * after then and its output holds what its input holds at this call.
   */
  public BooleanSupplier caughtUpWith(Job job, long since) {
    BooleanSupplier newBatch = () -> lastBatch(job.query) > since;
    switch (job) {
      case BRONZE: {
        long target = kafkaRecords();
        return () -> newBatch.getAsBoolean() && bronzeRows() >= target;
      }
      case SILVER: {
        long target = bronzeRows();
        return () -> newBatch.getAsBoolean() && silverRoutedRows() >= target;
      }
      case GOLD: {
        long target = silverRows();
        return () -> newBatch.getAsBoolean() && goldConsumedRows() >= target;
      }
      default:
        return newBatch;
    }
  }

  /**
   * Polls {@code condition} every 2 s; false on timeout. Errors while polling (a table being written) retry. A poll
   * counts Delta tables with Spark, so polling faster would take CPU from the jobs being measured; recovery times are
   * therefore up to 2 s late.
   */
  public static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.getAsBoolean()) return true;
      } catch (RuntimeException e) {
        LOG.debug("progress check failed, retrying: {}", e.toString());
      }
      Thread.sleep(2000);
    }
    return false;
  }

  private long count(String table) {
    try {
      return spark.read().format("delta").load(table).count();
    } catch (Exception e) {
      return 0; // not created yet
    }
  }

  /** A batch job's run beside the streams: exit code (-1: killed at its timeout), wall time, the last line of its output. */
  public record BatchRun(String job, long atMs, int exitCode, long ms, String lastLine) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /**
   * Runs a batch job ({@code main}, e.g. {@code CompactJob}) in a JVM of its own with the pipeline's config, as a
   * scheduler would beside the streams, and waits for it (killed after {@code timeout}); {@code atMs} is for the report.
   */
  public BatchRun runBatchJob(String name, Class<?> main, long atMs, Duration timeout) {
    int n;
    synchronized (batchStarts) {
      n = batchStarts.merge(name, 1, Integer::sum);
    }
    List<String> jvm = new ArrayList<>(SparkJvm.options());
    jvm.add("-Xmx1g");
    long t = System.nanoTime();
    ChildProcess c = ChildProcess.startJvm(name + "-" + n, System.getProperty("java.class.path"), main.getName(), jvm,
        config.asArgs(BatchKeys.jobKeys()), work.resolve("logs/" + name + "-" + n + ".log"));
    try {
      boolean done = c.waitFor(timeout);
      if (!done) c.kill();
      int code = done ? c.exitCode().orElse(-1) : -1;
      // the result is one JSON line on stdout; a refusal or crash ends with its reason on stderr
      String last = c.logTail(code == 0 ? 1 : 5).strip();
      return new BatchRun(name, atMs, code, (System.nanoTime() - t) / 1_000_000, last);
    } finally {
      c.close();
    }
  }

  // ------------------------------------------------------------------ processes

  private void startJob(Job job) {
    int n = starts.merge(job, 1, Integer::sum);
    List<String> jvm = new ArrayList<>(SparkJvm.options());
    jvm.add("-Xmx1g");
    jobs.put(job, ChildProcess.startJvm(job.id() + "-" + n, System.getProperty("java.class.path"), job.mainClass, jvm,
        config.asArgs(job.keys), work.resolve("logs/" + job.id() + "-" + n + ".log")));
  }

  private void startGateway() throws InterruptedException {
    gatewayStarts++;
    gateway = ChildProcess.startJvm("gateway-" + gatewayStarts, System.getProperty("java.class.path"), GatewayMain.class.getName(),
        List.of("-Xmx384m", "-XX:+UseSerialGC"), config.asArgs(GatewayMain.keys()), work.resolve("logs/gateway-" + gatewayStarts + ".log"));
    if (!await(() -> gateway.logTail(200).contains("gateway started") || !gateway.isAlive(), Duration.ofSeconds(90))
        || !gateway.isAlive()) {
      throw new IllegalStateException("the gateway did not start; last lines of " + gateway.log() + ":\n" + gateway.logTail(30));
    }
  }

  /** Restarts what died on its own (not a planned kill: those restart under the same lock). */
  private synchronized void supervise() {
    if (kafkaDown) return; // jobs may fail while the broker is away; restart them once it is back
    for (Job j : Job.values()) {
      ChildProcess c = jobs.get(j);
      if (!c.isAlive() && restartsHeld) {
        if (!exits.containsKey(j)) {
          Exit e = new Exit(j, c.name(), c.exitCode().orElse(-1), c.logTail(60));
          exits.put(j, e);
          LOG.warn("{} exited on its own with code {} (log {}); restarts held:\n{}", c.name(), e.exitCode(), c.log(), c.logTail(15));
        }
      } else if (!c.isAlive()) {
        LOG.warn("{} exited on its own (log {}), restarting it:\n{}", c.name(), c.log(), c.logTail(15));
        unplannedRestarts++;
        startJob(j);
      }
    }
  }

  @Override
  public void close() {
    supervisor.shutdownNow();
    if (devices != null) stopDevices();
    synchronized (this) {
      jobs.values().forEach(c -> c.stop(Duration.ofSeconds(30)));
      if (gateway != null) gateway.close();
    }
    consumer.close();
    redis.close();
    spark.stop();
    stack.close();
  }
}
