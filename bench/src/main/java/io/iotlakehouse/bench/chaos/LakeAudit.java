package io.iotlakehouse.bench.chaos;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.common.event.Telemetry;
import io.iotlakehouse.common.event.TelemetryCodec;
import io.iotlakehouse.edge.io.SqliteEventBuffer;
import io.iotlakehouse.edge.transform.SeqRange;
import io.iotlakehouse.edge.transform.SeqRangeSet;
import io.iotlakehouse.streaming.GoldKeys;
import io.iotlakehouse.streaming.io.GoldTables;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.SilverSeqs;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads what {@link PipelineAudit} reconciles from a real lake: the simulators' sequence file (highest seq per device),
 * a gateway's buffer file, bronze (value bytes decoded with common's {@link TelemetryCodec}), silver and quarantine
 * ({@link SilverSeqs}), gold's rolling-window counts and late events, and the telemetry topic's retained offsets from Kafka. Read-only.
 */
public final class LakeAudit {
  private LakeAudit() {}

  /** Where to look; produced, gatewayState and kafkaBootstrap may be null (that layer is not audited). */
  public record Sources(Lake lake, Path produced, Path gatewayState, String kafkaBootstrap, String topic) {}

  static final StructType DECODED = new StructType()
      .add("device_id", DataTypes.StringType, false).add("seq", DataTypes.LongType, false)
      .add("partition", DataTypes.IntegerType, false).add("offset", DataTypes.LongType, false);

  public static PipelineAudit.Report run(SparkSession spark, Sources src) {
    Map<String, SeqRangeSet> produced = src.produced() == null ? null : produced(src.produced());
    PipelineAudit.Gateway gateway = null;
    if (src.gatewayState() != null) {
      SqliteEventBuffer.State s = SqliteEventBuffer.readState(src.gatewayState());
      gateway = new PipelineAudit.Gateway(s.accepted(), s.dropped(), s.buffered());
    }
    String bronzePath = src.lake().bronzeTelemetry();
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, bronzePath) || !SilverSeqs.silverExists(spark, src.lake())) {
      throw new LakehouseException("No bronze or silver table under " + src.lake().root(),
          "the pipeline audit compares bronze and silver with each other and with their upstream",
          "run the bronze and silver jobs first, or point --conf lake.root at the lake that holds them");
    }
    Dataset<Row> decoded = spark.read().format("delta").load(bronzePath).select("partition", "offset", "value")
        .mapPartitions((MapPartitionsFunction<Row, Row>) LakeAudit::decode, Encoders.row(DECODED)).cache();
    try {
      PipelineAudit.Bronze bronze = bronze(decoded);
      List<String> devices = new ArrayList<>(bronze.seqs().keySet());
      if (produced != null) devices.addAll(produced.keySet());
      SilverSeqs.Result s = SilverSeqs.read(spark, src.lake(), devices);
      PipelineAudit.Silver silver = new PipelineAudit.Silver(bySpan(s.silver()), s.duplicates(), bySpan(s.quarantined()));
      List<PipelineAudit.Partition> partitions = src.kafkaBootstrap() == null ? List.of()
          : partitions(spark.read().format("delta").load(bronzePath), src.kafkaBootstrap(), src.topic());
      return PipelineAudit.reconcile(new PipelineAudit.Inputs(produced, gateway, bronze, silver, gold(spark, src.lake()), partitions));
    } finally {
      decoded.unpersist();
    }
  }

  /** Gold's per-device counts (null when the lake has no gold tables): see {@link PipelineAudit.Gold}. */
  static PipelineAudit.Gold gold(SparkSession spark, Lake lake) {
    GoldTables gold = GoldTables.in(lake);
    if (!io.delta.tables.DeltaTable.isDeltaTable(spark, gold.rolling())) return null;
    long window = GoldKeys.ROLLING_WINDOW.toSeconds();
    Dataset<Row> perWindow = spark.read().format("delta").load(gold.rolling())
        .where(functions.unix_timestamp(functions.col("window_start")).mod(window).equalTo(0))
        .groupBy("device_id", "window_start").agg(functions.max("count").as("n")); // every sensor counts the same events
    Map<String, Long> counted = perDevice(perWindow.groupBy("device_id").agg(functions.sum("n")));
    Map<String, Long> late = io.delta.tables.DeltaTable.isDeltaTable(spark, gold.lateEvents())
        ? perDevice(spark.read().format("delta").load(gold.lateEvents()).select("device_id", "seq").distinct().groupBy("device_id").count())
        : Map.of();
    return new PipelineAudit.Gold(counted, late);
  }

  private static Map<String, Long> perDevice(Dataset<Row> deviceAndCount) {
    Map<String, Long> out = new HashMap<>();
    for (Row r : deviceAndCount.collectAsList()) out.put(r.getString(0), r.getLong(1));
    return out;
  }

  /** The simulators' sequence file: device=last seq, so the device produced 1..last. */
  public static Map<String, SeqRangeSet> produced(Path file) {
    if (!Files.exists(file)) {
      throw new LakehouseException("No sequence file at " + file, "the audit needs the highest seq each device produced",
          "pass the simulators' file (<lakehouse.work-dir>/simulators/sequences.properties) or leave out --produced");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, SeqRangeSet> out = new TreeMap<>();
    for (String id : p.stringPropertyNames()) {
      long last = Long.parseLong(p.getProperty(id).trim());
      out.put(id, last > 0 ? SeqRangeSet.of(List.of(new SeqRange(1, last))) : new SeqRangeSet());
    }
    return out;
  }

  private static Iterator<Row> decode(Iterator<Row> rows) {
    TelemetryCodec codec = new TelemetryCodec();
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      try {
        Telemetry t = codec.decode(r.getAs("value")).event();
        out.add(RowFactory.create(t.deviceId(), t.seq(), r.<Integer>getAs("partition"), r.<Long>getAs("offset")));
      } catch (Exception e) {
        // undecodable bytes carry no trusted (device, seq): silver quarantines them; the offset audit still counts them
      }
    }
    return out.iterator();
  }

  static PipelineAudit.Bronze bronze(Dataset<Row> decoded) {
    WindowSpec copies = Window.partitionBy("device_id", "seq").orderBy("partition", "offset");
    Dataset<Row> firsts = decoded.withColumn("copy", functions.row_number().over(copies)).where("copy = 1").drop("copy");
    Map<String, Long> redelivered = perDevice(decoded.groupBy("device_id")
        .agg(functions.count("*").minus(functions.countDistinct("seq")).as("n")).where("n > 0"));
    WindowSpec before = Window.partitionBy("device_id").orderBy("partition", "offset").rowsBetween(Window.unboundedPreceding(), -1);
    Map<String, Long> outOfOrder = perDevice(firsts.withColumn("prev_max", functions.max("seq").over(before)).where("seq < prev_max")
        .groupBy("device_id").count());
    return new PipelineAudit.Bronze(runs(firsts.select("device_id", "seq")), redelivered, outOfOrder);
  }

  private static List<PipelineAudit.Partition> partitions(Dataset<Row> bronze, String bootstrap, String topic) {
    Dataset<Row> offsets = bronze.where(functions.col("topic").equalTo(topic))
        .select(functions.col("partition").cast("string").as("device_id"), functions.col("offset").as("seq"));
    Map<String, SeqRangeSet> covered = runs(offsets.distinct());
    Map<String, Long> rows = perDevice(offsets.groupBy("device_id").count());
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      c.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
      Map<TopicPartition, Long> earliest = c.beginningOffsets(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps);
      List<PipelineAudit.Partition> out = new ArrayList<>();
      for (TopicPartition tp : tps) {
        String k = Integer.toString(tp.partition());
        out.add(new PipelineAudit.Partition(tp.partition(), earliest.get(tp), end.get(tp),
            covered.getOrDefault(k, new SeqRangeSet()), rows.getOrDefault(k, 0L)));
      }
      out.sort(java.util.Comparator.comparingInt(PipelineAudit.Partition::partition));
      return out;
    }
  }

  /** Per key ({@code device_id}), the runs of consecutive {@code seq}s of distinct rows. */
  private static Map<String, SeqRangeSet> runs(Dataset<Row> distinct) {
    return bySpan(SilverSeqs.spans(distinct));
  }

  /** Spans grouped per device into range sets. */
  public static Map<String, SeqRangeSet> bySpan(List<SilverSeqs.Span> spans) {
    Map<String, List<SeqRange>> byDevice = new HashMap<>();
    for (SilverSeqs.Span sp : spans) byDevice.computeIfAbsent(sp.deviceId(), k -> new ArrayList<>()).add(new SeqRange(sp.lo(), sp.hi()));
    Map<String, SeqRangeSet> out = new HashMap<>();
    byDevice.forEach((d, rs) -> out.put(d, SeqRangeSet.of(rs)));
    return out;
  }
}
