package io.iotlakehouse.edge.inference;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Local inference in the gateway's Prometheus endpoint:
 * <ul>
 *   <li>{@code edge_model_serving{name,version,kind,bundle}} = 1 for the model being served (absent when none);</li>
 *   <li>{@code edge_model_loads_total}, {@code edge_model_refused_total{reason}} (bundle refusals: {@code bad_signature},
 *       {@code unknown_key}, {@code file_mismatch}, {@code missing_file}, {@code extra_file}, {@code malformed},
 *       {@code too_large}, {@code unreadable}, {@code unloadable});</li>
 *   <li>{@code edge_scored_total}, {@code edge_alerts_total}, {@code edge_alert_publish_failures_total},
 *       {@code edge_score_errors_total}, {@code edge_score_skipped_total{reason}} ({@code queue_full},
 *       {@code out_of_order}) and {@code edge_score_queue} (events waiting to be scored);</li>
 *   <li>{@code edge_alert_latency_seconds}: histogram of the time from the event's arrival on MQTT to its alert handed to
 *       the MQTT client (envelope check, durable commit, scoring queue, model).</li>
 * </ul>
 */
public final class InferenceMetrics {
  private final Counter loads;
  private final Counter refused;
  private final Counter scored;
  private final Counter alerts;
  private final Counter publishFailures;
  private final Counter errors;
  private final Counter skipped;
  private final Histogram alertLatency;

  InferenceMetrics(PrometheusRegistry registry, Supplier<ModelInfo> serving, IntSupplier queue) {
    loads = counter(registry, "edge_model_loads_total", "Model bundles verified, loaded and swapped in");
    refused = Counter.builder().name("edge_model_refused_total").labelNames("reason")
        .help("Model bundles refused (signature, files, kind or content); the previous model keeps serving").register(registry);
    scored = counter(registry, "edge_scored_total", "Events judged by the local model");
    alerts = counter(registry, "edge_alerts_total", "Local alerts raised (published on gateways/<id>/alerts/<device>)");
    publishFailures = counter(registry, "edge_alert_publish_failures_total", "Local alerts the MQTT broker did not take");
    errors = counter(registry, "edge_score_errors_total", "Events whose scoring failed (the event itself is forwarded)");
    skipped = Counter.builder().name("edge_score_skipped_total").labelNames("reason")
        .help("Events a model applied to but did not judge (queue_full, out_of_order); they are forwarded all the same").register(registry);
    alertLatency = Histogram.builder().name("edge_alert_latency_seconds").classicOnly()
        .classicUpperBounds(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 5)
        .help("From an event's arrival on MQTT to its local alert handed to the MQTT client").register(registry);
    GaugeWithCallback.builder().name("edge_model_serving").labelNames("name", "version", "kind", "bundle")
        .help("1 for the model bundle the gateway serves (no sample when none)")
        .callback(cb -> {
          ModelInfo m = serving.get();
          if (m != null) cb.call(1, m.name(), m.version(), m.kind(), m.shortId());
        }).register(registry);
    GaugeWithCallback.builder().name("edge_score_queue").help("Events durably buffered and waiting to be scored")
        .callback(cb -> cb.call(queue.getAsInt())).register(registry);
  }

  private static Counter counter(PrometheusRegistry registry, String name, String help) {
    return Counter.builder().name(name).help(help).register(registry);
  }

  void loaded() {
    loads.inc();
  }

  void refused(String reason) {
    refused.labelValues(reason).inc();
  }

  void scored() {
    scored.inc();
  }

  void alert() {
    alerts.inc();
  }

  void alertLatency(long nanos) {
    alertLatency.observe(nanos / 1e9);
  }

  /** Local alerts raised within {@code seconds} of their event's arrival, counted at the histogram's bounds. */
  public long alertsWithin(double seconds) {
    long within = 0;
    for (ClassicHistogramBucket b : alertLatency.collect().getDataPoints().get(0).getClassicBuckets()) {
      if (b.getUpperBound() <= seconds) within += b.getCount();
    }
    return within;
  }

  void publishFailed() {
    publishFailures.inc();
  }

  void error() {
    errors.inc();
  }

  void skipped(String reason) {
    skipped.labelValues(reason).inc();
  }

  public long loads() {
    return loads.getLongValue();
  }

  public long refusedTotal(String reason) {
    return refused.labelValues(reason).getLongValue();
  }

  public long scoredTotal() {
    return scored.getLongValue();
  }

  public long alertsTotal() {
    return alerts.getLongValue();
  }

  public long publishFailuresTotal() {
    return publishFailures.getLongValue();
  }

  public long errorsTotal() {
    return errors.getLongValue();
  }

  public long skippedTotal(String reason) {
    return (long) skipped.labelValues(reason).get();
  }
}
