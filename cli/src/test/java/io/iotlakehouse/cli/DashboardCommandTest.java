package io.iotlakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class DashboardCommandTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = LakehouseCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void badDashboardConfigFailsBeforeAnythingStarts() {
    Run r = run("--conf", "dashboard.port=70000", "dashboard");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: Invalid value '70000' for config key 'dashboard.port'")
        .contains("between 0 and 65535", "How to fix:");
  }

  @Test
  void aTakenPortIsAClearError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Run r = run("--conf", "redis.url=redis://127.0.0.1:1", "--conf", "dashboard.port=" + taken.getLocalPort(), "dashboard");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("Cannot serve the dashboard on 127.0.0.1:" + taken.getLocalPort(),
          "--conf dashboard.port=");
    }
  }

  @Test
  void helpAndConfigKnowTheDashboard() {
    assertThat(run("--help").out()).contains("dashboard");
    assertThat(run("config").out()).contains("dashboard.port = 18080", "dashboard.refresh = PT2S");
  }
}
