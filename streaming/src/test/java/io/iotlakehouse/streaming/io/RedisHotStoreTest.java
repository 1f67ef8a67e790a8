package io.iotlakehouse.streaming.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.hot.RedisLayout;
import io.iotlakehouse.stack.Ports;
import io.iotlakehouse.stack.RedisServer;
import io.iotlakehouse.streaming.transform.hot.HotRecords.Alert;
import io.iotlakehouse.streaming.transform.hot.HotRecords.DeviceState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/** The hot path's Redis writes against a real redis-server: idempotent alerts, seq-guarded device state, TTLs, trims. */
class RedisHotStoreTest {
  /** Redis expires keys by its own clock: the writes must be "now" for it too. */
  static final long NOW = System.currentTimeMillis();
  static final Duration TTL = Duration.ofHours(1);
  @TempDir static Path dir;
  static RedisServer server;
  static Jedis redis;
  static final List<String> published = new CopyOnWriteArrayList<>();
  static JedisPubSub subscriber;
  RedisHotStore store;

  @BeforeAll
  static void startRedis() {
    server = new RedisServer(dir, Ports.free(), "redis-server", Duration.ofSeconds(30)).start();
    redis = new Jedis(java.net.URI.create(server.url()));
    subscriber = new JedisPubSub() {
      @Override
      public void onMessage(String channel, String message) {
        published.add(message);
      }
    };
    Thread t = new Thread(() -> {
      try (Jedis sub = new Jedis(java.net.URI.create(server.url()))) {
        sub.subscribe(subscriber, RedisLayout.ALERTS_CHANNEL);
      }
    }, "test-subscriber");
    t.setDaemon(true);
    t.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.pubsubNumSub(RedisLayout.ALERTS_CHANNEL)
        .getOrDefault(RedisLayout.ALERTS_CHANNEL, 0L) == 1);
  }

  @AfterAll
  static void stopRedis() {
    subscriber.unsubscribe();
    redis.close();
    server.close();
  }

  @BeforeEach
  void fresh() {
    redis.flushAll();
    published.clear();
    store = new RedisHotStore(server.url(), TTL, TTL);
  }

  @AfterEach
  void close() {
    store.close();
  }

  static Alert alert(String rule, String device, long seq, long eventTime, String site) {
    return new Alert(RedisLayout.alertId(rule, device, seq), rule, "warning", device, "env", site, seq, eventTime, 60.0,
        "temperature 60.0 °C above 45 °C", NOW);
  }

  static DeviceState env(String device, long seq, long eventTime, double temp) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("temperature_c", temp);
    payload.put("humidity_pct", 40.0);
    return new DeviceState(device, seq, eventTime, "env", "plant-a", payload);
  }

  @Test
  void anAlertIsWrittenAndPublishedOnceHoweverOftenItIsReplayed() {
    Alert a = alert("env.overheat", "env-1", 7, NOW - 1000, "plant-a");
    RedisHotStore.Written first = store.write(List.of(a), List.of(), NOW);
    RedisHotStore.Written again = store.write(List.of(a), List.of(), NOW + 5000);
    assertThat(first.alertsNew()).isEqualTo(1);
    assertThat(again.alertsNew()).isZero();
    assertThat(again.alertsExisting()).isEqualTo(1);

    String key = RedisLayout.alert("env.overheat:env-1:7");
    assertThat(redis.hgetAll(key)).containsEntry("alert_id", "env.overheat:env-1:7").containsEntry("rule_id", "env.overheat")
        .containsEntry("severity", "warning").containsEntry("device_id", "env-1").containsEntry("kind", "env")
        .containsEntry("site", "plant-a").containsEntry("seq", "7").containsEntry("event_time", Long.toString(NOW - 1000))
        .containsEntry("value", "60.0").containsEntry("message", "temperature 60.0 °C above 45 °C")
        .containsEntry("raised_at", Long.toString(NOW));
    // expires when its sorted-set member is trimmed: event_time + TTL
    assertThat(redis.pexpireTime(key)).isEqualTo(NOW - 1000 + TTL.toMillis());
    assertThat(redis.zrangeWithScores(RedisLayout.ALERTS, 0, -1)).singleElement()
        .satisfies(t -> {
          assertThat(t.getElement()).isEqualTo("env.overheat:env-1:7");
          assertThat(t.getScore()).isEqualTo((double) (NOW - 1000));
        });
    // only this alert's messages: another test's publish may still be in flight when published was cleared
    String prefix = "{\"alert_id\":\"env.overheat:env-1:7\",\"rule_id\":\"env.overheat\"";
    await().atMost(Duration.ofSeconds(30)).until(() -> published.stream().anyMatch(m -> m.startsWith(prefix)));
    assertThat(published.stream().filter(m -> m.startsWith(prefix))).singleElement().asString()
        .contains("\"site\":\"plant-a\"", "\"seq\":7", "\"value\":60.0");
  }

  @Test
  void anAlertWithoutSiteOrValueLeavesThoseFieldsOut() {
    Alert a = new Alert("truck.fault_code:t-1:1", "truck.fault_code", "warning", "t-1", "truck", null, 1, NOW, null,
        "fault codes P0217", NOW);
    store.write(List.of(a), List.of(), NOW);
    assertThat(redis.hgetAll(RedisLayout.alert(a.alertId()))).doesNotContainKeys("site", "value").containsKey("message");
    assertThat(a.json()).contains("\"site\":null", "\"value\":null");
  }

  @Test
  void deviceStateOnlyMovesForwardInSeq() {
    String key = RedisLayout.device("env-1");
    assertThat(store.write(List.of(), List.of(env("env-1", 5, NOW - 500, 21.5)), NOW).devicesUpdated()).isEqualTo(1);
    assertThat(redis.hgetAll(key)).containsEntry("seq", "5").containsEntry("temperature_c", "21.5")
        .containsEntry("kind", "env").containsEntry("site", "plant-a").containsEntry("event_time", Long.toString(NOW - 500))
        .containsEntry("updated_at", Long.toString(NOW));

    // an older event arriving later (out-of-order batch), and a replay of the same one: no change at all
    RedisHotStore.Written older = store.write(List.of(), List.of(env("env-1", 4, NOW - 900, 30.0)), NOW + 1000);
    RedisHotStore.Written replay = store.write(List.of(), List.of(env("env-1", 5, NOW - 500, 21.5)), NOW + 2000);
    assertThat(older.devicesUpdated()).isZero();
    assertThat(replay.devicesUpdated()).isZero();
    assertThat(redis.hget(key, "seq")).isEqualTo("5");
    assertThat(redis.hget(key, "updated_at")).isEqualTo(Long.toString(NOW));

    // seq 10 > seq 9 although "10" < "9" as text
    store.write(List.of(), List.of(env("env-1", 9, NOW - 100, 22.0)), NOW + 3000);
    store.write(List.of(), List.of(env("env-1", 10, NOW - 50, 23.0)), NOW + 3000);
    store.write(List.of(), List.of(env("env-1", 9, NOW - 100, 22.0)), NOW + 4000);
    assertThat(redis.hget(key, "seq")).isEqualTo("10");
    assertThat(redis.hget(key, "temperature_c")).isEqualTo("23.0");
    // the largest seqs compare exactly (no float rounding in Lua)
    store.write(List.of(), List.of(env("env-2", Long.MAX_VALUE, NOW, 1.0)), NOW);
    store.write(List.of(), List.of(env("env-2", Long.MAX_VALUE - 1, NOW, 2.0)), NOW);
    assertThat(redis.hget(RedisLayout.device("env-2"), "seq")).isEqualTo(Long.toString(Long.MAX_VALUE));

    assertThat(redis.pexpireTime(key)).isEqualTo(NOW - 50 + TTL.toMillis());
    assertThat(redis.zscore(RedisLayout.DEVICES, "env-1")).isEqualTo((double) (NOW - 50));
  }

  @Test
  void aNewStateReplacesTheOldFieldsEntirely() {
    Map<String, Object> truck = new LinkedHashMap<>();
    truck.put("fault_codes", List.of("P0217"));
    truck.put("lat", 52.5);
    store.write(List.of(), List.of(new DeviceState("d-1", 1, NOW, "truck", null, truck)), NOW);
    assertThat(redis.hgetAll(RedisLayout.device("d-1"))).containsEntry("fault_codes", "[\"P0217\"]").containsEntry("lat", "52.5")
        .doesNotContainKey("site");
    store.write(List.of(), List.of(env("d-1", 2, NOW, 20.0)), NOW);
    assertThat(redis.hgetAll(RedisLayout.device("d-1"))).doesNotContainKeys("fault_codes", "lat").containsEntry("kind", "env");
  }

  @Test
  void recordsPastTheirTtlAreNotWrittenAndOldMembersAreTrimmed() {
    long old = NOW - TTL.toMillis() - 1;
    RedisHotStore.Written w = store.write(List.of(alert("env.overheat", "env-1", 1, old, null)),
        List.of(env("env-1", 1, old, 50.0)), NOW);
    assertThat(w.alertsExpired()).isEqualTo(1);
    assertThat(w.devicesUnchanged()).isEqualTo(1);
    assertThat(redis.exists(RedisLayout.alert("env.overheat:env-1:1"), RedisLayout.device("env-1"))).isZero();

    // members written while fresh are trimmed by a later batch once older than the TTL
    store.write(List.of(alert("env.overheat", "env-2", 1, NOW, null)), List.of(env("env-2", 1, NOW, 50.0)), NOW);
    store.write(List.of(alert("env.overheat", "env-3", 1, NOW + TTL.toMillis(), null)), List.of(), NOW + TTL.toMillis() + 1);
    assertThat(redis.zrange(RedisLayout.ALERTS, 0, -1)).containsExactly("env.overheat:env-3:1");
    assertThat(redis.zrange(RedisLayout.DEVICES, 0, -1)).isEmpty();
  }

  @Test
  void aDeviceClockAheadOfUsDoesNotExtendTheTtl() {
    store.write(List.of(alert("env.overheat", "env-1", 1, NOW + 60_000, null)), List.of(), NOW);
    assertThat(redis.pexpireTime(RedisLayout.alert("env.overheat:env-1:1"))).isEqualTo(NOW + TTL.toMillis());
  }

  @Test
  void theKafkaMarkerIsPerAppIdAndExpires() {
    assertThat(store.kafkaCommitted("hotpath-alerts-g1")).isEqualTo(-1);
    store.markKafkaCommitted("hotpath-alerts-g1", 41);
    assertThat(store.kafkaCommitted("hotpath-alerts-g1")).isEqualTo(41);
    assertThat(store.kafkaCommitted("hotpath-alerts-g2")).isEqualTo(-1);
    assertThat(redis.ttl(RedisLayout.sink("hotpath-alerts-g1"))).isPositive().isLessThanOrEqualTo(RedisHotStore.SINK_TTL.toSeconds());
  }

  @Test
  void scriptsAreReloadedAfterAScriptFlush() {
    store.write(List.of(), List.of(env("env-1", 1, NOW, 20.0)), NOW);
    redis.scriptFlush();
    store.write(List.of(alert("env.overheat", "env-1", 2, NOW, null)), List.of(env("env-1", 2, NOW, 60.0)), NOW);
    assertThat(redis.hget(RedisLayout.device("env-1"), "seq")).isEqualTo("2");
    assertThat(redis.exists(RedisLayout.alert("env.overheat:env-1:2"))).isTrue();
  }

  @Test
  void anUnreachableRedisFailsWithWhatAndHowToFix() {
    int port = Ports.free();
    RedisHotStore dead = new RedisHotStore("redis://127.0.0.1:" + port, TTL, TTL);
    assertThatThrownBy(() -> dead.write(List.of(), new ArrayList<>(List.of(env("env-1", 1, NOW, 20.0))), NOW))
        .isInstanceOf(LakehouseException.class)
        .hasMessageStartingWith("Redis at redis://127.0.0.1:" + port + " did not take the hot path's alerts and device states")
        .hasMessageContaining("How to fix: check that Redis runs and redis.url points at it");
  }
}
