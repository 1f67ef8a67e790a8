package io.iotlakehouse.streaming.io;

import io.iotlakehouse.common.hot.RedisLayout;
import io.iotlakehouse.streaming.transform.hot.HotRecords.Alert;
import io.iotlakehouse.streaming.transform.hot.HotRecords.DeviceState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The hot path's Redis writes ({@link RedisLayout}), one pipelined round trip per micro-batch, every write idempotent:
 *
 * <ul>
 *   <li>an alert is written by a Lua script only if its hash does not exist yet: HSET + PEXPIREAT + ZADD lh:alerts +
 *       PUBLISH lh:alerts:live, atomically. A replayed batch, or the same event twice, finds the hash and writes and
 *       publishes nothing, so the live channel sees each alert once;</li>
 *   <li>a device's state is replaced by a Lua script only if the event's seq is higher than the stored one (compared
 *       as decimal strings, exact for any long), so a replayed or out-of-order batch never moves state backwards;</li>
 *   <li>hashes expire at {@code min(event_time, now) + TTL}, the moment the writer's trim drops their sorted-set
 *       member (score = event_time), so a hash and its member live equally long and a replay sets the same expiry;
 *       a record already past that moment is not written at all.</li>
 * </ul>
 */
public final class RedisHotStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisHotStore.class);

  /** KEYS: device hash, lh:devices. ARGV: device_id, seq, event_time, expire_at, field, value, ... */
  static final String DEVICE_SCRIPT = String.join("\n",
      "local cur = redis.call('HGET', KEYS[1], 'seq')",
      "local seq = ARGV[2]",
      "if cur and (#cur > #seq or (#cur == #seq and cur >= seq)) then return 0 end",
      "redis.call('DEL', KEYS[1])",
      "redis.call('HSET', KEYS[1], unpack(ARGV, 5))",
      "redis.call('PEXPIREAT', KEYS[1], ARGV[4])",
      "redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])",
      "return 1");

  /** KEYS: alert hash, lh:alerts. ARGV: alert_id, event_time, expire_at, json, channel, field, value, ... */
  static final String ALERT_SCRIPT = String.join("\n",
      "if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end",
      "redis.call('HSET', KEYS[1], unpack(ARGV, 6))",
      "redis.call('PEXPIREAT', KEYS[1], ARGV[3])",
      "redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])",
      "redis.call('PUBLISH', ARGV[5], ARGV[4])",
      "return 1");

  static final Duration SINK_TTL = Duration.ofDays(7);
  private static final int ATTEMPTS = 3;

  /** What one write did: alerts new / already there / too old to be active; devices moved forward / not. */
  public record Written(int alertsNew, int alertsExisting, int alertsExpired, int devicesUpdated, int devicesUnchanged) {}

  private final String url;
  private final long alertTtlMillis;
  private final long deviceTtlMillis;
  private Jedis jedis;
  private String deviceSha;
  private String alertSha;

  public RedisHotStore(String url, Duration alertTtl, Duration deviceTtl) {
    this.url = url;
    this.alertTtlMillis = alertTtl.toMillis();
    this.deviceTtlMillis = deviceTtl.toMillis();
  }

  /** Writes device states and alerts, then trims both sorted sets; retried (it is idempotent) on a lost connection. */
  public Written write(List<Alert> alerts, List<DeviceState> devices, long nowMillis) {
    return retrying("the hot path's alerts and device states", () -> writeOnce(alerts, devices, nowMillis));
  }

  private Written writeOnce(List<Alert> alerts, List<DeviceState> devices, long now) {
    Jedis j = connection();
    Pipeline p = j.pipelined();
    List<Response<Object>> deviceReplies = new ArrayList<>();
    int devicesExpired = 0;
    for (DeviceState d : devices) {
      long expireAt = Math.min(d.eventTimeMillis(), now) + deviceTtlMillis;
      if (expireAt <= now) {
        devicesExpired++;
        continue;
      }
      List<String> args = new ArrayList<>(List.of(d.deviceId(), Long.toString(d.seq()), Long.toString(d.eventTimeMillis()),
          Long.toString(expireAt)));
      flatten(d.hashFields(now), args);
      deviceReplies.add(p.evalsha(deviceSha, List.of(RedisLayout.device(d.deviceId()), RedisLayout.DEVICES), args));
    }
    List<Response<Object>> alertReplies = new ArrayList<>();
    int alertsExpired = 0;
    for (Alert a : alerts) {
      long expireAt = Math.min(a.eventTimeMillis(), now) + alertTtlMillis;
      if (expireAt <= now) {
        alertsExpired++;
        continue;
      }
      List<String> args = new ArrayList<>(List.of(a.alertId(), Long.toString(a.eventTimeMillis()), Long.toString(expireAt),
          a.json(), RedisLayout.ALERTS_CHANNEL));
      flatten(a.hashFields(), args);
      alertReplies.add(p.evalsha(alertSha, List.of(RedisLayout.alert(a.alertId()), RedisLayout.ALERTS), args));
    }
    p.zremrangeByScore(RedisLayout.ALERTS, "-inf", "(" + (now - alertTtlMillis));
    p.zremrangeByScore(RedisLayout.DEVICES, "-inf", "(" + (now - deviceTtlMillis));
    p.sync();
    int alertsNew = 0;
    for (Response<Object> r : alertReplies) alertsNew += ((Long) r.get()).intValue();
    int devicesUpdated = 0;
    for (Response<Object> r : deviceReplies) devicesUpdated += ((Long) r.get()).intValue();
    return new Written(alertsNew, alertReplies.size() - alertsNew, alertsExpired, devicesUpdated,
        deviceReplies.size() - devicesUpdated + devicesExpired);
  }

  /** The last batch id of {@code appId} whose Kafka writes were acknowledged, or -1. */
  public long kafkaCommitted(String appId) {
    return retrying("a read of " + RedisLayout.sink(appId), () -> {
      String v = connection().hget(RedisLayout.sink(appId), "kafka");
      return v == null ? -1L : Long.parseLong(v);
    });
  }

  public void markKafkaCommitted(String appId, long batchId) {
    retrying("a write of " + RedisLayout.sink(appId), () -> {
      Pipeline p = connection().pipelined();
      p.hset(RedisLayout.sink(appId), "kafka", Long.toString(batchId));
      p.expire(RedisLayout.sink(appId), SINK_TTL.toSeconds());
      p.sync();
      return null;
    });
  }

  private interface Call<T> {
    T run();
  }

  private <T> T retrying(String what, Call<T> call) {
    RuntimeException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        return call.run();
      } catch (JedisConnectionException e) {
        last = e;
        disconnect();
        LOG.warn("Redis at {} did not answer ({}), attempt {} of {}", url, e.getMessage(), attempt, ATTEMPTS);
        sleep(250L * attempt);
      } catch (JedisDataException e) {
        if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) throw Redis.unreachable(url, what, e);
        last = e; // Redis restarted or SCRIPT FLUSH: load the scripts again and redo (idempotent)
        disconnect();
      }
    }
    throw Redis.unreachable(url, what, last);
  }

  private Jedis connection() {
    if (jedis == null || !jedis.isConnected()) {
      disconnect();
      jedis = Redis.open(url, 2000);
      deviceSha = jedis.scriptLoad(DEVICE_SCRIPT);
      alertSha = jedis.scriptLoad(ALERT_SCRIPT);
    }
    return jedis;
  }

  private static void flatten(Map<String, String> fields, List<String> out) {
    fields.forEach((k, v) -> {
      out.add(k);
      out.add(v);
    });
  }

  private void disconnect() {
    if (jedis != null) {
      try {
        jedis.close();
      } catch (RuntimeException e) {
        // already broken
      }
      jedis = null;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    disconnect();
  }
}
