package io.iotlakehouse.batch.io;

import io.delta.tables.DeltaOptimizeBuilder;
import io.delta.tables.DeltaTable;
import io.iotlakehouse.batch.LakeTables.LakeTable;
import io.iotlakehouse.batch.transform.CompactionPlan;
import io.iotlakehouse.batch.transform.DeltaIntervals;
import io.iotlakehouse.batch.transform.VacuumSafety;
import io.iotlakehouse.streaming.io.Lake;
import io.iotlakehouse.streaming.io.VersionPins;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Compaction (Delta OPTIMIZE, optionally Z-ORDER) and VACUUM of lake tables, safe beside the running streams. */
public final class DeltaMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaMaintenance.class);

  private final SparkSession spark;
  private final Lake lake;
  private final ConflictRetry retry;

  public DeltaMaintenance(SparkSession spark, Lake lake, ConflictRetry retry) {
    this.spark = spark;
    this.lake = lake;
    this.retry = retry;
  }

  /**
   * What compaction did to one table: data files in its snapshot before and after, and in the partitions it rewrote:
   * how many there were ({@code filesRewritten}) and how many hold their rows now ({@code filesWritten}).
   */
  public record Compaction(String table, int filesBefore, int filesAfter, int optimizeCommits, int filesRewritten,
      int filesWritten) {}

  /**
   * Compacts the table's closed partitions ({@link CompactionPlan}): one OPTIMIZE commit per partition, each retried
   * when it loses a race with a concurrent commit. Appends of the streams never conflict with it (they add files and
   * read nothing).
   *
   * @param cutoff partitions dated before it are rewritten
   * @param zorder Z-ORDER by the table's query columns instead of bin-packing only
   */
  public Compaction compact(LakeTable table, LocalDate cutoff, boolean zorder) {
    String path = table.path(lake);
    if (!DeltaTable.isDeltaTable(spark, path)) return new Compaction(table.name(), 0, 0, 0, 0, 0);
    List<String> before = DeltaLogs.files(spark, path, null);
    CompactionPlan.Plan plan = CompactionPlan.plan(table, before, cutoff);
    for (CompactionPlan.Part part : plan.rewrite()) {
      String what = "OPTIMIZE " + table.name() + (part.predicate() == null ? "" : " WHERE " + part.predicate());
      retry.run(what, () -> {
        DeltaOptimizeBuilder b = DeltaTable.forPath(spark, path).optimize();
        if (part.predicate() != null) b = b.where(part.predicate());
        return zorder && !table.zorder().isEmpty()
            ? b.executeZOrderBy(table.zorder().toArray(String[]::new)) : b.executeCompaction();
      });
    }
    List<String> after = DeltaLogs.files(spark, path, null);
    // the rewritten parts in the new snapshot: the plan of the new files over the same parts
    int written = 0;
    if (!plan.rewrite().isEmpty()) {
      java.util.Set<String> parts = new java.util.HashSet<>();
      for (CompactionPlan.Part p : plan.rewrite()) parts.add(p.predicate());
      for (CompactionPlan.Part p : CompactionPlan.parts(table, after)) if (parts.contains(p.predicate())) written += p.files();
    }
    LOG.info("compacted {}: {} parts, {} files -> {} (zorder {}); the table has {} files now", table.name(),
        plan.rewrite().size(), plan.filesToRewrite(), written, zorder && !table.zorder().isEmpty() ? table.zorder() : "off",
        after.size());
    return new Compaction(table.name(), before.size(), after.size(), plan.rewrite().size(), plan.filesToRewrite(), written);
  }

  /**
   * What VACUUM did: data files on storage before and after, how many of those before it deleted (streams may add
   * files meanwhile, so before - after is not it), the retention it applied ({@link VacuumSafety#effectiveRetention}),
   * and the smallest safe one and why.
   */
  public record Vacuum(String table, long filesBefore, long filesAfter, long filesDeleted, String retention,
      String minimum, String bindingConstraint) {}

  /**
   * Checks that {@code retention} is safe for the table ({@link VacuumSafety}): not below its
   * {@code delta.deletedFileRetentionDuration}, nor the age of each stream's oldest unread version, each pinned version
   * and each of {@code otherNeeds} (e.g. the Iceberg sync's last version), each plus {@code margin}.
   *
   * @throws io.iotlakehouse.common.error.LakehouseException when it is not, saying why and what would be safe
   */
  public VacuumSafety.Verdict checkVacuum(LakeTable table, Duration retention, Duration margin, Duration longestTrigger,
      List<VacuumSafety.Need> otherNeeds, VersionPins pins) {
    String path = table.path(lake);
    List<VacuumSafety.Need> needs = new ArrayList<>(otherNeeds);
    needs.addAll(needs(table, path, pins));
    return VacuumSafety.check(table.name(), retention, deletedFileRetention(path), needs, margin, longestTrigger);
  }

  private Duration deletedFileRetention(String path) {
    String deleted = DeltaLogs.properties(spark, path).get("delta.deletedFileRetentionDuration");
    return deleted == null ? DeltaIntervals.DEFAULT_DELETED_FILE_RETENTION : DeltaIntervals.parse(deleted);
  }

  /** VACUUMs the table once {@link #checkVacuum} found the retention safe. */
  public Vacuum vacuum(LakeTable table, Duration retention, Duration margin, Duration longestTrigger,
      List<VacuumSafety.Need> otherNeeds, VersionPins pins) {
    String path = table.path(lake);
    if (!DeltaTable.isDeltaTable(spark, path)) return new Vacuum(table.name(), 0, 0, 0, VacuumSafety.human(retention), "", "no table");
    VacuumSafety.Verdict v = checkVacuum(table, retention, margin, longestTrigger, otherNeeds, pins);
    Duration tableRetention = deletedFileRetention(path);
    Duration effective = VacuumSafety.effectiveRetention(retention, tableRetention);
    Set<String> before = dataFiles(path);
    if (effective.equals(tableRetention)) DeltaTable.forPath(spark, path).vacuum();
    else DeltaTable.forPath(spark, path).vacuum(effective.toHours());
    Set<String> after = dataFiles(path);
    long deleted = before.stream().filter(f -> !after.contains(f)).count();
    String minimum = VacuumSafety.human(VacuumSafety.effectiveRetention(v.minimum(), tableRetention));
    LOG.info("vacuumed {} with retention {} (asked {}; minimum {}: {}): {} data files -> {}, {} deleted", table.name(),
        VacuumSafety.human(effective), VacuumSafety.human(retention), minimum, v.bindingConstraint(), before.size(),
        after.size(), deleted);
    return new Vacuum(table.name(), before.size(), after.size(), deleted, VacuumSafety.human(effective), minimum,
        v.bindingConstraint());
  }

  /** The streams reading the table (from their checkpoints) and its pinned versions, with the age of each version. */
  public List<VacuumSafety.Need> needs(LakeTable table, String path, VersionPins pins) {
    List<VacuumSafety.Need> needs = new ArrayList<>();
    long latest = DeltaLogs.latestVersion(spark, path);
    for (StreamReaders.Reader r : StreamReaders.of(spark.sparkContext().hadoopConfiguration(), lake.root() + "/checkpoints",
        DeltaLogs.id(spark, path))) {
      if (r.version() <= latest) needs.add(need("stream " + r.query(), path, r.version()));
    }
    for (VersionPins.Pin p : pins.pins(table.name())) {
      needs.add(need("pin by " + p.pinnedBy() + (p.reason() == null ? "" : " (" + p.reason() + ")"), path, p.version()));
    }
    return needs;
  }

  /** A need of {@code version} of the table at {@code path}, aged by its commit time. */
  public VacuumSafety.Need need(String who, String path, long version) {
    Duration age = Duration.between(DeltaLogs.commitTime(spark, path, version), Instant.now());
    return new VacuumSafety.Need(who, version, age.isNegative() ? Duration.ZERO : age);
  }

  /**
   * The Parquet data files on storage under the table (referenced or not), outside the log. Walked folder by folder
   * with {@code listStatus}: the log is skipped (its temporary checkpoint files come and go), and a folder that
   * disappears meanwhile (VACUUM deletes emptied partition folders) counts as empty.
   */
  Set<String> dataFiles(String path) {
    Path root = new Path(path);
    Set<String> files = new HashSet<>();
    try {
      dataFiles(root.getFileSystem(spark.sparkContext().hadoopConfiguration()), root, files);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of " + path, e);
    }
    return files;
  }

  private static void dataFiles(FileSystem fs, Path dir, Set<String> into) throws IOException {
    FileStatus[] entries;
    try {
      entries = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return;
    }
    for (FileStatus s : entries) {
      String name = s.getPath().getName();
      if (s.isDirectory()) {
        if (!name.equals("_delta_log")) dataFiles(fs, s.getPath(), into);
      } else if (name.endsWith(".parquet")) {
        into.add(s.getPath().toString());
      }
    }
  }
}
