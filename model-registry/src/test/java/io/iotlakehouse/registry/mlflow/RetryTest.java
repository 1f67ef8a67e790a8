package io.iotlakehouse.registry.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.iotlakehouse.registry.RegistryException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Retries with exponential backoff, recorded by a fake sleeper instead of real waits. */
class RetryTest {
  private final List<Duration> waits = new ArrayList<>();
  private final RetryPolicy policy = RetryPolicy.defaults().withSleeper(waits::add);

  @Test
  void anUnreachableServerIsRetriedWithGrowingBackoffThenReportedClearly() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port);
    try (MlflowModelRegistry registry = new MlflowModelRegistry(uri, policy)) {
      assertThatThrownBy(() -> registry.version("m", "1"))
          .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
              .isEqualTo(RegistryException.Reason.UNAVAILABLE))
          .hasMessageStartingWith("Could not read version 1 of model 'm' after 5 attempt(s): the MLflow server at "
              + uri + " did not answer or kept failing (")
          .hasMessageEndingWith("Check that it is running and reachable (setting mlflow.tracking-uri), then retry.");
    }
    assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
        Duration.ofMillis(1600));
  }

  @Test
  void serverErrorsAreRetriedWithBackoffUntilTheServerRecovers() throws Exception {
    // The MLflow client already re-sends a failed request 3 times without waiting; our backoff comes on top.
    AtomicInteger calls = new AtomicInteger();
    HttpServer stub = stub("/api/2.0/mlflow/model-versions/get", calls, 4, "{\"model_version\": {\"name\": \"m\", "
        + "\"version\": \"1\", \"current_stage\": \"None\", \"source\": \"mlflow-artifacts:/1/r/artifacts/model\", "
        + "\"run_id\": \"r\", \"status\": \"READY\"}}");
    try (MlflowModelRegistry registry = new MlflowModelRegistry(uri(stub), policy)) {
      assertThat(registry.version("m", "1").source()).isEqualTo("mlflow-artifacts:/1/r/artifacts/model");
    } finally {
      stub.stop(0);
    }
    assertThat(calls.get()).isEqualTo(5);
    assertThat(waits).containsExactly(Duration.ofMillis(200));
  }

  @Test
  void deletesWithABodyAreRetriedWithBackoffToo() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer stub = stub("/api/2.0/mlflow/registered-models/alias", calls, 2, "{}");
    try (MlflowModelRegistry registry = new MlflowModelRegistry(uri(stub), policy)) {
      registry.deleteAlias("m", "champion");
    } finally {
      stub.stop(0);
    }
    assertThat(calls.get()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
  }

  /** A server that fails {@code failures} times with 503, then answers 200 with {@code json}. */
  private static HttpServer stub(String path, AtomicInteger calls, int failures, String json) throws Exception {
    HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.createContext(path, exchange -> {
      exchange.getRequestBody().readAllBytes();
      boolean failing = calls.incrementAndGet() <= failures;
      byte[] body = (failing ? "<html>503 Service Unavailable</html>" : json).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(failing ? 503 : 200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    stub.start();
    return stub;
  }

  private static URI uri(HttpServer stub) {
    return URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
  }

  @Test
  void clientErrorsAreNotRetriedByTheAdapter() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    stub.createContext("/", exchange -> {
      calls.incrementAndGet();
      byte[] body = "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"bad\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(400, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    stub.start();
    try (MlflowModelRegistry registry = new MlflowModelRegistry(
        URI.create("http://127.0.0.1:" + stub.getAddress().getPort()), policy)) {
      assertThatThrownBy(() -> registry.setTag("m", "1", "k", "v"))
          .hasMessage("Could not tag version 1 of model 'm': the MLflow server answered 400 INVALID_PARAMETER_VALUE "
              + "(bad). Fix the request as the message says; if it looks like a server problem, check the server log.");
    } finally {
      stub.stop(0);
    }
    assertThat(calls.get()).as("only the MLflow client's own three tries").isEqualTo(3);
    assertThat(waits).isEmpty();
  }

  @Test
  void rejectsTrackingUrisTheJavaClientCannotUse() {
    assertThatThrownBy(() -> new MlflowModelRegistry(URI.create("file:///tmp/mlruns")))
        .hasMessageStartingWith("mlflow.tracking-uri must be the http(s) URL of an MLflow server but was "
            + "'file:///tmp/mlruns'.");
  }
}
