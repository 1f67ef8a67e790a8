package io.iotlakehouse.streaming.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.common.hot.RedisLayout;
import io.iotlakehouse.stack.LocalStack;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.StackKeys;
import io.iotlakehouse.streaming.io.KafkaAlerts;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.ReferenceTables;
import io.iotlakehouse.streaming.io.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The hot path on real Kafka and a real redis-server: events produced to the telemetry topic (alerting, not alerting,
 * malformed, out of range, duplicated, unregistered, wrongly keyed, out of order) -> alerts and device state in Redis,
 * alerts on the alerts topic, progress in the pipeline hash; then a restart from the checkpoint and a replayed batch,
 * after which nothing is doubled anywhere. The tests share one stack and checkpoint and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotPathIT {
  static final TelemetryCodec CODEC = new TelemetryCodec();
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration WAIT = Duration.ofMinutes(2);
  @TempDir static Path work;
  static LocalStack stack;
  static Config config;
  static SparkSession spark;
  static Jedis redis;
  static KafkaProducer<String, byte[]> producer;
  static JedisPubSub subscriber;
  static final Map<String, Integer> live = new ConcurrentHashMap<>();
  static final AtomicLong warmSeq = new AtomicLong();
  static final Set<String> expected = ConcurrentHashMap.newKeySet();
  static StreamingQuery query;

  @BeforeAll
  static void start() {
    List<ConfigKey<?>> keys = new ArrayList<>(HotPathJob.keys());
    keys.addAll(StackKeys.keys());
    // MQTT is not used here: a set mqtt.host means "external", so the stack does not start a broker
    stack = LocalStack.start(Config.load(keys, null, List.of("lakehouse.work-dir=" + work,
        "stack.kafka.port=" + Ports.free(), "stack.kafka.controller-port=" + Ports.free(), "stack.redis.port=" + Ports.free(),
        "stack.kafka.secure-listener=none", "mqtt.host=127.0.0.1", "mqtt.port=" + Ports.free(), "streaming.hotpath.trigger-interval=200ms")));
    config = stack.config();
    spark = SparkSessions.create("hotpath-it", "local[2]");
    long hourAgo = System.currentTimeMillis() - 3_600_000;
    ReferenceTables.appendDevices(spark, Lake.from(config).table("reference", "devices"), List.of(
        device("env-1", "plant-a", Instant.EPOCH), device("env-1", "plant-b", Instant.ofEpochMilli(hourAgo)),
        device("env-2", "plant-a", Instant.EPOCH), device("truck-1", "depot-b", Instant.EPOCH),
        device("truck-2", "depot-b", Instant.EPOCH), device("turbofan-1", "hangar-c", Instant.EPOCH),
        device("env-warm", "plant-a", Instant.EPOCH)));
    redis = new Jedis(java.net.URI.create(config.get(PlatformKeys.REDIS_URL)));
    subscriber = new JedisPubSub() {
      @Override
      public void onMessage(String channel, String message) {
        try {
          live.merge(JSON.readTree(message).get("alert_id").asText(), 1, Integer::sum);
        } catch (Exception e) {
          live.merge("unparseable: " + message, 1, Integer::sum);
        }
      }
    };
    Thread t = new Thread(() -> {
      try (Jedis sub = new Jedis(java.net.URI.create(config.get(PlatformKeys.REDIS_URL)))) {
        sub.subscribe(subscriber, RedisLayout.ALERTS_CHANNEL);
      }
    }, "alerts-subscriber");
    t.setDaemon(true);
    t.start();
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", config.get(PlatformKeys.KAFKA_BOOTSTRAP), "acks", "all"),
        new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stop() throws Exception {
    if (query != null) query.stop();
    if (subscriber != null && subscriber.isSubscribed()) subscriber.unsubscribe();
    if (producer != null) producer.close();
    if (redis != null) redis.close();
    if (spark != null) spark.stop();
    if (stack != null) stack.close();
  }

  static ReferenceTables.Device device(String id, String site, Instant from) {
    return new ReferenceTables.Device(id, id.replaceAll("-.*", ""), site, "m1", null, from);
  }

  @Test
  @Order(1)
  void alertsAndLatestStateReachRedisAndTheAlertsTopic() throws Exception {
    query = startAndWarmUp();
    long now = System.currentTimeMillis();
    send("env-1", env("env-1", 1, now, 20, 40));                      // no alert
    send("env-1", env("env-1", 2, now, 60, 40));                      // env.overheat
    send("env-1", env("env-1", 3, now, 50, 95));                      // env.overheat + env.humidity_high
    send("truck-1", truck("truck-1", 1, now, 120, 5, List.of("P0217"))); // 3 alerts
    send("turbofan-1", turbofan("turbofan-1", 1, now, 1450));         // turbofan.lpt_temp_high
    send("env-2", env("env-2", 5, now, 60, 40));                      // env.overheat; state seq 5
    sendRaw("env-1", "garbage".getBytes(StandardCharsets.UTF_8));     // malformed: nothing
    send("env-1", env("env-1", 4, now, 200, 40));                     // temperature_range: quarantined, no alert, no state
    send("env-1", env("env-1", 2, now, 60, 40));                      // duplicate of seq 2: nothing new
    send("env-x", env("env-x", 1, now, 60, 40));                      // not in the registry: silver quarantines it
    send("wrong-key", env("truck-2", 1, now, 60, 40));                // key_mismatch
    producer.flush();
    expect("env.overheat:env-1:2", "env.overheat:env-1:3", "env.humidity_high:env-1:3", "truck.engine_overheat:truck-1:1",
        "truck.low_fuel:truck-1:1", "truck.fault_code:truck-1:1", "turbofan.lpt_temp_high:turbofan-1:1", "env.overheat:env-2:5");
    awaitAlerts();

    // an older event of env-2 arriving in a later batch raises its own alert but does not move env-2's state back
    send("env-2", env("env-2", 4, now - 1000, 61, 40));
    producer.flush();
    expect("env.overheat:env-2:4");
    awaitAlerts();

    Map<String, String> overheat = redis.hgetAll(RedisLayout.alert("env.overheat:env-1:3"));
    assertThat(overheat).containsEntry("rule_id", "env.overheat").containsEntry("severity", "warning")
        .containsEntry("device_id", "env-1").containsEntry("kind", "env").containsEntry("site", "plant-b")
        .containsEntry("seq", "3").containsEntry("event_time", Long.toString(now)).containsEntry("value", "50.0")
        .containsEntry("message", "temperature 50.0 °C above 45 °C").containsKey("raised_at");
    assertThat(redis.hget(RedisLayout.alert("truck.fault_code:truck-1:1"), "site")).isEqualTo("depot-b");
    for (String id : expected) {
      assertThat(redis.ttl(RedisLayout.alert(id))).as("TTL of %s", id).isBetween(3000L, 3600L);
    }
    assertThat(redis.zscore(RedisLayout.ALERTS, "env.overheat:env-2:4")).isEqualTo((double) (now - 1000));

    assertThat(redis.hgetAll(RedisLayout.device("env-1"))).containsEntry("seq", "3").containsEntry("temperature_c", "50.0")
        .containsEntry("humidity_pct", "95.0").containsEntry("site", "plant-b").containsEntry("kind", "env")
        .doesNotContainKey("lat");
    assertThat(redis.hget(RedisLayout.device("env-2"), "seq")).as("highest seq wins").isEqualTo("5");
    assertThat(redis.hget(RedisLayout.device("env-2"), "temperature_c")).isEqualTo("60.0");
    assertThat(redis.hgetAll(RedisLayout.device("truck-1"))).containsEntry("fault_codes", "[\"P0217\"]")
        .containsEntry("engine_temp_c", "120.0");
    assertThat(redis.hget(RedisLayout.device("turbofan-1"), "sensors")).startsWith("[501.0,502.0,503.0,1450.0,");
    assertThat(redis.ttl(RedisLayout.device("env-1"))).isBetween(3000L, 3600L);
    assertThat(redis.zrange(RedisLayout.DEVICES, 0, -1))
        .containsExactlyInAnyOrder("env-1", "env-2", "truck-1", "turbofan-1", "env-warm");

    assertNothingDoubled();

    Map<String, String> pipeline = redis.hgetAll(RedisLayout.pipeline(HotPathJob.QUERY));
    assertThat(pipeline).containsEntry("query", HotPathJob.QUERY)
        .containsKeys("batch_id", "input_rows", "input_rows_per_second", "processed_rows_per_second", "batch_duration_ms",
            "source_lag", "timestamp")
        .doesNotContainKey("watermark");
    assertThat(redis.ttl(RedisLayout.pipeline(HotPathJob.QUERY))).isBetween(1L, 300L);
  }

  @Test
  @Order(2)
  void aRestartFromTheCheckpointDoublesNothing() throws Exception {
    query.stop();
    query = HotPathJob.start(spark, config, Trigger.ProcessingTime(200));
    send("env-1", env("env-1", 5, System.currentTimeMillis(), 70, 40));
    producer.flush();
    expect("env.overheat:env-1:5");
    awaitAlerts();
    assertThat(redis.hget(RedisLayout.device("env-1"), "seq")).isEqualTo("5");
    assertNothingDoubled();
  }

  @Test
  @Order(3)
  void aReplayedBatchDoublesNothing() throws Exception {
    send("env-1", env("env-1", 6, System.currentTimeMillis(), 80, 40));
    producer.flush();
    expect("env.overheat:env-1:6");
    awaitAlerts();
    // the batch that carried it: the last one in the offset log, once Spark has committed it too
    Path commits = Path.of(HotPathJob.checkpoint(config), "commits");
    Path offsets = Path.of(HotPathJob.checkpoint(config), "offsets");
    await().atMost(WAIT).until(() -> latestBatch(commits) == latestBatch(offsets));
    long batch = latestBatch(offsets);
    query.stop();
    assertThat(latestBatch(offsets)).as("no batch after the one with the alert").isEqualTo(batch);
    // as if the process died after the sinks but before Spark committed the batch: it runs again on restart
    assertThat(Files.deleteIfExists(commits.resolve(Long.toString(batch)))).isTrue();
    Files.deleteIfExists(commits.resolve("." + batch + ".crc"));

    query = HotPathJob.start(spark, config, Trigger.ProcessingTime(200));
    StreamingQuery q = query;
    try {
      await().atMost(WAIT).until(() -> alive(q) && lastBatchWithRows(q) == batch);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      StringBuilder b = new StringBuilder("batch " + batch + " was not replayed. Progress since the restart:\n");
      for (StreamingQueryProgress p : q.recentProgress()) b.append(p.json()).append('\n');
      try (var files = Files.walk(Path.of(HotPathJob.checkpoint(config)))) {
        files.forEach(f -> b.append(f).append('\n'));
      }
      throw new AssertionError(b.toString(), e);
    }
    assertThat(Files.exists(commits.resolve(Long.toString(batch)))).as("the replayed batch committed").isTrue();
    assertThat(redis.hget(RedisLayout.device("env-1"), "seq")).isEqualTo("6");
    assertNothingDoubled();
  }

  private static StreamingQuery startAndWarmUp() throws Exception {
    StreamingQuery q = HotPathJob.start(spark, config, Trigger.ProcessingTime(200));
    // startingOffsets=latest: events count only once the query has fixed its first offsets; warm up until one lands
    await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
      long s = warmSeq.incrementAndGet();
      send("env-warm", env("env-warm", s, System.currentTimeMillis(), 20, 40));
      producer.flush();
      return alive(q) && redis.exists(RedisLayout.device("env-warm"));
    });
    return q;
  }

  /** Fails the wait at once, with the cause, when the query died. */
  private static boolean alive(StreamingQuery q) {
    if (!q.isActive()) {
      throw new AssertionError("the hot path query stopped: " + (q.exception().isDefined() ? q.exception().get() : "no exception"),
          q.exception().isDefined() ? q.exception().get() : null);
    }
    return true;
  }

  /** The highest batch id in a checkpoint log folder (offsets or commits). */
  private static long latestBatch(Path log) throws java.io.IOException {
    try (var files = Files.list(log)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToLong(Long::parseLong).max().orElse(-1);
    }
  }

  private static long lastBatchWithRows(StreamingQuery q) {
    long last = -1;
    for (StreamingQueryProgress p : q.recentProgress()) if (p.numInputRows() > 0) last = p.batchId();
    return last;
  }

  private static void expect(String... ids) {
    expected.addAll(List.of(ids));
  }

  private static void awaitAlerts() {
    await().atMost(WAIT).until(() -> alive(query) && live.keySet().containsAll(expected) && topic().size() >= expected.size());
  }

  /** Every expected alert exactly once: in the sorted set, on the live channel and on the alerts topic. */
  private static void assertNothingDoubled() throws Exception {
    assertThat(redis.zrange(RedisLayout.ALERTS, 0, -1)).containsExactlyInAnyOrderElementsOf(expected);
    for (String id : expected) assertThat(redis.exists(RedisLayout.alert(id))).as(id).isTrue();
    assertThat(live).containsOnlyKeys(expected).allSatisfy((id, n) -> assertThat(n).as("publishes of %s", id).isEqualTo(1));
    List<ConsumerRecord<String, String>> records = topic();
    Map<String, Integer> perId = new HashMap<>();
    for (ConsumerRecord<String, String> r : records) {
      JsonNode a = JSON.readTree(r.value());
      String id = a.get("alert_id").asText();
      perId.merge(id, 1, Integer::sum);
      assertThat(r.key()).isEqualTo(a.get("device_id").asText());
      assertThat(new String(r.headers().lastHeader(KafkaAlerts.H_ALERT_ID).value(), StandardCharsets.UTF_8)).isEqualTo(id);
      assertThat(a.get("event_time").asLong()).isPositive();
    }
    assertThat(perId).containsOnlyKeys(expected).allSatisfy((id, n) -> assertThat(n).as("records of %s", id).isEqualTo(1));
  }

  /** Everything on the alerts topic now. */
  private static List<ConsumerRecord<String, String>> topic() {
    String topic = config.get(PlatformKeys.TOPIC_ALERTS);
    try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", config.get(PlatformKeys.KAFKA_BOOTSTRAP)),
        new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<ConsumerRecord<String, String>> out = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      while (parts.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.currentTimeMillis() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  private static void send(String key, Telemetry t) {
    sendRaw(key, CODEC.encodeAvro(t));
  }

  private static void sendRaw(String key, byte[] value) {
    producer.send(new ProducerRecord<>(PlatformKeys.TOPIC_TELEMETRY.defaultText(), key, value));
  }

  static Telemetry env(String id, long seq, long time, double temp, double humidity) {
    return new Telemetry(id, seq, time, new Payload.Env(temp, humidity));
  }

  static Telemetry truck(String id, long seq, long time, double engineTemp, double fuel, List<String> codes) {
    return new Telemetry(id, seq, time, new Payload.Truck(52.5, 13.4, 80, 1800, engineTemp, 300, fuel, codes));
  }

  static Telemetry turbofan(String id, long seq, long time, double s4) {
    List<Double> sensors = new ArrayList<>();
    for (int i = 1; i <= 21; i++) sensors.add(i == 4 ? s4 : 500.0 + i);
    return new Telemetry(id, seq, time, new Payload.Turbofan(1, 1, List.of(0.0, 0.0, 100.0), sensors));
  }
}
