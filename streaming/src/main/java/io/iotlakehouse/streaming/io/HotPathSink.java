package io.iotlakehouse.streaming.io;

import io.iotlakehouse.streaming.transform.hot.HotPathTransform;
import io.iotlakehouse.streaming.transform.hot.HotRecords;
import io.iotlakehouse.streaming.transform.hot.HotRecords.Alert;
import io.iotlakehouse.streaming.transform.hot.HotRecords.DeviceState;
import io.iotlakehouse.streaming.transform.hot.SiteLookup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path's foreachBatch: collects the batch's alerting events and each device's latest event (the alerts
 * themselves were evaluated in the streaming plan, {@code AlertRules.firedColumn}), then writes from the driver, in this
 * order: Redis (device states and alerts, one pipelined round trip, {@link RedisHotStore}), then the alerts topic
 * ({@link KafkaAlerts}), unless Redis records that this batch's alerts already reached Kafka.
 *
 * <p>Driver-side writes: a hot path batch holds what arrived in one trigger interval (tens to thousands of rows,
 * bounded by {@code streaming.hotpath.max-offsets-per-trigger}), and only alerts and one row per device are collected,
 * never the raw events. One connection and one pipeline per batch beat a connection per executor task, and the
 * order "state, alert hash, then PUBLISH" holds without coordination.
 *
 * <p>Exactly-once where it can be, at-least-once where it cannot: Redis writes are idempotent (see
 * {@link RedisHotStore}). Kafka has no idempotent write across producer sessions, so the sink records in Redis, per
 * query and checkpoint generation ({@code appId}), the last batch id whose alerts Kafka acknowledged
 * ({@code lh:sink:<appId>}), and skips Kafka for a replayed batch at or below it. A crash after Kafka's ack and before
 * that record can still re-send one batch: consumers dedupe on {@code alert_id} (record header and JSON field).
 */
public final class HotPathSink implements VoidFunction2<Dataset<Row>, Long> {
  private static final Logger LOG = LoggerFactory.getLogger(HotPathSink.class);

  private final String appId;
  private final transient RedisHotStore redis;
  private final transient KafkaAlerts kafka;
  private final transient RegistrySites registry;
  private final transient LongSupplier clock;

  public HotPathSink(String appId, RedisHotStore redis, KafkaAlerts kafka, RegistrySites registry, LongSupplier clock) {
    this.appId = appId;
    this.redis = redis;
    this.kafka = kafka;
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    long t0 = System.nanoTime();
    // One pass, one task: a hot path batch is small and each Spark job and task costs milliseconds of scheduling.
    // The alerts were computed in the streaming plan (AlertRules.firedColumn); collect only the rows that raised one
    // and each device's latest row, never every event.
    List<Row> rows = batch.coalesce(1)
        .mapPartitions(new HotPathTransform.HotRows(), Encoders.row(HotPathTransform.hotRowsSchema(batch.schema())))
        .collectAsList();
    long t1 = System.nanoTime();
    long now = clock.getAsLong();
    SiteLookup sites = registry.current(batch.sparkSession(), now);
    long t2 = System.nanoTime();

    Map<String, Alert> alerts = new LinkedHashMap<>(); // the same event twice in a batch raises its alerts once
    Map<String, DeviceState> latest = new LinkedHashMap<>();
    for (Row r : rows) {
      String device = r.getAs("device_id");
      if (!sites.known(device)) continue; // silver quarantines it (unknown_device): no alert, no state
      String site = sites.site(device, HotRecords.millis(r.getAs("event_time")));
      for (Row fired : r.<Row>getList(r.fieldIndex(HotPathTransform.ALERTS))) {
        Alert a = Alert.of(r, fired, site, now);
        alerts.putIfAbsent(a.alertId(), a);
      }
      if (r.<Boolean>getAs(HotPathTransform.LATEST)) {
        DeviceState seen = latest.get(device);
        if (seen == null || r.<Long>getAs("seq") > seen.seq()) latest.put(device, DeviceState.of(r, site));
      }
    }
    List<Alert> alertList = new ArrayList<>(alerts.values());
    RedisHotStore.Written w = redis.write(alertList, new ArrayList<>(latest.values()), now);
    long t3 = System.nanoTime();
    boolean kafkaSkipped = false;
    if (!alertList.isEmpty()) {
      if (redis.kafkaCommitted(appId) >= batchId) {
        kafkaSkipped = true; // a replay of a batch Kafka already has
      } else {
        kafka.send(alertList);
        redis.markKafkaCommitted(appId, batchId);
      }
    }
    long t4 = System.nanoTime();
    if (LOG.isDebugEnabled()) {
      LOG.debug("batch {} timings (ms): spark {}, registry {}, redis {}, kafka {}", batchId, ms(t0, t1), ms(t1, t2),
          ms(t2, t3), ms(t3, t4));
    }
    if (!alertList.isEmpty() || LOG.isDebugEnabled()) {
      (alertList.isEmpty() ? LOG.atDebug() : LOG.atInfo()).log(
          "batch {}: {} alerts ({} new in Redis, {} already there, {} past their TTL){}, {} devices ({} moved forward)",
          batchId, alertList.size(), w.alertsNew(), w.alertsExisting(), w.alertsExpired(),
          kafkaSkipped ? ", Kafka skipped (batch already sent)" : "", latest.size(), w.devicesUpdated());
    }
  }

  private static long ms(long from, long to) {
    return (to - from) / 1_000_000;
  }
}
