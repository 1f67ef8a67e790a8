package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.edge.transform.Alert;
import io.iotlakehouse.edge.transform.CycleHistory;
import io.iotlakehouse.edge.transform.Finding;
import io.iotlakehouse.edge.transform.Verdict;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one model at a time and scores events off the acknowledgement path. As an event arrives, {@link #admit}
 * picks the model serving now (if it covers the event's device kind) and holds it, so the event can be buffered
 * tagged with that model; once the event is durable (and the device acknowledged), {@link #stored} queues it for
 * the scoring thread, which judges it with exactly that model and publishes an {@link Alert} when the model finds
 * something. {@link #swap} replaces the model at once for new events; the old one scores what it was given, then
 * closes. Nothing here can block or fail the acknowledgement: a full queue skips scoring (counted), a scorer that
 * throws is counted and logged, and the event is forwarded to Kafka either way.
 */
public final class ModelRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRuntime.class);
  /** Events waiting to be scored, at most (about 2 s of a 30,000 events/s gateway). */
  public static final int QUEUE_CAPACITY = 65_536;

  /** Where alerts go (the gateway publishes them on MQTT). Must not block; the future fails when the alert is lost. */
  public interface AlertSink {
    CompletableFuture<?> publish(Alert alert);
  }

  /** An admitted event and the model held for it; {@link #NONE} when no model judges it. */
  public record Ticket(LoadedModel model, Telemetry event, long admittedNanos) {
    public static final Ticket NONE = new Ticket(null, null, 0);

    /** The model's name, or null when no model judges the event. */
    public String modelName() {
      return model == null ? null : model.info().name();
    }

    public String modelVersion() {
      return model == null ? null : model.info().version();
    }
  }

  private final String gatewayId;
  private final AlertSink alerts;
  private final InferenceMetrics metrics;
  private final BlockingQueue<Ticket> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final CycleHistory history = new CycleHistory(0);
  private final Thread thread;
  private volatile LoadedModel current;
  private volatile boolean running = true;
  private long errors;

  public ModelRuntime(String gatewayId, PrometheusRegistry registry, AlertSink alerts) {
    this.gatewayId = gatewayId;
    this.alerts = alerts;
    this.metrics = new InferenceMetrics(registry, this::serving, queue::size);
    this.thread = new Thread(this::run, "edge-scoring");
    this.thread.setDaemon(true);
  }

  public ModelRuntime start() {
    thread.start();
    return this;
  }

  public InferenceMetrics metrics() {
    return metrics;
  }

  /** The model being served, or null. */
  public ModelInfo serving() {
    LoadedModel m = current;
    return m == null ? null : m.info();
  }

  /** Serves {@code next} for every event admitted from now on; the previous model closes once it scored its events. */
  public void swap(LoadedModel next) {
    history.ensureCapacity(next.scorer().historyLength());
    LoadedModel old = current;
    current = next;
    metrics.loaded();
    if (old != null) old.release();
  }

  /** At arrival: holds the serving model for an accepted event it covers. Follow with {@link #stored} exactly once. */
  public Ticket admit(Verdict verdict) {
    if (!(verdict instanceof Verdict.Accepted a)) return Ticket.NONE;
    while (true) {
      LoadedModel m = current;
      if (m == null || !m.scorer().covers(a.event().kind())) return Ticket.NONE;
      if (m.acquire()) return new Ticket(m, a.event(), System.nanoTime());
      // swapped out and closed between the read and the hold: the new one is in place, read again
    }
  }

  /**
   * After the buffer decided: {@code durable} = the event was written (scored now), otherwise (a duplicate, dropped by
   * policy, the buffer closing) it is not scored. Never blocks.
   */
  public void stored(Ticket t, boolean durable) {
    if (t.model() == null) return;
    if (!durable || !running) {
      t.model().release();
    } else if (!queue.offer(t)) {
      metrics.skipped("queue_full");
      t.model().release();
    }
  }

  private void run() {
    while (running) {
      Ticket t;
      try {
        t = queue.take();
      } catch (InterruptedException e) {
        break;
      }
      try {
        score(t);
      } finally {
        t.model().release();
      }
    }
  }

  /** Scores one ticket on the calling thread (the scoring thread; tests). */
  void score(Ticket t) {
    Scorer scorer = t.model().scorer();
    Telemetry e = t.event();
    try {
      if (scorer.historyLength() > 0 && e.payload() instanceof Payload.Turbofan tf && !history.add(e.deviceId(), tf)) {
        metrics.skipped("out_of_order");
        return;
      }
      Finding f = scorer.score(e, history);
      metrics.scored();
      if (f == null) return;
      ModelInfo info = t.model().info();
      metrics.alert();
      publish(new Alert(gatewayId, e, info.name(), info.version(), info.shortId(), f, System.currentTimeMillis()));
      metrics.alertLatency(System.nanoTime() - t.admittedNanos());
    } catch (RuntimeException ex) {
      metrics.error();
      if (errors++ % 10_000 == 0) {
        LOG.warn("model {} failed to score {} seq {} ({} failures so far; the event is forwarded all the same): {}",
            t.model().info().label(), e.deviceId(), e.seq(), errors, ex.toString());
      }
    }
  }

  private void publish(Alert a) {
    try {
      alerts.publish(a).whenComplete((ok, err) -> {
        if (err != null) metrics.publishFailed();
      });
    } catch (RuntimeException ex) {
      metrics.publishFailed();
    }
  }

  /** Stops scoring (what is queued is not scored: those events are already safe in the buffer) and frees the model. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Ticket t;
    while ((t = queue.poll()) != null) t.model().release();
    LoadedModel m = current;
    current = null;
    if (m != null) m.release();
  }
}
