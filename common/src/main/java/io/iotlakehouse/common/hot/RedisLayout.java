package io.iotlakehouse.common.hot;

/**
 * The Redis keys of the hot path, in one place: the hot-path job and the stream jobs write them, the dashboard and
 * operators' tools read them. Every key starts with {@link #PREFIX}, so one Redis can serve several platforms by
 * changing nothing but the database number in {@code redis.url}.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>type</th><th>holds</th><th>expires</th></tr>
 *   <tr><td>{@code lh:device:<device_id>}</td><td>hash</td><td>latest accepted event of the device: {@code kind},
 *       {@code site}, {@code seq}, {@code event_time} (epoch ms), one field per payload value (silver column names,
 *       e.g. {@code temperature_c}, {@code lat}), {@code updated_at} (epoch ms)</td><td>device TTL</td></tr>
 *   <tr><td>{@code lh:devices}</td><td>sorted set</td><td>device ids, score = event_time of their latest event</td>
 *       <td>members older than the device TTL are trimmed by the writer</td></tr>
 *   <tr><td>{@code lh:alert:<alert_id>}</td><td>hash</td><td>one alert: {@code alert_id}, {@code rule_id},
 *       {@code severity}, {@code device_id}, {@code kind}, {@code site}, {@code seq}, {@code event_time},
 *       {@code value}, {@code message}, {@code raised_at} (epoch ms)</td><td>alert TTL</td></tr>
 *   <tr><td>{@code lh:alerts}</td><td>sorted set</td><td>active alert ids, score = event_time (epoch ms)</td>
 *       <td>members older than the alert TTL are trimmed by the writer</td></tr>
 *   <tr><td>{@code lh:alerts:live}</td><td>pub/sub channel</td><td>each new alert as JSON (same fields as the
 *       hash)</td><td>-</td></tr>
 *   <tr><td>{@code lh:pipeline:<query>}</td><td>hash</td><td>last progress of a streaming query: {@code query},
 *       {@code batch_id}, {@code input_rows}, {@code input_rows_per_second}, {@code processed_rows_per_second},
 *       {@code batch_duration_ms}, {@code source_lag} (records behind the source's latest offset, when the source
 *       reports it: for Kafka, {@code maxOffsetsBehindLatest}, the partition furthest behind), {@code source_lag_avg}
 *       (Kafka's {@code avgOffsetsBehindLatest}), {@code watermark} (epoch ms, absent without a watermark),
 *       {@code timestamp} (epoch ms of the batch); fields a query does not report are absent</td><td>pipeline TTL
 *       (5 minutes)</td></tr>
 *   <tr><td>{@code lh:sink:<app_id>}</td><td>hash</td><td>writer bookkeeping, not for dashboards: {@code kafka} = the
 *       last micro-batch id whose alerts the hot path's Kafka producer had acknowledged, per query and checkpoint
 *       generation ({@code app_id}), so a replayed batch is not sent to Kafka twice</td><td>7 days</td></tr>
 * </table>
 *
 * <p>An alert id is {@code <rule_id>:<device_id>:<seq>}: the same event raises the same alert id however often a
 * batch is replayed, so writes are idempotent.
 */
public final class RedisLayout {
  private RedisLayout() {}

  public static final String PREFIX = "lh:";
  public static final String DEVICES = PREFIX + "devices";
  public static final String ALERTS = PREFIX + "alerts";
  public static final String ALERTS_CHANNEL = PREFIX + "alerts:live";

  public static String device(String deviceId) {
    return PREFIX + "device:" + deviceId;
  }

  public static String alert(String alertId) {
    return PREFIX + "alert:" + alertId;
  }

  public static String alertId(String ruleId, String deviceId, long seq) {
    return ruleId + ":" + deviceId + ":" + seq;
  }

  public static String pipeline(String query) {
    return PREFIX + "pipeline:" + query;
  }

  /** Writer bookkeeping of one streaming query + checkpoint generation (see the class doc). */
  public static String sink(String appId) {
    return PREFIX + "sink:" + appId;
  }

  /** Pattern matching every pipeline key, for SCAN. */
  public static final String PIPELINE_PATTERN = PREFIX + "pipeline:*";
}
