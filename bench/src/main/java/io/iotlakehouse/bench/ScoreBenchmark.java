package io.iotlakehouse.bench;

import io.iotlakehouse.common.bundle.BundleVerifier;
import io.iotlakehouse.common.bundle.TrustedKeys;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.edge.inference.ModelKind;
import io.iotlakehouse.edge.inference.Scorer;
import io.iotlakehouse.edge.transform.CycleHistory;
import io.iotlakehouse.edge.transform.Finding;
import io.iotlakehouse.simulators.TurbofanReplay;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-event scoring time of the gateway's models (JMH; run by {@link ScoreBench}): the scorers are loaded from signed
 * bundles exactly as the gateway loads them, and judge one event the way the scoring thread does. {@code rul}: a
 * turbofan cycle with 150 cycles of history (features over the last 120, XGBoost regressor and classifier);
 * {@code zscore}: an environmental reading against its rule.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScoreBenchmark {
  /** System property naming the folder {@link ScoreBench} prepared (keys/bench.pub, bundles/rul, bundles/zscore). */
  public static final String DIR = "lakehouse.bench.score-dir";
  static final int HISTORY = 150;

  private Scorer rul;
  private Scorer zscore;
  private CycleHistory history;
  private Telemetry cycle;
  private Telemetry reading;

  @Setup
  public void load() throws Exception {
    Path dir = Path.of(System.getProperty(DIR));
    BundleVerifier verifier = new BundleVerifier(TrustedKeys.load(List.of(dir.resolve("keys/bench.pub"))), 1L << 30);
    rul = ModelKind.loadScorer(verifier.verify(dir.resolve("bundles/rul")));
    zscore = ModelKind.loadScorer(verifier.verify(dir.resolve("bundles/zscore")));
    List<Payload.Turbofan> engine = TurbofanReplay.fd001().get(1);
    history = new CycleHistory(rul.historyLength());
    for (Payload.Turbofan c : engine.subList(0, HISTORY)) history.add("tf-1", c);
    cycle = new Telemetry("tf-1", HISTORY, 0, engine.get(HISTORY - 1));
    reading = new Telemetry("env-1", 1, 0, new Payload.Env(22.5, 50));
  }

  @TearDown
  public void close() {
    rul.close();
    zscore.close();
  }

  @Benchmark
  public Finding rul() {
    return rul.score(cycle, history);
  }

  @Benchmark
  public Finding zscore() {
    return zscore.score(reading, history);
  }
}
