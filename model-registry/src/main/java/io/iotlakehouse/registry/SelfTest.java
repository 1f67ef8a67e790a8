package io.iotlakehouse.registry;

import io.iotlakehouse.registry.ExperimentTracker.TrackedRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Exercises the platform's registry code against an MLflow server, step by step: experiment, run, artifact upload
 * through the proxy, version registration (twice: the second must return the same version), alias, lookup by alias,
 * download through the proxy and a byte-for-byte check, alias removal. Only the ports are used, so it says whether the
 * platform works unchanged against that server (a real MLflow or the local compatible one).
 */
public final class SelfTest {
  public static final String ALIAS = "selftest";

  /** The outcome: the steps that passed, in order, and the first failure if any. */
  public record Result(boolean ok, String model, String version, List<String> steps, String failedStep, String error) {
    public String toJson() {
      StringBuilder b = new StringBuilder("{\"ok\":").append(ok).append(",\"model\":").append(q(model))
          .append(",\"version\":").append(q(version)).append(",\"steps\":[");
      for (int i = 0; i < steps.size(); i++) b.append(i == 0 ? "" : ",").append(q(steps.get(i)));
      b.append("]");
      if (!ok) b.append(",\"failed_step\":").append(q(failedStep)).append(",\"error\":").append(q(error));
      return b.append("}").toString();
    }

    private static String q(String s) {
      return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }
  }

  private final ExperimentTracker tracker;
  private final ModelRegistry registry;
  private final Path work;

  public SelfTest(ExperimentTracker tracker, ModelRegistry registry, Path work) {
    this.tracker = tracker;
    this.registry = registry;
    this.work = work;
  }

  public Result run(String model) {
    List<String> steps = new ArrayList<>();
    String[] version = {null};
    String[] step = {"prepare"};
    try {
      Path upload = Files.createDirectories(work.resolve("upload"));
      byte[] payload = ("lakehouse selftest " + UUID.randomUUID() + "\n").getBytes(StandardCharsets.UTF_8);
      Files.write(upload.resolve("payload.txt"), payload);
      Files.writeString(upload.resolve("manifest.json"), "{\"payload.txt\":\"" + sha256(payload) + "\"}");

      step[0] = "experiment";
      String experiment = tracker.experiment(model);
      steps.add(step[0]);
      step[0] = "run";
      TrackedRun run = tracker.startRun(experiment, "selftest", Map.of("lakehouse.job", "selftest"));
      steps.add(step[0]);
      step[0] = "upload";
      tracker.uploadArtifacts(run, "model", upload);
      tracker.endRun(run.runId(), "FINISHED");
      steps.add(step[0]);
      step[0] = "register";
      RegisteredVersion v = registry.registerVersion(model, run.runId(), run.artifactUri() + "/model", Map.of());
      version[0] = v.version();
      steps.add(step[0]);
      step[0] = "register-again";
      String again = registry.registerVersion(model, run.runId(), run.artifactUri() + "/model", Map.of()).version();
      check(again.equals(v.version()), "registering the same run again created version " + again + " next to "
          + v.version() + ": registration is not idempotent");
      steps.add(step[0]);
      step[0] = "alias";
      registry.setAlias(model, ALIAS, v.version());
      steps.add(step[0]);
      step[0] = "get-by-alias";
      RegisteredVersion byAlias = registry.getByAlias(model, ALIAS);
      check(byAlias.version().equals(v.version()), "alias " + ALIAS + " points at " + byAlias.version() + ", not "
          + v.version());
      steps.add(step[0]);
      step[0] = "download";
      Path down = registry.downloadArtifacts(byAlias, work.resolve("download"));
      steps.add(step[0]);
      step[0] = "verify";
      byte[] got = Files.readAllBytes(down.resolve("payload.txt"));
      check(sha256(got).equals(sha256(payload)), "the downloaded payload differs from the uploaded one");
      check(Files.readString(down.resolve("manifest.json")).contains(sha256(payload)), "the manifest differs");
      steps.add(step[0]);
      step[0] = "delete-alias";
      registry.deleteAlias(model, ALIAS);
      steps.add(step[0]);
      return new Result(true, model, version[0], steps, null, null);
    } catch (IOException | RuntimeException e) {
      return new Result(false, model, version[0], steps, step[0], e.getMessage());
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) throw new IllegalStateException(message);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
