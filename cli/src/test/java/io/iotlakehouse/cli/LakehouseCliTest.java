package io.iotlakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LakehouseCliTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LakehouseCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "--conf kafka.topic.partiton=8 config        | Unknown config key 'kafka.topic.partiton' | did you mean kafka.topic.partitions",
    "--conf simulators.trucks.count=9000 config  | Invalid value '9000' for config key 'simulators.trucks.count' | between 0 and 5000",
    "--conf streaming.bronze.trigger-interval=fast config | Invalid value 'fast' | a duration such as 500ms",
    "--conf mqtt.port config                     | Malformed --conf 'mqtt.port' | key=value",
    "--config-file /no/such/file.properties config | Cannot read config file '/no/such/file.properties' | --config-file",
    "demo --duration soon                        | Invalid --duration 'soon' | --duration 90s",
    "bench ingest --events 10                    | --events 10 is too small | --events 1000000",
    "bench medallion --events 10                 | --events 10 is too small | --events 500000",
    "gateway                                     | Missing kafka.bootstrap-servers | --conf kafka.bootstrap-servers=",
    "bronze --available-now                      | Missing kafka.bootstrap-servers | start one locally with `lakehouse stack`",
    "hotpath                                     | Missing kafka.bootstrap-servers | start one locally with `lakehouse stack`",
    "--conf kafka.bootstrap-servers=127.0.0.1:9 hotpath | Missing redis.url | --conf redis.url=redis://host:port",
    "bench hotpath --alerts 0                    | --alerts 0 is too small | --alerts 1000",
    "bench hotpath --rate 5000                   | --rate 5000.0 is out of range | --rate 50",
    "bench hotpath --warmup soon                 | Invalid --warmup 'soon' | --warmup 90s",
    "--conf streaming.hotpath.trigger-interval=-1s config | Invalid value '-1s' for config key 'streaming.hotpath.trigger-interval' | a duration such as 500ms",
    "--conf streaming.hotpath.starting-offsets=now config | Invalid value 'now' | one of earliest, latest",
    "ml cmapss-eval --train /no/train.txt --test /no/test.txt --rul /no/rul.txt | Cannot read '/no/train.txt': no such file | --train train_FD001.txt",
    "ml retrain --month 11-2026 | Invalid --month '11-2026' | --month 2026-11",
    "--conf ml.retrain.holdout-percent=90 config | Invalid value '90' for config key 'ml.retrain.holdout-percent' | between 1 and 50",
    "registry contract-check --url localhost:5000 | Invalid --url 'localhost:5000' | --url http://127.0.0.1:5000",
    "--conf mlflow.tracking-uri=mlflow:5000 config | Invalid value 'mlflow:5000' for config key 'mlflow.tracking-uri' | empty or an http(s) URL",
    "--conf redis.url=localhost:6379 config | Invalid value 'localhost:6379' for config key 'redis.url' | redis:// or rediss:// URL",
    "--conf simulators.schema-version=3 config | Invalid value '3' for config key 'simulators.schema-version' | between 1 and 2",
    "reference device --id d1 --kind toaster --site s | --kind 'toaster' is not a device kind | --kind env",
    "reference device --id d1 --kind env --site s --valid-from yesterday | --valid-from 'yesterday' does not parse | 2026-11-24T08:00:00Z",
    "reference seed --weather-back soon | Invalid --weather-back 'soon' | --weather-back 90s",
    "audit gateway --state /no/such/buffer | No gateway buffer in /no/such/buffer | edge.buffer.dir",
    "bench edge --events 10 | --events 10 is too small | --events 1000000",
    "bench edge --kafka-security tls | --kafka-security tls is unknown | --kafka-security sasl-ssl",
    "bench edge --alerts 5 | --alerts 5 is too small | --alerts 1000",
    "bench edge --alert-rate 0 | --alert-rate 0.0 is out of range | --alert-rate 100",
    "chaos monkey | Unknown scenario 'monkey' | lakehouse chaos kill-jobs",
    "chaos broker-bounce --bounces 0 | --bounces 0 is too small | --bounces 5",
    "chaos disk-full --duration 1m --outage 1m | --outage 1m is not shorter than --duration 1m | --duration 5m --outage 2m",
    "chaos kill-jobs --kills 0 | --kills 0 is too small | --kills 20",
    "chaos kafka-outage --duration 1m --outage 2m | --outage 2m is not shorter than --duration 1m | --duration 5m --outage 2m",
    "chaos kill-jobs --duration soon | Invalid --duration 'soon' | --duration 90s",
    "chaos combined --duration 30s --outage 30s | --outage 30s is not shorter than --duration 30s | --duration 5m --outage 2m",
    "chaos combined --bounces 0 | --bounces 0 is too small | --bounces 5",
    "--conf edge.buffer.full-policy=drop-newest config | Invalid value 'drop-newest' for config key 'edge.buffer.full-policy' | one of block, drop-oldest",
    "--conf edge.buffer.policies=devices/#/x=block config | Invalid value 'devices/#/x=block' for config key 'edge.buffer.policies' | <MQTT topic filter>=<block|drop-oldest>",
    "--conf atlas.url=atlas:21000 config | Invalid value 'atlas:21000' for config key 'atlas.url' | empty or an http(s) URL",
    "--conf governance.recorder.retry-interval=0s config | Invalid value '0s' | a positive duration",
    "--conf atlas.url=http://127.0.0.1:9 lineage trace gold.asset_health | No active Atlas at http://127.0.0.1:9 | `lakehouse lineage record`",
    "--conf kafka.bootstrap-servers=127.0.0.1:1 --conf mqtt.host=127.0.0.1 --conf edge.buffer.max-bytes=64KiB gateway | edge.buffer.max-bytes=65536 is too small | raise edge.buffer.max-bytes",
    "--conf batch.vacuum.retention=soon config | Invalid value 'soon' for config key 'batch.vacuum.retention' | a duration such as 500ms",
    "--conf batch.compaction.tables=gold/nope config | Invalid value 'gold/nope' for config key 'batch.compaction.tables' | a comma-separated list of lake tables",
    "batch pin --table gold/nope --version 1 --by me | Unknown lake table 'gold/nope' | use one of bronze/telemetry",
    "bench compaction --events 10 | --events 10 --batches 200 --runs 5 is not a useful size | --events 400000",
    "--conf notebooks.jupyter=/no/such/jupyter notebooks | Jupyter not found at /no/such/jupyter | apt-get install jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient",
    "--conf notebooks.kernel-heap=lots config | Invalid value 'lots' for config key 'notebooks.kernel-heap' | a JVM heap size such as 3g",
  })
  void badArgumentsFailFastWithWhatAndHowToFix(String args, String what, String fix) {
    Run r = run(args.trim().split("\\s+"));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: ").contains(what.trim()).contains("How to fix:").contains(fix.trim());
  }

  @Test
  void unknownCommandAndOptionAreUsageErrors() {
    Run r = run("demoo");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Unmatched argument", "demoo");
    assertThat(run("demo", "--fast").err()).contains("Unknown option: '--fast'");
  }

  @Test
  void contractCheckPrintsJsonAndSucceedsAgainstTheLocalServer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    try (var server = new io.iotlakehouse.registry.server.MlflowCompatibleServer().start("127.0.0.1", 0, dir)) {
      Run r = run("registry", "contract-check", "--url", server.uri().toString());
      assertThat(r.code()).isZero();
      String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
      assertThat(last).startsWith("{\"exchanges\":175,\"matched\":175,");
    }
  }

  @Test
  void helpListsEveryCommand() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("demo", "stack", "gateway", "bronze", "silver", "gold", "hotpath", "reference", "audit",
        "dashboard", "bench", "registry", "ml", "lineage", "config", "batch");
    assertThat(run("lineage", "--help").out()).contains("record", "trace");
    assertThat(run("bench", "--help").out()).contains("ingest", "medallion", "hotpath", "edge", "compaction");
    assertThat(run("batch", "--help").out()).contains("compact", "vacuum", "tier", "iceberg-sync", "backfill", "report",
        "pin", "unpin", "pins");
  }

  @Test
  void configListsEveryKeyWithItsDoc() {
    Run r = run("--conf", "simulators.trucks.count=5000", "config");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("simulators.trucks.count = 5000  [set]")
        .contains("kafka.topic.telemetry = iot-telemetry")
        .contains("Topic the gateways write device events to")
        .contains("streaming.bronze.trigger-interval = PT5S")
        .contains("streaming.hotpath.trigger-interval = PT0.5S")
        .contains("streaming.hotpath.alert-ttl = PT1H");
    assertThat(run("config", "--markdown").out()).startsWith("| key | default | expects | meaning |")
        .contains("| `edge.max-payload-bytes` | `64KiB` |");
  }
}
