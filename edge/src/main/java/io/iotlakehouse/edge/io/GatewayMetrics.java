package io.iotlakehouse.edge.io;

import io.iotlakehouse.edge.EdgeErrors;
import io.iotlakehouse.edge.transform.SeqCheck;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The gateway's health in Prometheus text format on 127.0.0.1:{@code edge.metrics.port}/metrics. Names:
 * <ul>
 *   <li>{@code edge_buffer_messages}, {@code edge_buffer_bytes}, {@code edge_buffer_budget_bytes},
 *       {@code edge_buffer_file_bytes}: depth of the buffer (entries not yet acknowledged by Kafka) against its budget,
 *       and the SQLite files' real size;</li>
 *   <li>{@code edge_buffer_oldest_unsent_age_seconds}: age of the oldest entry Kafka does not have yet (0 when empty);</li>
 *   <li>{@code edge_buffer_blocked} (1 while devices are not acknowledged: buffer full, policy block) and
 *       {@code edge_buffer_waiting_messages};</li>
 *   <li>{@code edge_buffer_stored_total}, {@code edge_buffer_commits_total}: durable writes and group commits;</li>
 *   <li>{@code edge_forwarded_total} and {@code edge_forward_rate} (per second over the last 10 s): entries Kafka
 *       acknowledged; {@code edge_kafka_connected} (0/1), {@code edge_kafka_producer_resets_total};</li>
 *   <li>{@code edge_dropped_total{reason}}: {@code evicted_oldest}, {@code incoming_no_room};</li>
 *   <li>{@code edge_duplicates_total}, {@code edge_seq_gaps_total}, {@code edge_seq_gap_missing_total} (seqs skipped),
 *       {@code edge_seq_late_total} (gap fills), {@code edge_seq_rewound_total} (seqs sent again by a device whose
 *       counter went back, e.g. after a reboot: accepted as new data);</li>
 *   <li>{@code edge_received_total}, {@code edge_dead_lettered_total{reason}}, {@code edge_heartbeats_total}.</li>
 * </ul>
 */
public final class GatewayMetrics implements BufferEvents, AutoCloseable {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Counter stored = counter("edge_buffer_stored_total", "Entries durably written to the buffer");
  private final Counter commits = counter("edge_buffer_commits_total", "Group commits (one fsync each when edge.buffer.fsync)");
  private final Counter dropped = Counter.builder().name("edge_dropped_total")
      .help("Entries dropped by the full policy drop-oldest, by reason").labelNames("reason").register(registry);
  private final Counter duplicates = counter("edge_duplicates_total", "Messages whose (device_id, seq) the gateway had accepted before: acknowledged, not buffered again");
  private final Counter gaps = counter("edge_seq_gaps_total", "Times a device's seq jumped past the next expected one");
  private final Counter gapMissing = counter("edge_seq_gap_missing_total", "Seqs skipped by those jumps");
  private final Counter late = counter("edge_seq_late_total", "Seqs below a device's highest accepted seq that filled a gap");
  private final Counter rewound = counter("edge_seq_rewound_total",
      "Seqs a device sent again with a newer event time (its counter went back, e.g. a reboot): accepted as new data");
  private final Counter received = counter("edge_received_total", "MQTT messages received");
  private final Counter deadLettered = Counter.builder().name("edge_dead_lettered_total")
      .help("Messages that failed the envelope check, buffered for the dead-letter topic, by reason").labelNames("reason").register(registry);
  private final Counter heartbeats = counter("edge_heartbeats_total", "Heartbeats published");
  private final ArrayDeque<long[]> rate = new ArrayDeque<>();
  private HTTPServer server;

  private Counter counter(String name, String help) {
    return Counter.builder().name(name).help(help).register(registry);
  }

  /** Registers the gauges that read the buffer and the forwarder. */
  public GatewayMetrics bind(Supplier<EventBuffer.Stats> stats, LongSupplier forwardedTotal, BooleanSupplier kafkaConnected,
      LongSupplier producerResets) {
    CachedStats s = new CachedStats(stats);
    gauge("edge_buffer_messages", "Entries in the buffer not yet acknowledged by Kafka", () -> s.get().messages());
    gauge("edge_buffer_bytes", "Budget bytes those entries use", () -> s.get().bytes());
    gauge("edge_buffer_budget_bytes", "The disk budget (edge.buffer.max-bytes)", () -> s.get().budget());
    gauge("edge_buffer_file_bytes", "Size of the buffer's SQLite files on disk", () -> s.get().fileBytes());
    gauge("edge_buffer_oldest_unsent_age_seconds", "Age of the oldest entry Kafka does not have yet; 0 when none", () -> {
      long t = s.get().oldestUnsentMillis();
      return t < 0 ? 0 : Math.max(0, System.currentTimeMillis() - t) / 1000.0;
    });
    gauge("edge_buffer_blocked", "1 while devices are not acknowledged (buffer full, policy block)", () -> s.get().blocked() ? 1 : 0);
    gauge("edge_buffer_waiting_messages", "Messages waiting for room while blocked", () -> s.get().waiting());
    gauge("edge_kafka_connected", "1 while the producer has a live broker connection", () -> kafkaConnected.getAsBoolean() ? 1 : 0);
    gauge("edge_forward_rate", "Entries acknowledged by Kafka per second, over the last 10 s", () -> forwardRate(forwardedTotal.getAsLong()));
    CounterWithCallback.builder().name("edge_forwarded_total").help("Entries acknowledged by Kafka")
        .callback(cb -> cb.call(forwardedTotal.getAsLong())).register(registry);
    CounterWithCallback.builder().name("edge_kafka_producer_resets_total")
        .help("Producers discarded after a failure (the buffer is sent again from the last acknowledged entry)")
        .callback(cb -> cb.call(producerResets.getAsLong())).register(registry);
    return this;
  }

  private void gauge(String name, String help, java.util.function.DoubleSupplier value) {
    GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble())).register(registry);
  }

  /** Starts the HTTP endpoint; returns the port (useful with port 0). */
  public int serve(int port) {
    try {
      server = HTTPServer.builder().inetAddress(InetAddress.getLoopbackAddress()).port(port).registry(registry).buildAndStart();
      return server.getPort();
    } catch (IOException e) {
      throw EdgeErrors.metricsPortTaken(port, e);
    }
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  private synchronized double forwardRate(long total) {
    long now = System.nanoTime();
    rate.addLast(new long[] {now, total});
    while (rate.size() > 2 && now - rate.peekFirst()[0] > 10_000_000_000L) rate.pollFirst();
    long[] first = rate.peekFirst();
    double dt = (now - first[0]) / 1e9;
    return dt < 0.5 ? 0 : (total - first[1]) / dt;
  }

  /** Call about once a second so {@code edge_forward_rate} has samples between scrapes. */
  public void tick(long forwardedTotal) {
    forwardRate(forwardedTotal);
  }

  public void received() {
    received.inc();
  }

  public void deadLettered(String reason) {
    deadLettered.labelValues(reason).inc();
  }

  public void heartbeat() {
    heartbeats.inc();
  }

  public long droppedTotal() {
    return (long) (dropped.labelValues(EVICTED_OLDEST).get() + dropped.labelValues(INCOMING_NO_ROOM).get());
  }

  public long duplicatesTotal() {
    return duplicates.getLongValue();
  }

  @Override
  public void committed(int n, long nanos) {
    commits.inc();
    stored.inc(n);
  }

  @Override
  public void seq(SeqCheck.Decision d) {
    switch (d.kind()) {
      case DUPLICATE -> duplicates.inc();
      case GAP -> {
        gaps.inc();
        gapMissing.inc(d.missing());
      }
      case LATE -> late.inc();
      case REWOUND -> rewound.inc();
      default -> { }
    }
  }

  @Override
  public void dropped(String reason, long count) {
    dropped.labelValues(reason).inc(count);
  }

  @Override
  public void close() {
    if (server != null) server.close();
  }

  /** One stats query per scrape, not one per gauge. */
  private static final class CachedStats {
    private final Supplier<EventBuffer.Stats> source;
    private EventBuffer.Stats last;
    private long at;

    CachedStats(Supplier<EventBuffer.Stats> source) {
      this.source = source;
    }

    synchronized EventBuffer.Stats get() {
      long now = System.nanoTime();
      if (last == null || now - at > 200_000_000L) {
        last = source.get();
        at = now;
      }
      return last;
    }
  }
}
