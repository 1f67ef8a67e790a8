package io.iotlakehouse.streaming.io;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.hot.RedisLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Writes every streaming query's progress to {@code lh:pipeline:<query>} ({@link RedisLayout}) with a 5-minute TTL,
 * so a dashboard sees each job's health and a stopped job's key disappears by itself. Register it on any job's
 * session with {@link #register}: a no-op when {@code redis.url} is empty.
 *
 * <p>Redis being down never fails or slows a query: listener events arrive on Spark's listener bus thread, not the
 * query's; a failed write is logged as a warning (at most one per minute, with the count of failures in between) and
 * the next attempt waits {@link #RETRY_AFTER}, so a dead Redis costs one short connect timeout per interval.
 */
public final class RedisProgressListener extends StreamingQueryListener {
  private static final Logger LOG = LoggerFactory.getLogger(RedisProgressListener.class);
  public static final Duration TTL = Duration.ofMinutes(5);
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);
  static final Duration WARN_EVERY = Duration.ofMinutes(1);
  private static final int TIMEOUT_MILLIS = 1000;
  private static final Set<SparkSession> REGISTERED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private final transient String url;
  private final transient LongSupplier clock;
  private transient Jedis jedis;
  private transient long retryAt;
  private transient long lastWarnAt = Long.MIN_VALUE;
  private transient long failures;

  public RedisProgressListener(String url) {
    this(url, System::currentTimeMillis);
  }

  RedisProgressListener(String url, LongSupplier clock) {
    this.url = url;
    this.clock = clock;
  }

  /** Adds the listener to the session once, when {@code redis.url} is set; returns whether it is registered. */
  public static boolean register(SparkSession spark, Config config) {
    String url = config.get(PlatformKeys.REDIS_URL);
    if (url.isBlank()) return false;
    if (REGISTERED.add(spark)) spark.streams().addListener(new RedisProgressListener(url));
    return true;
  }

  /** One progress as the fields of {@code lh:pipeline:<query>}; null fields are absent from the hash. */
  public record PipelineProgress(String query, long batchId, long inputRows, double inputRowsPerSecond,
      double processedRowsPerSecond, long batchDurationMs, Long sourceLag, Long sourceLagAvg, Long watermarkMillis,
      long timestampMillis) {
    static final List<String> OPTIONAL = List.of("source_lag", "source_lag_avg", "watermark");

    public static PipelineProgress of(StreamingQueryProgress p) {
      Long lag = null;
      Long lagAvg = null;
      for (SourceProgress s : p.sources()) {
        Map<String, String> m = s.metrics();
        if (m == null) continue;
        Long max = number(m.get("maxOffsetsBehindLatest"));
        Long avg = number(m.get("avgOffsetsBehindLatest"));
        if (max != null) lag = lag == null ? max : Math.max(lag, max);
        if (avg != null) lagAvg = lagAvg == null ? avg : Math.max(lagAvg, avg);
      }
      String wm = p.eventTime() == null ? null : p.eventTime().get("watermark");
      return new PipelineProgress(p.name() != null ? p.name() : p.id().toString(), p.batchId(), p.numInputRows(),
          finite(p.inputRowsPerSecond()), finite(p.processedRowsPerSecond()), p.batchDuration(), lag, lagAvg,
          wm == null ? null : Instant.parse(wm).toEpochMilli(), Instant.parse(p.timestamp()).toEpochMilli());
    }

    public Map<String, String> fields() {
      Map<String, String> f = new LinkedHashMap<>();
      f.put("query", query);
      f.put("batch_id", Long.toString(batchId));
      f.put("input_rows", Long.toString(inputRows));
      f.put("input_rows_per_second", Double.toString(inputRowsPerSecond));
      f.put("processed_rows_per_second", Double.toString(processedRowsPerSecond));
      f.put("batch_duration_ms", Long.toString(batchDurationMs));
      if (sourceLag != null) f.put("source_lag", Long.toString(sourceLag));
      if (sourceLagAvg != null) f.put("source_lag_avg", Long.toString(sourceLagAvg));
      if (watermarkMillis != null) f.put("watermark", Long.toString(watermarkMillis));
      f.put("timestamp", Long.toString(timestampMillis));
      return f;
    }

    private static Long number(String s) {
      if (s == null) return null;
      try {
        return Math.round(Double.parseDouble(s));
      } catch (NumberFormatException e) {
        return null;
      }
    }

    private static double finite(double d) {
      return Double.isFinite(d) ? d : 0;
    }
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    write(PipelineProgress.of(event.progress()));
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  /** Writes one progress; never throws. Returns whether it was written. */
  synchronized boolean write(PipelineProgress p) {
    long now = clock.getAsLong();
    if (now < retryAt) return false;
    try {
      if (jedis == null) jedis = Redis.open(url, TIMEOUT_MILLIS);
      String key = RedisLayout.pipeline(p.query());
      Pipeline pipe = jedis.pipelined();
      Map<String, String> fields = p.fields();
      pipe.hset(key, fields);
      String[] absent = PipelineProgress.OPTIONAL.stream().filter(f -> !fields.containsKey(f)).toArray(String[]::new);
      if (absent.length > 0) pipe.hdel(key, absent);
      pipe.expire(key, TTL.toSeconds());
      pipe.sync();
      if (failures > 0) {
        LOG.info("Redis at {} takes pipeline progress again after {} failed writes", url, failures);
        failures = 0;
        lastWarnAt = Long.MIN_VALUE;
      }
      return true;
    } catch (RuntimeException e) {
      close();
      retryAt = now + RETRY_AFTER.toMillis();
      failures++;
      if (lastWarnAt == Long.MIN_VALUE || now - lastWarnAt >= WARN_EVERY.toMillis()) {
        LOG.warn("Cannot write streaming progress of {} to Redis at {} ({}); the query is unaffected. {} progress writes "
            + "have failed since Redis last answered; next try in {}s. Check redis.url or start Redis.",
            p.query(), url, e.toString(), failures, RETRY_AFTER.toSeconds());
        lastWarnAt = now;
      }
      return false;
    }
  }

  /** Failed writes since Redis last answered (for tests). */
  synchronized long failures() {
    return failures;
  }

  synchronized void close() {
    if (jedis != null) {
      try {
        jedis.close();
      } catch (RuntimeException ignored) {
        // broken connection
      }
      jedis = null;
    }
  }
}
