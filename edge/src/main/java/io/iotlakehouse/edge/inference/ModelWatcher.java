package io.iotlakehouse.edge.inference;

import io.iotlakehouse.common.bundle.BundleException;
import io.iotlakehouse.common.bundle.BundleLayout;
import io.iotlakehouse.common.bundle.BundleVerifier;
import io.iotlakehouse.common.bundle.VerifiedBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the model folder ({@code edge.model.dir}) by polling: every sub-folder holding a {@code manifest.sig} is a
 * bundle (names starting with '.' are ignored: stage a bundle under such a name and rename it into place). The newest
 * bundle (latest {@code manifest.sig} modification time, then name) that verifies and loads is served. A newer bundle
 * that fails is refused (counted by reason, logged with what/why/fix) and the model in service keeps serving; it is
 * not tried again until its files change. Bundles older than the one in service are not swapped in while it is
 * there (to roll back, drop the old bundle again or touch its {@code manifest.sig}; removing the served bundle also
 * hands over to the newest good one left). One thread calls {@link #poll}.
 */
public final class ModelWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ModelWatcher.class);

  private final Path dir;
  private final BundleVerifier verifier;
  private final ModelRuntime runtime;
  private final Map<Path, String> refused = new HashMap<>();
  /** Why each refused bundle folder was refused (read by the rollout agent from another thread). */
  private final Map<Path, String> reasons = new ConcurrentHashMap<>();
  private Path servedDir;
  private boolean warnedEmpty;

  public ModelWatcher(Path dir, BundleVerifier verifier, ModelRuntime runtime) {
    this.dir = dir;
    this.verifier = verifier;
    this.runtime = runtime;
  }

  private record Candidate(Path dir, FileTime signedAt) {}

  /** One look at the folder: swaps in the newest good bundle newer than the one in service, if any. Never throws. */
  public void poll() {
    try {
      look();
    } catch (RuntimeException e) {
      LOG.warn("looking for model bundles in {} failed (trying again at the next poll): {}", dir, e.toString());
    }
  }

  private void look() {
    List<Candidate> candidates = candidates();
    refused.keySet().removeIf(p -> candidates.stream().noneMatch(c -> c.dir().equals(p)));
    reasons.keySet().retainAll(refused.keySet());
    for (Candidate c : candidates) {
      if (c.dir().equals(servedDir)) return; // everything after it is older
      String fingerprint = fingerprint(c.dir());
      if (fingerprint.equals(refused.get(c.dir()))) continue;
      if (load(c.dir())) {
        refused.remove(c.dir());
        reasons.remove(c.dir());
        return;
      }
      refused.put(c.dir(), fingerprint);
    }
    if (servedDir == null && !warnedEmpty) {
      warnedEmpty = true;
      LOG.warn("no usable model bundle in {}: events are forwarded without local scoring until one is dropped there", dir);
    }
  }

  private boolean load(Path bundle) {
    VerifiedBundle b;
    try {
      b = verifier.verify(bundle);
    } catch (BundleException e) {
      refuse(bundle, e.reason().label(), e.getMessage());
      return false;
    }
    Scorer scorer;
    try {
      scorer = ModelKind.loadScorer(b);
    } catch (IOException | RuntimeException | LinkageError e) { // LinkageError: a native library that does not load
      refuse(bundle, "unloadable", InferenceErrors.unloadable(bundle, b.manifest().label(), e).getMessage());
      return false;
    }
    ModelInfo previous = runtime.serving();
    runtime.swap(new LoadedModel(ModelInfo.of(b), scorer));
    servedDir = bundle;
    LOG.info("serving model {} ({}, bundle {}, signed by key {}) from {}{}", b.manifest().label(), b.manifest().kind(),
        b.shortId(), b.keyId(), bundle, previous == null ? "" : "; replaces " + previous.label());
    return true;
  }

  /** The reason ({@code bad_signature}, {@code unloadable}, ...) the bundle folder was last refused for, or null. */
  public String refusal(Path bundle) {
    return reasons.get(bundle);
  }

  public Path dir() {
    return dir;
  }

  private void refuse(Path bundle, String reason, String message) {
    reasons.put(bundle, reason);
    runtime.metrics().refused(reason);
    LOG.warn("refused model bundle ({}); {}: {}", reason,
        runtime.serving() == null ? "no model is serving" : "model " + runtime.serving().label() + " keeps serving", message);
  }

  /** Bundle folders, newest first. */
  private List<Candidate> candidates() {
    List<Candidate> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (p.getFileName().toString().startsWith(".")) continue;
        Path sig = p.resolve(BundleLayout.SIGNATURE);
        if (!Files.isRegularFile(sig, LinkOption.NOFOLLOW_LINKS)) continue;
        out.add(new Candidate(p, Files.getLastModifiedTime(sig)));
      }
    } catch (IOException e) {
      LOG.warn("cannot list the model folder {}: {}", dir, e.toString());
    }
    out.sort(Comparator.comparing(Candidate::signedAt).thenComparing(c -> c.dir().getFileName().toString()).reversed());
    return out;
  }

  /** Paths, sizes and modification times of everything in a bundle folder: changes when any file does. */
  private static String fingerprint(Path bundle) {
    StringBuilder sb = new StringBuilder();
    try (Stream<Path> s = Files.walk(bundle)) {
      for (Path p : s.sorted().toList()) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        sb.append(bundle.relativize(p)).append(' ').append(a.size()).append(' ').append(a.lastModifiedTime()).append('\n');
      }
    } catch (IOException e) {
      return "unreadable " + e; // tried again when it can be read
    }
    return sb.toString();
  }
}
