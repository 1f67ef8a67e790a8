package io.iotlakehouse.streaming.io;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Table versions pinned for reproducibility (a training run reads gold at a version and records it): a Delta table at
 * {@code <lake.root>/maintenance/version_pins}. VACUUM never deletes the files of a pinned version
 * ({@code batch.vacuum.retention} is refused when shorter than the oldest pin's age), so time travel to it keeps
 * working until it is unpinned.
 */
public final class VersionPins {
  public static final StructType SCHEMA = new StructType()
      .add("table", DataTypes.StringType, false, "lake table relative to lake.root, e.g. gold/turbofan_health")
      .add("version", DataTypes.LongType, false, "pinned Delta version")
      .add("pinned_by", DataTypes.StringType, false, "who needs it, e.g. the training run id")
      .add("reason", DataTypes.StringType, true)
      .add("pinned_at", DataTypes.TimestampType, false);

  /** A pin ({@code pinnedAt}: ISO-8601 instant, null before it is stored). */
  public record Pin(String table, long version, String pinnedBy, String reason, String pinnedAt) {}

  private final SparkSession spark;
  private final Lake lake;
  private final String path;

  public VersionPins(SparkSession spark, Lake lake) {
    this.spark = spark;
    this.lake = lake;
    this.path = lake.table("maintenance", "version_pins");
  }

  /**
   * The pin name of the table at {@code path}: its path relative to the lake root (e.g. {@code gold/turbofan_health}),
   * or empty when it lies outside this lake.
   */
  public Optional<String> tableAt(String path) {
    String prefix = lake.root() + "/";
    String p = path.replaceAll("/+$", "");
    return p.startsWith(prefix) && p.length() > prefix.length() ? Optional.of(p.substring(prefix.length())) : Optional.empty();
  }

  /** Pins {@code version} of {@code table} for {@code pinnedBy}; pinning the same again changes nothing. */
  public void pin(String table, long version, String pinnedBy, String reason) {
    ensure();
    Row row = RowFactory.create(table, version, pinnedBy, reason, Timestamp.from(Instant.now()));
    DeltaTable.forPath(spark, path).as("t")
        .merge(spark.createDataFrame(List.of(row), SCHEMA).as("s"),
            "t.table = s.table AND t.version = s.version AND t.pinned_by = s.pinned_by")
        .whenNotMatched().insertAll()
        .execute();
  }

  /** Releases a pin; returns whether there was one. */
  public boolean unpin(String table, long version, String pinnedBy) {
    if (!DeltaTable.isDeltaTable(spark, path)) return false;
    long before = pins(table).size();
    DeltaTable.forPath(spark, path).delete(col("table").equalTo(table).and(col("version").equalTo(version))
        .and(col("pinned_by").equalTo(pinnedBy)));
    return pins(table).size() < before;
  }

  /** The pins of {@code table} (every table when null). */
  public List<Pin> pins(String table) {
    List<Pin> out = new ArrayList<>();
    if (!DeltaTable.isDeltaTable(spark, path)) return out;
    var rows = spark.read().format("delta").load(path);
    if (table != null) rows = rows.where(col("table").equalTo(table));
    for (Row r : rows.orderBy("table", "version").collectAsList()) {
      out.add(new Pin(r.getString(0), r.getLong(1), r.getString(2), r.isNullAt(3) ? null : r.getString(3),
          r.getTimestamp(4).toInstant().toString()));
    }
    return out;
  }

  private void ensure() {
    DeltaTables.ensure(spark, path, SCHEMA, new String[0], Map.of());
  }
}
