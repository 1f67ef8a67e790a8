package io.iotlakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiCommandTest {
  @TempDir Path work;

  @Test
  void issuesClientCertificatesIdempotentlyAndShowsTheCa() {
    String conf = "lakehouse.work-dir=" + work;
    Captured first = capture("--conf", conf, "--conf", "simulators.trucks.count=2", "--conf", "simulators.env.count=1",
        "--conf", "simulators.turbofans.count=0", "pki", "issue", "--fleet", "--gateway", "gw-1", "--monitor", "ops");
    assertThat(first.code()).isZero();
    assertThat(first.out()).contains("device truck-0002: " + work.resolve("services/pki/devices/truck-0002.crt"))
        .contains("gateway gw-1: ").contains("5 issued, 0 kept");
    assertThat(Files.exists(work.resolve("services/pki/gateways/gw-1.key"))).isTrue();

    Captured again = capture("--conf", conf, "pki", "issue", "--device", "env-001,env-002");
    assertThat(again.out()).contains("1 issued, 1 kept");

    Captured show = capture("--conf", conf, "pki", "show");
    assertThat(show.out()).contains("CN=IoT lakehouse dev CA").containsPattern("devices +4").containsPattern("SHA-256 +[0-9A-F:]{95}");
  }

  @Test
  void badIdsAndEmptyRequestsAreClearErrors() {
    LakehouseCliTest.Run bad = LakehouseCliTest.run("--conf", "lakehouse.work-dir=" + work, "pki", "issue", "--device", "a/b");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("'a/b' is not a valid device, gateway or monitor id").contains("MQTT topic level");
    assertThat(capture("--conf", "lakehouse.work-dir=" + work, "pki", "issue").code()).isEqualTo(2);
  }

  record Captured(int code, String out) {}

  /** The subcommands print to System.out. */
  private static Captured capture(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int code = LakehouseCliTest.run(args).code();
      return new Captured(code, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
  }
}
