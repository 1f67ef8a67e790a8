package io.iotlakehouse.streaming.io;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Creates Delta tables with their declared schema, partitioning and properties before any stream writes. */
public final class DeltaTables {
  private DeltaTables() {}

  public static void ensure(SparkSession spark, String path, StructType schema, String[] partitionBy, Map<String, String> props) {
    DeltaTableBuilder b = DeltaTable.createIfNotExists(spark).location(path).addColumns(schema);
    if (partitionBy.length > 0) b = b.partitionedBy(partitionBy);
    for (Map.Entry<String, String> e : props.entrySet()) b = b.property(e.getKey(), e.getValue());
    b.execute();
  }
}
