package io.iotlakehouse.streaming.io;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.iotlakehouse.common.error.LakehouseException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Creates Delta tables with their declared schema, partitioning and properties before any stream writes. */
public final class DeltaTables {
  private DeltaTables() {}

  /**
   * Creates the table, or, when it exists, adds the declared columns it lacks (a table written by an older release
   * gains the new release's nullable columns; its rows read null there). Jobs starting together may create the same
   * table at once (bronze and silver create bronze, silver and gold silver): the loser of that race
   * (ProtocolChangedException, "multiple writers are writing to an empty directory") finds the table and goes on.
   */
  public static void ensure(SparkSession spark, String path, StructType schema, String[] partitionBy, Map<String, String> props) {
    DeltaConflicts.retry("creating Delta table " + path, 5, Duration.ofMillis(500), () -> {
      if (DeltaTable.isDeltaTable(spark, path)) {
        addMissingColumns(spark, path, schema);
        return null;
      }
      DeltaTableBuilder b = DeltaTable.createIfNotExists(spark).location(path).addColumns(schema);
      if (partitionBy.length > 0) b = b.partitionedBy(partitionBy);
      for (Map.Entry<String, String> e : props.entrySet()) b = b.property(e.getKey(), e.getValue());
      b.execute();
      return null;
    });
  }

  private static void addMissingColumns(SparkSession spark, String path, StructType declared) {
    Set<String> existing = Set.of(spark.read().format("delta").load(path).schema().fieldNames());
    StringBuilder add = new StringBuilder();
    for (StructField f : declared.fields()) {
      if (existing.contains(f.name())) continue;
      if (!f.nullable()) {
        throw new LakehouseException("Delta table " + path + " lacks the required column " + f.name(),
            "this release writes " + f.name() + " as NOT NULL, and rows already in the table cannot have a value for it",
            "migrate the table (add the column with a default and backfill it), or point the job at a new table");
      }
      if (add.length() > 0) add.append(", ");
      add.append('`').append(f.name()).append("` ").append(f.dataType().sql());
      f.getComment().foreach(c -> add.append(" COMMENT '").append(c.replace("'", "\\'")).append('\''));
    }
    if (add.length() > 0) {
      spark.sql("ALTER TABLE delta.`" + path.replace("`", "``") + "` ADD COLUMNS (" + add + ")");
    }
  }
}
