package io.iotlakehouse.streaming.io;

import static org.apache.spark.sql.functions.col;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A foreachBatch sink that splits each micro-batch by a route column into several Delta tables, each exactly once:
 * every table's append carries the same {@code txnAppId} and {@code txnVersion} = batch id (see
 * {@link IdempotentDeltaAppend}), so after a crash between two of the appends the replayed batch skips the tables that
 * already have it and writes the others. The batch is computed once (persisted) and then projected per table.
 *
 * <p>Every table gets a commit per batch, empty or not: each table's history then shows every batch id, and the
 * commit's userMetadata records the batch's row count per route, so reconciliation can be read from any of them.
 */
public final class RoutedDeltaAppend implements VoidFunction2<Dataset<Row>, Long> {
  private static final Logger LOG = LoggerFactory.getLogger(RoutedDeltaAppend.class);

  /** One output table: the rows of {@code route}, projected by {@code select}. */
  public record Target(String route, String path, Function<Dataset<Row>, Dataset<Row>> select, Map<String, String> writeOptions) {
    public Target {
      writeOptions = Map.copyOf(writeOptions);
    }
  }

  private final String name;
  private final String routeColumn;
  private final String appId;
  private final List<Target> targets;

  /**
   * @param name for log lines, e.g. the query name
   * @param select applied per target to the whole batch (it filters its route itself)
   */
  public RoutedDeltaAppend(String name, String routeColumn, String appId, List<Target> targets) {
    this.name = name;
    this.routeColumn = routeColumn;
    this.appId = appId;
    this.targets = List.copyOf(targets);
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    batch.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (Target t : targets) counts.put(t.route(), 0L);
      for (Row r : batch.groupBy(col(routeColumn)).count().collectAsList()) {
        counts.put(r.isNullAt(0) ? "null" : r.getString(0), r.getLong(1));
      }
      if (counts.containsKey("null") || counts.size() != targets.size()) {
        throw new IllegalStateException(name + " batch " + batchId + " has rows with routes " + counts.keySet()
            + " but only " + targets.stream().map(Target::route).toList() + " have a table: the rows would be lost. "
            + "This is a bug in the transform that sets " + routeColumn + "; the batch was not written, fix and restart.");
      }
      String metadata = "{\"batch\":" + batchId + counts.entrySet().stream()
          .map(e -> ",\"" + e.getKey() + "\":" + e.getValue()).reduce("", String::concat) + "}";
      for (Target t : targets) {
        Map<String, String> options = new HashMap<>(t.writeOptions());
        options.put("userMetadata", metadata);
        Dataset<Row> rows = t.select().apply(batch);
        // an empty route still gets its commit, from an empty local relation: planning and generating code for a
        // projection of the whole batch costs seconds per table, for no row
        if (counts.get(t.route()) == 0) rows = batch.sparkSession().createDataFrame(List.of(), rows.schema());
        new IdempotentDeltaAppend(t.path(), appId, options).call(rows, batchId);
      }
      LOG.info("{} batch {}: {}", name, batchId, counts);
    } finally {
      batch.unpersist(false);
    }
  }
}
