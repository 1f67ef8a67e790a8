package io.iotlakehouse.registry.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.iotlakehouse.registry.server.MlflowCompatibleServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replayer must report differences, not only agreement: it is replayed here against tampered recordings. */
class ContractReplayerTest {
  @TempDir
  Path dataDir;

  private MlflowCompatibleServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void reportsEveryExchangeWhoseReplyDiffersFromTheRecording() {
    server = new MlflowCompatibleServer().start("127.0.0.1", 0, dataDir);
    List<Exchange> tampered = tamper(Recordings.mlflow271(), e -> switch (e.step()) {
      case 2 -> withBody(e, new TextNode("2.7.2"));
      case 7 -> {
        ObjectNode body = e.response().body().deepCopy();
        ((ObjectNode) body.get("experiment")).put("name", "some-other-name");
        yield withBody(e, body);
      }
      case 45 -> {
        ObjectNode body = e.response().body().deepCopy();
        ((ObjectNode) body.at("/run/data/metrics/1")).put("value", 1);
        yield withBody(e, body);
      }
      case 136 -> new Exchange(e.step(), e.name(), e.request(),
          new Exchange.Response(400, e.response().headers(), e.response().body()));
      default -> e;
    });

    ReplayResult result = new ContractReplayer(server.uri(), tampered).replay();

    assertThat(result.exchanges()).isEqualTo(175);
    assertThat(result.matched()).isEqualTo(171);
    assertThat(result.mismatches()).extracting(Mismatch::step).containsExactly(2, 7, 45, 136);
    assertThat(result.mismatches().get(0).difference()).contains("expected 2.7.2 but was 2.7.1");
    assertThat(result.mismatches().get(1).difference()).contains("$.experiment.name");
    assertThat(result.mismatches().get(2).difference()).as("1 and 1.0 differ in kind")
        .contains("$.run.data.metrics[1].value: expected 1 but was 1.0");
    assertThat(result.mismatches().get(3).difference()).contains("status: expected 400 but was 404");
    assertThat(result.toJson()).startsWith("{\"exchanges\":175,\"matched\":171,").contains("\"step\":136");
  }

  @Test
  void reportsAnUnreachableServerAsMismatchesInsteadOfThrowing() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<Exchange> firstThree = Recordings.mlflow271().subList(0, 3);

    ReplayResult result = new ContractReplayer(URI.create("http://127.0.0.1:" + port), firstThree).replay();

    assertThat(result.matched()).isZero();
    assertThat(result.mismatches()).hasSize(3).allSatisfy(m -> assertThat(m.difference()).contains("cannot connect"));
  }

  @Test
  void loadsAllRecordingsInStepOrder() {
    List<Exchange> exchanges = Recordings.mlflow271();

    assertThat(exchanges).hasSize(175);
    assertThat(exchanges).extracting(Exchange::step).isSorted().first().isEqualTo(1);
    assertThat(exchanges.get(174).step()).isEqualTo(175);
  }

  private static Exchange withBody(Exchange e, com.fasterxml.jackson.databind.JsonNode body) {
    return new Exchange(e.step(), e.name(), e.request(),
        new Exchange.Response(e.response().status(), e.response().headers(), body));
  }

  private static List<Exchange> tamper(List<Exchange> exchanges, UnaryOperator<Exchange> change) {
    List<Exchange> out = new ArrayList<>();
    exchanges.forEach(e -> out.add(change.apply(e)));
    return out;
  }
}
