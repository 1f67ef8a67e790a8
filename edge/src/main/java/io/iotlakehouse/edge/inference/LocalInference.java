package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.bundle.BundleVerifier;
import io.iotlakehouse.common.bundle.TrustedKeys;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.edge.transform.Verdict;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's local inference, wired from config: a {@link ModelRuntime} that scores events and publishes alerts
 * through {@code publisher}, and a {@link ModelWatcher} on {@code edge.model.dir} that swaps verified bundles in.
 * Without {@code edge.model.dir} nothing is scored and events are forwarded untagged.
 */
public final class LocalInference implements AutoCloseable {
  /** Publishes an alert's JSON on an MQTT topic (QoS 1); the future fails when the broker does not take it. */
  public interface Publisher {
    CompletableFuture<?> publish(String topic, byte[] payload);
  }

  private final ModelRuntime runtime;
  private final ModelWatcher watcher;
  private final BundleVerifier verifier;
  private final long pollMillis;
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "edge-model-watcher");
    t.setDaemon(true);
    return t;
  });

  private LocalInference(ModelRuntime runtime, ModelWatcher watcher, BundleVerifier verifier, long pollMillis) {
    this.runtime = runtime;
    this.watcher = watcher;
    this.verifier = verifier;
    this.pollMillis = pollMillis;
  }

  /** Fails with what/why/fix when the model folder or the trusted keys are unusable. */
  public static LocalInference create(Config config, String gatewayId, PrometheusRegistry registry, Publisher publisher) {
    ModelRuntime runtime = new ModelRuntime(gatewayId, registry, alert -> publisher.publish(alert.topic(), alert.toJson()));
    String dir = config.get(InferenceKeys.MODEL_DIR);
    if (dir.isBlank()) return new LocalInference(runtime, null, null, 0);
    Path folder = Path.of(dir);
    List<Path> keyFiles = Arrays.stream(config.get(InferenceKeys.TRUSTED_KEYS).split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
    if (keyFiles.isEmpty()) throw InferenceErrors.noTrustedKeys(folder);
    TrustedKeys keys;
    try {
      keys = TrustedKeys.load(keyFiles);
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw InferenceErrors.unusableSetup(folder, e);
    }
    BundleVerifier verifier = new BundleVerifier(keys, config.get(InferenceKeys.MAX_BUNDLE_BYTES));
    ModelWatcher watcher = new ModelWatcher(folder, verifier, runtime);
    return new LocalInference(runtime, watcher, verifier, config.get(InferenceKeys.POLL_INTERVAL).toMillis());
  }

  /** Loads the newest good bundle now (so the first events are scored), then watches the folder. */
  public LocalInference start() {
    runtime.start();
    if (watcher != null) {
      watcher.poll();
      poller.scheduleWithFixedDelay(watcher::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  public ModelRuntime.Ticket admit(Verdict verdict) {
    return runtime.admit(verdict);
  }

  public void stored(ModelRuntime.Ticket ticket, boolean durable) {
    runtime.stored(ticket, durable);
  }

  /** {@code name@version} of the model in service, or null. */
  public String servingLabel() {
    ModelInfo m = runtime.serving();
    return m == null ? null : m.label();
  }

  public ModelRuntime runtime() {
    return runtime;
  }

  /** The folder watcher, or null without {@code edge.model.dir}. */
  public ModelWatcher watcher() {
    return watcher;
  }

  /** The signature check bundles pass before they are served, or null without {@code edge.model.dir}. */
  public BundleVerifier verifier() {
    return verifier;
  }

  @Override
  public void close() {
    poller.shutdownNow();
    try {
      poller.awaitTermination(10, TimeUnit.SECONDS); // a load in progress finishes before the runtime closes
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runtime.close();
  }
}
