package io.iotlakehouse.streaming.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.hot.RedisLayout;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.RedisServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.streaming.SinkProgress;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

class RedisProgressListenerTest {
  @TempDir static Path dir;
  static RedisServer server;
  static Jedis redis;

  @BeforeAll
  static void startRedis() {
    server = new RedisServer(dir, Ports.free(), "redis-server", Duration.ofSeconds(30)).start();
    redis = new Jedis(java.net.URI.create(server.url()));
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
    server.close();
  }

  static StreamingQueryProgress progress(String name, Map<String, String> sourceMetrics, Map<String, String> eventTime) {
    SourceProgress source = new SourceProgress("KafkaV2[Subscribe[iot-telemetry]]", "{}", "{}", "{}", 120, 240.0, 600.0,
        sourceMetrics);
    Map<String, Long> durations = new HashMap<>();
    durations.put("triggerExecution", 200L);
    return new StreamingQueryProgress(UUID.randomUUID(), UUID.randomUUID(), name, "2026-11-24T10:00:00.500Z", 42, 200,
        durations, eventTime, new StateOperatorProgress[0], new SourceProgress[] {source},
        new SinkProgress("ForeachBatchSink"), new HashMap<>());
  }

  @Test
  void progressBecomesThePipelineHashWithATtl() {
    RedisProgressListener l = new RedisProgressListener(server.url());
    Map<String, String> metrics = Map.of("maxOffsetsBehindLatest", "17", "avgOffsetsBehindLatest", "4.5",
        "minOffsetsBehindLatest", "0");
    assertThat(l.write(RedisProgressListener.PipelineProgress.of(progress("hotpath-alerts", metrics,
        Map.of("watermark", "2026-11-24T09:59:00.000Z"))))).isTrue();
    String key = RedisLayout.pipeline("hotpath-alerts");
    assertThat(redis.hgetAll(key)).containsEntry("query", "hotpath-alerts").containsEntry("batch_id", "42")
        .containsEntry("input_rows", "120").containsEntry("input_rows_per_second", "240.0")
        .containsEntry("processed_rows_per_second", "600.0").containsEntry("batch_duration_ms", "200")
        .containsEntry("source_lag", "17").containsEntry("source_lag_avg", "5")
        .containsEntry("watermark", Long.toString(java.time.Instant.parse("2026-11-24T09:59:00Z").toEpochMilli()))
        .containsEntry("timestamp", Long.toString(java.time.Instant.parse("2026-11-24T10:00:00.500Z").toEpochMilli()));
    assertThat(redis.ttl(key)).isPositive().isLessThanOrEqualTo(RedisProgressListener.TTL.toSeconds());

    // a later progress without lag or watermark (e.g. a Delta source) does not leave stale values behind
    l.write(RedisProgressListener.PipelineProgress.of(progress("hotpath-alerts", Map.of(), Map.of())));
    assertThat(redis.hgetAll(key)).doesNotContainKeys("source_lag", "source_lag_avg", "watermark").containsKey("batch_id");
    l.close();
  }

  @Test
  void redisDownNeverThrowsAndIsRetriedLater() {
    AtomicLong now = new AtomicLong(1_000_000);
    RedisProgressListener l = new RedisProgressListener("redis://127.0.0.1:" + Ports.free(), now::get);
    RedisProgressListener.PipelineProgress p = RedisProgressListener.PipelineProgress.of(progress("bronze-telemetry", Map.of(), Map.of()));
    assertThat(l.write(p)).isFalse();
    assertThat(l.failures()).isEqualTo(1);
    assertThat(l.write(p)).as("backing off: not even tried").isFalse();
    assertThat(l.failures()).isEqualTo(1);
    now.addAndGet(RedisProgressListener.RETRY_AFTER.toMillis());
    assertThat(l.write(p)).isFalse();
    assertThat(l.failures()).isEqualTo(2);
  }

  @Test
  void anUnnamedQueryIsKeyedByItsId() {
    StreamingQueryProgress p = progress(null, Map.of(), Map.of());
    assertThat(RedisProgressListener.PipelineProgress.of(p).query()).isEqualTo(p.id().toString());
  }
}
