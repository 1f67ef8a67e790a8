package io.iotlakehouse.edge.rollout;

import io.iotlakehouse.common.bundle.BundleLayout;
import io.iotlakehouse.common.bundle.BundleVerifier;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.edge.inference.InferenceKeys;
import io.iotlakehouse.edge.inference.LocalInference;
import io.iotlakehouse.edge.inference.ModelInfo;
import io.iotlakehouse.edge.inference.ModelRuntime;
import io.iotlakehouse.edge.inference.ModelWatcher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of rollout: takes the desired model from its control topic ({@code gateways/<id>/model/desired},
 * {@link DesiredModel}) and makes the {@link ModelWatcher} serve it. A bundle already in {@code edge.model.dir}
 * (by folder name = bundle id, else any folder whose verified id matches) is made the newest by touching its
 * {@code manifest.sig}; otherwise the archive is downloaded (retries with exponential backoff), its SHA-256 checked,
 * unpacked into a dot-prefixed staging folder and renamed into place as {@code <bundle id>}. The watcher then verifies
 * the signature and swaps it in, or refuses it while the current model keeps serving. Whatever happens, the model in
 * service is never unloaded by the agent. {@link #state()} is what the heartbeat reports.
 */
public final class ModelAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelAgent.class);

  private final String gatewayId;
  private final ModelRuntime runtime;
  private final ModelWatcher watcher;
  private final BundleVerifier verifier;
  private final Path dir;
  private final int attempts;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final Duration timeout;
  private final long maxBytes;
  private final HttpClient http;
  private final AtomicLong generation = new AtomicLong();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "edge-model-agent");
    t.setDaemon(true);
    return t;
  });
  private volatile DesiredModel desired;
  private volatile Path placed;
  private volatile String failure;

  private ModelAgent(String gatewayId, ModelRuntime runtime, ModelWatcher watcher, BundleVerifier verifier, Config config) {
    this.gatewayId = gatewayId;
    this.runtime = runtime;
    this.watcher = watcher;
    this.verifier = verifier;
    this.dir = watcher == null ? null : watcher.dir();
    this.attempts = config.get(RolloutKeys.FETCH_ATTEMPTS);
    this.backoff = config.get(RolloutKeys.FETCH_BACKOFF);
    this.maxBackoff = config.get(RolloutKeys.FETCH_MAX_BACKOFF);
    this.timeout = config.get(RolloutKeys.FETCH_TIMEOUT);
    this.maxBytes = config.get(InferenceKeys.MAX_BUNDLE_BYTES);
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  public static ModelAgent create(Config config, String gatewayId, LocalInference inference) {
    return new ModelAgent(gatewayId, inference.runtime(), inference.watcher(), inference.verifier(), config);
  }

  /** A message on the control topic; an empty one (retained message cleared) forgets the desired model. */
  public void onDesired(byte[] payload) {
    if (payload.length == 0) {
      generation.incrementAndGet();
      desired = null;
      failure = null;
      placed = null;
      return;
    }
    DesiredModel d;
    try {
      d = DesiredModel.parse(payload);
    } catch (IllegalArgumentException e) {
      LOG.warn("ignored the desired-model message on {}: {}. The model in service keeps serving; the controller must "
          + "publish {name, version, bundle_id, url, sha256, rollout_id}", DesiredModel.topic(gatewayId), e.getMessage());
      return;
    }
    DesiredModel previous = desired;
    if (previous != null && previous.equals(d) && failure == null) return; // a re-delivery of what is being applied
    long gen = generation.incrementAndGet();
    desired = d;
    failure = null;
    placed = null;
    if (dir == null) {
      failure = "failed:no_model_dir";
      LOG.warn("told to serve {} (rollout {}) but this gateway has no edge.model.dir: set {} and {} to take part in "
          + "rollouts", d.label(), d.rolloutId(), InferenceKeys.MODEL_DIR.name(), InferenceKeys.TRUSTED_KEYS.name());
      return;
    }
    worker.execute(() -> apply(d, gen));
  }

  /** {@code serving}, {@code fetching}, {@code refused:<reason>}, {@code failed:<reason>} or {@code none}. */
  public String state() {
    DesiredModel d = desired;
    ModelInfo serving = runtime.serving();
    if (d == null) return serving == null ? "none" : "serving";
    if (serving != null && serving.bundleId().equals(d.bundleId())) return "serving";
    String f = failure;
    if (f != null) return f;
    Path p = placed;
    String refusal = p == null || watcher == null ? null : watcher.refusal(p);
    return refusal != null ? "refused:" + refusal : "fetching";
  }

  public DesiredModel desired() {
    return desired;
  }

  private void apply(DesiredModel d, long gen) {
    ModelInfo serving = runtime.serving();
    if (serving != null && serving.bundleId().equals(d.bundleId())) {
      LOG.info("desired model {} (bundle {}, rollout {}) is already serving", d.label(), shortId(d), d.rolloutId());
      return;
    }
    try {
      Path local = findLocal(d.bundleId());
      if (local == null) {
        if (d.url().isEmpty()) {
          fail(gen, "failed:not_available", d, "no folder in " + dir + " holds bundle " + d.bundleId()
              + " and the message gives no url to download it from", "publish the desired model with its url");
          return;
        }
        local = download(d, gen);
        if (local == null) return;
      }
      // newest manifest.sig wins in the watcher: this makes the desired bundle the one it loads next
      Files.setLastModifiedTime(local.resolve(BundleLayout.SIGNATURE), FileTime.from(Instant.now()));
      if (gen == generation.get()) placed = local;
      LOG.info("desired model {} (bundle {}, rollout {}) placed in {}; the watcher verifies and swaps it in", d.label(),
          shortId(d), d.rolloutId(), local);
    } catch (IOException | RuntimeException e) {
      fail(gen, "failed:io", d, e.toString(), "check the free space and permissions of " + dir);
    }
  }

  private Path findLocal(String bundleId) throws IOException {
    Path named = dir.resolve(bundleId);
    if (Files.isRegularFile(named.resolve(BundleLayout.SIGNATURE), LinkOption.NOFOLLOW_LINKS)) return named;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
        if (p.getFileName().toString().startsWith(".") || !Files.isRegularFile(p.resolve(BundleLayout.SIGNATURE))) continue;
        try {
          if (verifier.verify(p).id().equals(bundleId)) return p;
        } catch (RuntimeException e) {
          // not it (or not trusted): keep looking
        }
      }
    }
    return null;
  }

  /** Downloads, checks and unpacks the archive into place; null (and a failure state) when it cannot. */
  private Path download(DesiredModel d, long gen) throws IOException {
    Path zip = dir.resolve(".fetch-" + d.bundleId() + ".zip");
    String lastError = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (gen != generation.get()) return null; // superseded by a newer desired model
      try {
        HttpResponse<Path> r = http.send(HttpRequest.newBuilder(URI.create(d.url())).timeout(timeout).GET().build(),
            HttpResponse.BodyHandlers.ofFile(zip));
        if (r.statusCode() == 200) {
          lastError = null;
          break;
        }
        lastError = "HTTP " + r.statusCode();
        if (r.statusCode() >= 400 && r.statusCode() < 500 && r.statusCode() != 429) {
          Files.deleteIfExists(zip);
          fail(gen, "failed:http_" + r.statusCode(), d, "GET " + d.url() + " answered " + r.statusCode(),
              "check that the controller uploaded the archive (lakehouse models rollout does) and the url");
          return null;
        }
      } catch (IOException e) {
        lastError = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      if (attempt < attempts) {
        long wait = Math.min(maxBackoff.toMillis(), backoff.toMillis() << Math.min(20, attempt - 1));
        LOG.info("download of {} for {} failed ({}; attempt {} of {}), trying again in {} ms", d.url(), d.label(), lastError,
            attempt, attempts, wait);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }
    if (lastError != null) {
      Files.deleteIfExists(zip);
      fail(gen, "failed:unreachable", d, "GET " + d.url() + " failed " + attempts + " times (last: " + lastError + ")",
          "check that the registry / artifact server is up and reachable from the gateway; publishing the desired "
              + "model again retries (" + RolloutKeys.FETCH_ATTEMPTS.name() + " attempts)");
      return null;
    }
    String sha = BundleArchive.sha256(zip);
    if (!sha.equals(d.sha256())) {
      Files.deleteIfExists(zip);
      fail(gen, "failed:sha256_mismatch", d, "the archive from " + d.url() + " has SHA-256 " + sha + ", the controller "
          + "announced " + d.sha256(), "the file at the url changed after the rollout started (or the download is "
          + "corrupt): run the rollout again, which re-checks the archive");
      return null;
    }
    Path staging = dir.resolve(".staging-" + d.bundleId());
    deleteTree(staging);
    try {
      BundleArchive.unzip(zip, staging, maxBytes);
      Path target = dir.resolve(d.bundleId());
      if (Files.exists(target)) deleteTree(target); // a leftover without a signature (findLocal did not take it)
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      deleteTree(staging);
      fail(gen, "failed:bad_archive", d, "cannot unpack " + d.url() + ": " + e.getMessage(),
          "publish an archive made by lakehouse models rollout (a zip of the bundle folder)");
      return null;
    } finally {
      Files.deleteIfExists(zip);
    }
  }

  private void fail(long gen, String state, DesiredModel d, String why, String fix) {
    if (gen != generation.get()) return;
    failure = state;
    ModelInfo serving = runtime.serving();
    LOG.warn("cannot serve the desired model {} (bundle {}, rollout {}): {}. {} keeps serving. How to fix: {}", d.label(),
        shortId(d), d.rolloutId(), why, serving == null ? "No model" : "Model " + serving.label(), fix);
  }

  private static String shortId(DesiredModel d) {
    return d.bundleId().substring(0, 12);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
    }
  }

  @Override
  public void close() {
    generation.incrementAndGet();
    worker.shutdownNow();
  }
}
