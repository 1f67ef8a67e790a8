package io.iotlakehouse.streaming.io;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The (device_id, seq) content of silver, compactly: per device the runs of consecutive seqs ("gaps and islands":
 * {@code seq - row_number()} is constant along a run), plus how many rows repeat a seq, for silver telemetry and for
 * the quarantine table. What {@code lakehouse audit gateway} reconciles a gateway's accepted seqs against.
 */
public final class SilverSeqs {
  private SilverSeqs() {}

  /** Seqs {@code lo..hi} of one device. */
  public record Span(String deviceId, long lo, long hi) {}

  /**
   * @param silver runs of distinct seqs in silver telemetry
   * @param duplicates per device, rows beyond the first for the same seq (silver should have none)
   * @param quarantined runs of seqs in the quarantine table (empty when it does not exist)
   */
  public record Result(List<Span> silver, Map<String, Long> duplicates, List<Span> quarantined) {}

  /** Reads the two tables of {@code lake}, restricted to {@code devices}; the silver table must exist. */
  public static Result read(SparkSession spark, Lake lake, Collection<String> devices) {
    String silverPath = lake.table("silver", "telemetry");
    String quarantinePath = lake.table("silver", "quarantine");
    Dataset<Row> silver = deviceSeqs(spark.read().format("delta").load(silverPath), devices);
    List<Span> spans = spans(silver.distinct());
    Map<String, Long> duplicates = new HashMap<>();
    for (Row r : silver.groupBy("device_id").agg(functions.count("*").minus(functions.countDistinct("seq")).as("dup"))
        .where("dup > 0").collectAsList()) {
      duplicates.put(r.getString(0), r.getLong(1));
    }
    List<Span> quarantined = DeltaTable.isDeltaTable(spark, quarantinePath)
        ? spans(deviceSeqs(spark.read().format("delta").load(quarantinePath), devices).distinct())
        : List.of();
    return new Result(spans, duplicates, quarantined);
  }

  public static boolean silverExists(SparkSession spark, Lake lake) {
    return DeltaTable.isDeltaTable(spark, lake.table("silver", "telemetry"));
  }

  private static Dataset<Row> deviceSeqs(Dataset<Row> table, Collection<String> devices) {
    return table.select("device_id", "seq").where("device_id IS NOT NULL AND seq IS NOT NULL")
        .where(functions.col("device_id").isin(devices.toArray()));
  }

  /** Per device, the runs of consecutive seqs of {@code distinctSeqs} (columns device_id, seq; rows distinct). */
  public static List<Span> spans(Dataset<Row> distinctSeqs) {
    Dataset<Row> runs = distinctSeqs
        .withColumn("run", functions.col("seq").minus(functions.row_number().over(
            org.apache.spark.sql.expressions.Window.partitionBy("device_id").orderBy("seq"))))
        .groupBy("device_id", "run").agg(functions.min("seq").as("lo"), functions.max("seq").as("hi"));
    List<Span> out = new ArrayList<>();
    for (Row r : runs.select("device_id", "lo", "hi").collectAsList()) out.add(new Span(r.getString(0), r.getLong(1), r.getLong(2)));
    return out;
  }
}
