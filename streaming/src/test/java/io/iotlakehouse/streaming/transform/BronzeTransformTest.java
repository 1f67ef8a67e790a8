package io.iotlakehouse.streaming.transform;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotlakehouse.streaming.io.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BronzeTransformTest {
  /** The schema of Spark's Kafka source. */
  static final StructType KAFKA = new StructType()
      .add("key", DataTypes.BinaryType).add("value", DataTypes.BinaryType).add("topic", DataTypes.StringType)
      .add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType)
      .add("timestamp", DataTypes.TimestampType).add("timestampType", DataTypes.IntegerType);
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("bronze-transform-test", "local[1]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void keepsTheValueBytesUnchangedAndWhereEachRecordCameFrom() {
    byte[] value = {(byte) 0xC3, 0x01, 0, 1, 2, (byte) 0xff};
    Timestamp kafkaTs = Timestamp.valueOf("2026-11-23 10:15:30");
    Timestamp ingest = Timestamp.valueOf("2026-11-24 00:00:05");
    Dataset<Row> kafka = spark.createDataFrame(List.of(
        RowFactory.create("env-001".getBytes(StandardCharsets.UTF_8), value, "iot-telemetry", 3, 42L, kafkaTs, 0),
        RowFactory.create(null, new byte[0], "iot-telemetry", 0, 7L, kafkaTs, 0)), KAFKA);

    Dataset<Row> bronze = BronzeTransform.toBronze(kafka, lit(ingest));

    assertThat(bronze.schema().fieldNames()).containsExactly(BronzeTransform.SCHEMA.fieldNames());
    List<Row> rows = bronze.orderBy("offset").collectAsList();
    Row first = rows.get(1);
    assertThat(first.<String>getAs("key")).isEqualTo("env-001");
    assertThat(first.<byte[]>getAs("value")).isEqualTo(value);
    assertThat(first.<String>getAs("topic")).isEqualTo("iot-telemetry");
    assertThat(first.<Integer>getAs("partition")).isEqualTo(3);
    assertThat(first.<Long>getAs("offset")).isEqualTo(42L);
    assertThat(first.<Timestamp>getAs("kafka_timestamp")).isEqualTo(kafkaTs);
    assertThat(first.<Timestamp>getAs("ingest_time")).isEqualTo(ingest);
    assertThat(first.<Date>getAs("ingest_date")).isEqualTo(Date.valueOf("2026-11-24"));
    // a record without key or with an empty value is kept as it is: bronze never judges, silver quarantines
    assertThat(rows.get(0).<String>getAs("key")).isNull();
    assertThat(rows.get(0).<byte[]>getAs("value")).isEmpty();
  }
}
