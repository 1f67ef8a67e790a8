package io.iotlakehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.edge.io.BufferEvents;
import io.iotlakehouse.edge.io.EventBuffer;
import io.iotlakehouse.edge.io.SqliteEventBuffer;
import io.iotlakehouse.edge.transform.FullPolicy;
import io.iotlakehouse.edge.transform.Outbound;
import io.iotlakehouse.streaming.io.SparkSessions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `lakehouse audit gateway` end to end: a real gateway buffer folder against a real Delta silver table. */
class AuditCommandTest {
  @TempDir Path dir;

  static Outbound tel(String device, long seq) {
    return new Outbound(Outbound.Target.TELEMETRY, device, seq, "devices/env/" + device + "/telemetry", seq, new byte[10], "avro/1");
  }

  @Test
  void reportsMissingRangesAndDuplicatesAndAccountsForQuarantinedAndStillBufferedSeqs() throws Exception {
    Path state = dir.resolve("gw");
    try (SqliteEventBuffer b = new SqliteEventBuffer(new SqliteEventBuffer.Settings(state, 1 << 20, 100, Duration.ZERO, true), BufferEvents.NONE)) {
      for (long q = 1; q <= 5; q++) b.append(tel("d2", q), FullPolicy.BLOCK).get();
      for (long q = 1; q <= 10; q++) b.append(tel("d1", q), FullPolicy.BLOCK).get();
      List<EventBuffer.Stored> all = b.claim(100, Duration.ZERO);
      List<EventBuffer.Stored> sent = all.stream().filter(s -> !(s.entry().deviceId().equals("d1") && s.entry().seq() > 8)).toList();
      // Kafka acknowledged everything but d1 9..10, the last two entries
      b.release(sent.get(12).id(), 13, sent.stream().mapToLong(EventBuffer.Stored::cost).sum());
      Thread.sleep(300);
    }
    Path lake = dir.resolve("lake");
    SparkSession spark = SparkSessions.create("audit-test", "local[1]");
    try {
      List<Row> rows = new ArrayList<>();
      for (long q = 1; q <= 8; q++) rows.add(RowFactory.create("d1", q));
      rows.add(RowFactory.create("d1", 3L)); // a duplicate silver should never hold: reported
      for (long q = 1; q <= 2; q++) rows.add(RowFactory.create("d2", q)); // d2 3..5 not in silver
      rows.add(RowFactory.create("d9", 1L)); // another gateway's device: not audited
      StructType schema = new StructType().add("device_id", DataTypes.StringType, false).add("seq", DataTypes.LongType, false);
      spark.createDataFrame(rows, schema).write().format("delta").save(lake.resolve("silver/telemetry").toString());
      // silver quarantined d2 3 (failed a rule): accounted for, not missing
      StructType quarantine = new StructType().add("rule_id", DataTypes.StringType, true)
          .add("device_id", DataTypes.StringType, true).add("seq", DataTypes.LongType, true);
      spark.createDataFrame(List.of(RowFactory.create("range", "d2", 3L), RowFactory.create("decode", null, null)), quarantine)
          .write().format("delta").save(lake.resolve("silver/quarantine").toString());
    } finally {
      spark.stop();
    }
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true));
    LakehouseCliTest.Run r;
    try {
      r = LakehouseCliTest.run("--conf", "lake.root=" + lake, "audit", "gateway", "--state", state.toString());
    } finally {
      System.setOut(old);
    }
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    List<String> lines = out.toString().strip().lines().toList();
    assertThat(lines).contains("d1: accepted 10, in silver 8; DUPLICATED-IN-SILVER 1 still-in-buffer 2 [9..10]",
        "d2: accepted 5, in silver 2; MISSING 2 [4..5] quarantined 1 [3]");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("{\"audit\":\"gateway\",\"devices\":2,\"accepted\":15,\"in_silver\":10,"
        + "\"missing\":2,\"missing_ranges\":1,\"devices_with_missing\":1,\"dropped_by_policy\":0,\"quarantined\":1,\"in_buffer\":2,"
        + "\"silver_duplicates\":1,\"not_from_gateway\":0,\"ok\":false}");
  }
}
