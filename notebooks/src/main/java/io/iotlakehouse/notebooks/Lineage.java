package io.iotlakehouse.notebooks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.regexp_extract;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Lineage from what Delta already records. Every platform job appends with {@code txnAppId} = query name +
 * checkpoint generation and {@code txnVersion} = micro-batch id, so a table's log says which query wrote each
 * version, as which batch.
 */
public final class Lineage {
  /** The part of a Delta log line this reads: the idempotent-write transaction of a commit. */
  static final StructType TXN_LINE = new StructType().add("txn", new StructType()
      .add("appId", DataTypes.StringType)
      .add("version", DataTypes.LongType));

  private Lineage() {}

  /**
   * One row per commit of {@code table}: {@code version, timestamp, operation, user_metadata, writer} (the
   * {@code txnAppId}, null for commits without one, e.g. the table's creation) and {@code batch} (the
   * {@code txnVersion}). Commits whose JSON file was already cleaned up by log retention show no writer.
   */
  public static Dataset<Row> commits(SparkSession spark, String table) {
    Dataset<Row> history = DeltaTable.forPath(spark, table).history()
        .select(col("version"), col("timestamp"), col("operation"), col("userMetadata").as("user_metadata"));
    Dataset<Row> txns = spark.read().schema(TXN_LINE).json(table + "/_delta_log/*.json")
        .where(col("txn").isNotNull())
        .select(regexp_extract(input_file_name(), "(\\d+)\\.json$", 1).cast(DataTypes.LongType).as("txn_commit"),
            col("txn.appId").as("writer"), col("txn.version").as("batch"));
    return history.join(txns, history.col("version").equalTo(txns.col("txn_commit")), "left")
        .drop("txn_commit").orderBy("version");
  }
}
