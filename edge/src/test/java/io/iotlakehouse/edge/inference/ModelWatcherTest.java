package io.iotlakehouse.edge.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.common.bundle.BundleWriter;
import io.iotlakehouse.common.bundle.BundleLayout;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelWatcherTest {
  static final String HOT_RULES =
      "{\"rules\":[{\"device_kind\":\"env\",\"sensor\":\"temperature_c\",\"mean\":22,\"std\":2,\"max_z\":2}]}";
  @TempDir Path folder;
  final ModelRuntime runtime = new ModelRuntime("gw-t", new PrometheusRegistry(), a -> CompletableFuture.completedFuture(null));
  long clock = 1_700_000_000_000L;

  @AfterEach
  void close() {
    runtime.close();
  }

  ModelWatcher watcher() {
    return new ModelWatcher(folder, TestBundles.VERIFIER, runtime);
  }

  /** Marks a bundle as dropped after every earlier one (its manifest.sig's time decides which is newest). */
  Path dropped(Path bundle) throws Exception {
    clock += 1_000;
    Files.setLastModifiedTime(bundle.resolve(BundleLayout.SIGNATURE), FileTime.fromMillis(clock));
    return bundle;
  }

  String serving() {
    return runtime.serving() == null ? null : runtime.serving().label();
  }

  @Test
  void servesTheNewestGoodBundleRefusesBadOnesOnceAndKeepsTheModelInService() throws Exception {
    ModelWatcher w = watcher();
    w.poll();
    assertThat(serving()).isNull();

    dropped(TestBundles.zscore(folder, "1", TestBundles.ENV_RULES));
    w.poll();
    assertThat(serving()).isEqualTo("env-zscore@1");
    w.poll();
    assertThat(runtime.metrics().loads()).isEqualTo(1);

    dropped(TestBundles.zscore(folder, "2", HOT_RULES));
    w.poll();
    assertThat(serving()).isEqualTo("env-zscore@2");

    Path v3 = dropped(TestBundles.zscore(folder, "3", TestBundles.ENV_RULES));
    Path rules = v3.resolve(ModelKind.ZSCORE_FILE);
    String original = Files.readString(rules);
    Files.writeString(rules, original.replace("\"max_z\":4", "\"max_z\":9")); // tampered after signing
    w.poll();
    w.poll(); // unchanged: not verified (nor counted) again
    assertThat(serving()).isEqualTo("env-zscore@2");
    assertThat(runtime.metrics().refusedTotal("file_mismatch")).isEqualTo(1);

    dropped(TestBundles.zscore(folder, "env-zscore", "4", TestBundles.ENV_RULES, TestBundles.STRANGER));
    w.poll();
    assertThat(serving()).isEqualTo("env-zscore@2");
    assertThat(runtime.metrics().refusedTotal("unknown_key")).isEqualTo(1);

    Files.writeString(rules, original); // repaired: its files changed, so it is tried again
    w.poll();
    assertThat(serving()).isEqualTo("env-zscore@3");
    assertThat(runtime.metrics().refusedTotal("file_mismatch")).isEqualTo(1);
    assertThat(runtime.metrics().loads()).isEqualTo(3);
  }

  @Test
  void atStartTheNewestBundleThatVerifiesIsServedAndStagingFoldersAreIgnored() throws Exception {
    dropped(TestBundles.zscore(folder, "1", TestBundles.ENV_RULES));
    Path v2 = dropped(TestBundles.zscore(folder, "2", TestBundles.ENV_RULES));
    Files.writeString(v2.resolve(BundleLayout.MANIFEST), Files.readString(v2.resolve(BundleLayout.MANIFEST)).replace("\"2\"", "\"9\""));
    Path staged = dropped(TestBundles.zscore(folder, "3", TestBundles.ENV_RULES));
    Files.move(staged, folder.resolve(".incoming-3"));
    watcher().poll();
    assertThat(serving()).isEqualTo("env-zscore@1");
    assertThat(runtime.metrics().refusedTotal("bad_signature")).isEqualTo(1);
  }

  @Test
  void aSignedBundleThatCannotBeLoadedIsRefusedAsUnloadable(@TempDir Path sources) throws Exception {
    Path rules = sources.resolve("rules.json");
    Files.writeString(rules, "{\"rules\":[{\"device_kind\":\"env\",\"sensor\":\"pressure\",\"max\":1}]}");
    // written without ModelKind's check, as a third-party tool might
    dropped(new BundleWriter("env-zscore", "1", "zscore").file(ModelKind.ZSCORE_FILE, rules)
        .write(folder.resolve("bad-rules"), TestBundles.KEY).dir());
    Path src = sources.resolve("model.bin");
    Files.writeString(src, "weights");
    dropped(new BundleWriter("quantum", "1", "quantum-net").file("model.bin", src).write(folder.resolve("unknown-kind"), TestBundles.KEY).dir());
    watcher().poll();
    assertThat(serving()).isNull();
    assertThat(runtime.metrics().refusedTotal("unloadable")).isEqualTo(2);
  }

  @Test
  void rollingBackIsDroppingTheOldBundleAgainAndRemovingTheServedOneHandsOver() throws Exception {
    ModelWatcher w = watcher();
    Path v1 = dropped(TestBundles.zscore(folder, "1", TestBundles.ENV_RULES));
    Path v2 = dropped(TestBundles.zscore(folder, "2", TestBundles.ENV_RULES));
    w.poll();
    assertThat(serving()).isEqualTo("env-zscore@2");
    dropped(v1); // touch its manifest.sig
    w.poll();
    assertThat(serving()).isEqualTo("env-zscore@1");
    dropped(v2);
    w.poll();
    assertThat(serving()).isEqualTo("env-zscore@2");
    try (var s = Files.walk(v2)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
    w.poll();
    assertThat(serving()).isEqualTo("env-zscore@1");
  }
}
