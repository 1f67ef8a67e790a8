package io.iotlakehouse.edge.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.edge.transform.SeqCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
  @Test
  void servesEveryDocumentedMetricInPrometheusTextFormatOnLoopback() throws Exception {
    try (GatewayMetrics m = new GatewayMetrics()) {
      m.bind(() -> new EventBuffer.Stats(42, 4200, 1 << 20, System.currentTimeMillis() - 5_000, true, 7, 65536),
          () -> 1000, () -> false, () -> 2);
      m.seq(new SeqCheck.Decision(SeqCheck.Kind.DUPLICATE, 0));
      m.seq(new SeqCheck.Decision(SeqCheck.Kind.GAP, 3));
      m.seq(new SeqCheck.Decision(SeqCheck.Kind.LATE, 0));
      m.seq(new SeqCheck.Decision(SeqCheck.Kind.REWOUND, 0));
      m.dropped(BufferEvents.EVICTED_OLDEST, 5);
      m.dropped(BufferEvents.INCOMING_NO_ROOM, 1);
      m.committed(10, 1_000_000);
      m.received();
      m.deadLettered("oversized");
      m.heartbeat();
      int port = m.serve(0);
      String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(body).contains(
          "edge_buffer_messages 42.0", "edge_buffer_bytes 4200.0", "edge_buffer_budget_bytes 1048576.0",
          "edge_buffer_file_bytes 65536.0", "edge_buffer_oldest_unsent_age_seconds ", "edge_buffer_blocked 1.0",
          "edge_buffer_waiting_messages 7.0", "edge_buffer_stored_total 10.0", "edge_buffer_commits_total 1.0",
          "edge_forwarded_total 1000.0", "edge_forward_rate ", "edge_kafka_connected 0.0", "edge_kafka_producer_resets_total 2.0",
          "edge_dropped_total{reason=\"evicted_oldest\"} 5.0", "edge_dropped_total{reason=\"incoming_no_room\"} 1.0",
          "edge_duplicates_total 1.0", "edge_seq_gaps_total 1.0", "edge_seq_gap_missing_total 3.0", "edge_seq_late_total 1.0",
          "edge_seq_rewound_total 1.0",
          "edge_received_total 1.0", "edge_dead_lettered_total{reason=\"oversized\"} 1.0", "edge_heartbeats_total 1.0");
      assertThat(m.droppedTotal()).isEqualTo(6);
    }
  }
}
