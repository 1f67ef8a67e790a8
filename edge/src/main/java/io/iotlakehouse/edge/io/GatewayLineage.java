package io.iotlakehouse.edge.io;

import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.config.PlatformKeys;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.lineage.LineageDataset;
import io.iotlakehouse.common.lineage.LineageEmitter;
import io.iotlakehouse.common.lineage.LineageEvent;
import io.iotlakehouse.common.lineage.LineageEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's lineage: devices -> this gateway -> telemetry topic. START when the gateway starts, then every
 * {@link #FLUSH_SECONDS} s a RUNNING event naming the devices first seen since the last one (events accumulate in
 * Atlas, so each device is sent once per gateway run). The per-message cost is one set lookup.
 */
public final class GatewayLineage implements AutoCloseable {
  static final int FLUSH_SECONDS = 10;

  private final String gatewayId;
  private final String runId = UUID.randomUUID().toString();
  private final LineageDataset topic;
  private final LineageEmitter emitter;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Map<String, String> fresh = new ConcurrentHashMap<>();
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "gateway-lineage");
    t.setDaemon(true);
    return t;
  });

  public GatewayLineage(Config config, String gatewayId) {
    this.gatewayId = gatewayId;
    this.topic = LineageEvents.telemetryTopic(config.get(PlatformKeys.KAFKA_BOOTSTRAP), config.get(PlatformKeys.TOPIC_TELEMETRY));
    this.emitter = LineageEmitter.of(config);
  }

  public GatewayLineage start() {
    emitter.emit(LineageEvents.gatewayIngest(LineageEvent.Type.START, gatewayId, runId, List.of(), topic));
    flusher.scheduleWithFixedDelay(this::flush, 1, FLUSH_SECONDS, TimeUnit.SECONDS);
    return this;
  }

  /** An accepted event: its device is new lineage the first time. */
  public void seen(Telemetry event) {
    if (seen.add(event.deviceId())) fresh.put(event.deviceId(), event.kind().wireName());
  }

  private void flush() {
    if (fresh.isEmpty()) return;
    List<LineageDataset> devices = new ArrayList<>();
    for (String id : List.copyOf(fresh.keySet())) devices.add(LineageDataset.device(id, fresh.remove(id)));
    emitter.emit(LineageEvents.gatewayIngest(LineageEvent.Type.RUNNING, gatewayId, runId, devices, topic));
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    flush();
    emitter.emit(LineageEvents.gatewayIngest(LineageEvent.Type.COMPLETE, gatewayId, runId, List.of(), topic));
    emitter.close();
  }
}
