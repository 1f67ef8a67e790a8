package io.iotlakehouse.streaming.transform.silver;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iotlakehouse.common.event.Payload;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.streaming.transform.BronzeTransform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Events, wire bytes and bronze rows for silver tests. */
final class SilverFixtures {
  private SilverFixtures() {}

  /** The ingest time of fixture bronze rows. */
  static final long T = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();
  static final String TOPIC = "iot-telemetry";
  static final SilverSettings SETTINGS = new SilverSettings(5 * 60_000L, 3 * 86_400_000L);
  static final TelemetryCodec CODEC = new TelemetryCodec();
  static final ObjectMapper JSON = new ObjectMapper();

  static Telemetry env(String id, long seq, long time, double temperature, double humidity) {
    return new Telemetry(id, seq, time, new Payload.Env(temperature, humidity));
  }

  static Telemetry truck(String id, long seq, long time, double lat, double lon) {
    return truck(id, seq, time, lat, lon, 60, 1620, 70, List.of());
  }

  static Telemetry truck(String id, long seq, long time, double lat, double lon, double speed, double rpm, double fuel,
      List<String> faultCodes) {
    return new Telemetry(id, seq, time, new Payload.Truck(lat, lon, speed, rpm, 88.5, 340.2, fuel, faultCodes));
  }

  static Telemetry turbofan(String id, long seq, long time, int unit, int cycle) {
    List<Double> sensors = new ArrayList<>();
    for (int i = 1; i <= 21; i++) sensors.add(500.0 + i + cycle / 10.0);
    return new Telemetry(id, seq, time, new Payload.Turbofan(unit, cycle, List.of(-0.0007, -0.0004, 100.0), sensors));
  }

  static Telemetry turbofanWithSensor(String id, long seq, long time, int index, double value) {
    Payload.Turbofan t = (Payload.Turbofan) turbofan(id, seq, time, 1, 1).payload();
    List<Double> sensors = new ArrayList<>(t.sensors());
    sensors.set(index, value);
    return new Telemetry(id, seq, time, new Payload.Turbofan(t.unit(), t.cycle(), t.settings(), sensors));
  }

  static byte[] avro(Telemetry t) {
    return CODEC.encodeAvro(t);
  }

  static byte[] json(Telemetry t) {
    return CODEC.encodeJson(t);
  }

  /** The JSON encoding of {@code t}, edited. */
  static byte[] json(Telemetry t, Consumer<ObjectNode> edit) {
    try {
      ObjectNode o = (ObjectNode) JSON.readTree(CODEC.encodeJson(t));
      edit.accept(o);
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** An Avro single-object header with a valid fingerprint, followed by a string length prefix of {@code length}. */
  /** A bronze row as the bronze job writes it. */
  static Row bronze(String key, byte[] value, int partition, long offset, long ingestMillis) {
    Timestamp ingest = new Timestamp(ingestMillis);
    return RowFactory.create(key, value, TOPIC, partition, offset, new Timestamp(ingestMillis - 10), ingest,
        Date.valueOf(Instant.ofEpochMilli(ingestMillis).atZone(ZoneOffset.UTC).toLocalDate()));
  }

  static Dataset<Row> bronze(SparkSession spark, List<Row> rows) {
    return spark.createDataFrame(rows, BronzeTransform.SCHEMA);
  }

  static Dataset<Row> registry(SparkSession spark, List<String> deviceIds) {
    List<Row> rows = new ArrayList<>();
    for (String id : deviceIds) rows.add(RowFactory.create(id, "test fleet"));
    return spark.createDataFrame(rows, new StructType().add("device_id", DataTypes.StringType).add("owner", DataTypes.StringType));
  }

  static String repeat(char c, int n) {
    return String.join("", Collections.nCopies(n, String.valueOf(c)));
  }
}
