package io.iotlakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.common.tls.TlsRole;
import io.iotlakehouse.edge.Gateway;
import io.iotlakehouse.edge.GatewayKeys;
import io.iotlakehouse.simulators.Fleet;
import io.iotlakehouse.simulators.SequenceStore;
import io.iotlakehouse.simulators.SimulatorKeys;
import io.iotlakehouse.simulators.SimulatorRunner;
import io.iotlakehouse.stack.ChildProcess;
import io.iotlakehouse.stack.LocalStack;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.SparkJvm;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.SparkSessions;
import io.iotlakehouse.streaming.job.BronzeJob;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backbone end to end on real services: simulated devices -> MQTT broker -> gateway -> Kafka -> bronze Delta.
 * Each test publishes more events and checks the whole table: every (device_id, seq) exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BronzeIT {
  @TempDir static Path work;
  static LocalStack stack;
  static Config config;
  static Gateway gateway;
  static SparkSession spark;
  static final SequenceStore SEQUENCES = new SequenceStore(null);
  static long expected;

  @BeforeAll
  static void start() {
    // every key, as the lakehouse command declares them (the gateway reads the inference and rollout keys too)
    stack = LocalStack.start(Config.load(AllKeys.list(), null, List.of("lakehouse.work-dir=" + work,
        "stack.kafka.port=" + Ports.free(), "stack.kafka.controller-port=" + Ports.free(), "mqtt.port=" + Ports.free(), "stack.redis.port=" + Ports.free(),
        "stack.kafka.secure-port=" + Ports.free(), "simulators.env.count=4", "simulators.trucks.count=4", "simulators.turbofans.count=2", "simulators.rate-hz=0",
        "streaming.bronze.trigger-interval=500ms", "streaming.bronze.max-offsets-per-trigger=1000", "edge.metrics.port=0")));
    config = stack.config();
    // the stack's MQTT broker admits only clients with a certificate of its dev CA
    stack.issue(TlsRole.DEVICE, Fleet.registrations(config).stream().map(Fleet.Registration::deviceId).toList());
    stack.issue(TlsRole.GATEWAY, List.of(config.get(GatewayKeys.GATEWAY_ID)));
    gateway = new Gateway(config).start();
    spark = SparkSessions.create("bronze-it", "local[2]");
  }

  @AfterAll
  static void stop() {
    if (spark != null) spark.stop();
    if (gateway != null) gateway.close();
    if (stack != null) stack.close();
  }

  @Test
  @Order(1)
  void everyEventPublishedOverMqttLandsInBronzeExactlyOnce() throws Exception {
    StreamingQuery q = BronzeJob.start(spark, config, Trigger.ProcessingTime(500));
    publish(150);
    awaitBronze();
    q.stop();
    assertExactlyOnce();
  }

  @Test
  @Order(2)
  void stoppingTheQueryMidStreamLosesAndDuplicatesNothing() throws Exception {
    publish(300); // a backlog of 3000 events: at most 1000 per batch, so several batches remain when we stop
    StreamingQuery q = BronzeJob.start(spark, config, Trigger.ProcessingTime(500));
    await().atMost(Duration.ofMinutes(2)).until(() -> q.lastProgress() != null && q.lastProgress().numInputRows() > 0);
    q.stop();
    assertThat(bronzeCount()).isLessThan(expected);
    StreamingQuery resumed = BronzeJob.start(spark, config, Trigger.ProcessingTime(500));
    awaitBronze();
    resumed.stop();
    assertExactlyOnce();
  }

  @Test
  @Order(3)
  void killMinus9OfTheBronzeProcessLosesAndDuplicatesNothing() throws Exception {
    List<String> args = config.asArgs(BronzeJob.keys());
    publish(500);
    ChildProcess bronze = startChild(args, 1);
    long before = bronzeCount();
    await().atMost(Duration.ofMinutes(3)).until(() -> alive(bronze) && bronzeCount() > before);
    bronze.kill();
    assertThat(bronze.isAlive()).isFalse();
    assertThat(bronzeCount()).isLessThan(expected);
    ChildProcess again = startChild(args, 2);
    try {
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> alive(again) && bronzeCount() >= expected);
    } finally {
      again.stop(Duration.ofSeconds(30));
    }
    assertExactlyOnce();
  }

  private static boolean alive(ChildProcess child) {
    if (!child.isAlive()) throw new AssertionError(child.name() + " exited:\n" + child.logTail(40));
    return true;
  }

  private static ChildProcess startChild(List<String> args, int n) {
    List<String> jvm = new ArrayList<>(SparkJvm.options());
    jvm.add("-Xmx1g");
    return ChildProcess.startJvm("bronze-" + n, System.getProperty("java.class.path"), BronzeJob.class.getName(), jvm, args,
        work.resolve("bronze-" + n + ".log"));
  }

  private static void publish(long perDevice) throws InterruptedException {
    SimulatorRunner sim = SimulatorRunner.start(config.with(SimulatorKeys.EVENTS_PER_DEVICE, String.valueOf(perDevice)),
        "127.0.0.1", config.get(PlatformKeys.MQTT_PORT), SEQUENCES);
    assertThat(sim.awaitDone(Duration.ofMinutes(2))).isTrue();
    sim.close();
    expected += sim.published();
  }

  private static long bronzeCount() {
    try {
      return spark.read().format("delta").load(Lake.from(config).bronzeTelemetry()).count();
    } catch (Exception e) {
      return 0; // not created yet
    }
  }

  private static void awaitBronze() {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> bronzeCount() >= expected);
  }

  private static void assertExactlyOnce() throws Exception {
    TelemetryCodec codec = new TelemetryCodec();
    Map<String, Integer> seen = new HashMap<>();
    List<Row> rows = spark.read().format("delta").load(Lake.from(config).bronzeTelemetry()).select("key", "value", "offset").collectAsList();
    for (Row r : rows) {
      Telemetry t = codec.decode(r.getAs("value")).event();
      assertThat(r.<String>getAs("key")).isEqualTo(t.deviceId());
      seen.merge(t.deviceId() + "#" + t.seq(), 1, Integer::sum);
    }
    assertThat(seen.entrySet()).filteredOn(e -> e.getValue() > 1).as("duplicated (device_id, seq)").isEmpty();
    assertThat(rows).hasSize((int) expected);
    // per device, seqs are exactly 1..n: nothing lost in between
    Map<String, Long> maxSeq = new HashMap<>();
    seen.keySet().forEach(k -> maxSeq.merge(k.substring(0, k.indexOf('#')), Long.parseLong(k.substring(k.indexOf('#') + 1)), Math::max));
    assertThat(maxSeq.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected);
  }
}
