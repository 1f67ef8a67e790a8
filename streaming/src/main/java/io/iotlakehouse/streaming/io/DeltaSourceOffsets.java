package io.iotlakehouse.streaming.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a micro-batch of a query with one Delta source ends, read from the query's offset log
 * ({@code <checkpoint>/offsets/<batchId>}, written before the batch runs and kept when it is replayed).
 *
 * <p>A Delta source offset is (reservoirVersion, index): the batch holds the files of earlier versions and those of
 * {@code reservoirVersion} up to {@code index}; index -1 means none of that version. When the batch's last file is the
 * last of its version, Delta moves the offset to (version + 1, -1), so a batch that ends on a commit boundary covers
 * exactly the table's snapshot at {@code reservoirVersion - 1}.
 */
public final class DeltaSourceOffsets {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeltaSourceOffsets() {}

  /** The end offset of one batch. */
  public record End(long reservoirVersion, long index, boolean initialSnapshot) {
    /** True when the batch ends on a commit boundary (every file of every version it touched is in a batch <= this). */
    public boolean onCommitBoundary() {
      return index == -1;
    }

    /**
     * The table version whose snapshot holds the rows of this batch and all earlier ones: {@code reservoirVersion - 1} on
     * a commit boundary, else {@code reservoirVersion} (which then also holds rows of the next batch).
     */
    public long snapshotVersion() {
      return onCommitBoundary() ? reservoirVersion - 1 : reservoirVersion;
    }
  }

  public static End end(Configuration hadoop, String checkpointDir, long batchId) {
    Path file = new Path(new Path(checkpointDir, "offsets"), Long.toString(batchId));
    List<String> lines = new ArrayList<>();
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      try (var in = fs.open(file)) {
        for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (!l.isBlank()) lines.add(l.trim());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the offset log entry " + file, e);
    }
    // line 0: format version (v1), line 1: batch metadata, then one offset per source
    if (lines.size() != 3 || !lines.get(0).startsWith("v")) {
      throw new IllegalStateException("Offset log entry " + file + " should hold a version line, a metadata line and the "
          + "offset of exactly one source, but holds " + lines.size() + " lines: " + lines);
    }
    try {
      JsonNode o = JSON.readTree(lines.get(2));
      if (!o.has("reservoirVersion") || !o.has("index")) {
        throw new IllegalStateException("Offset " + lines.get(2) + " in " + file + " is not a Delta source offset");
      }
      return new End(o.get("reservoirVersion").asLong(), o.get("index").asLong(),
          o.has("isStartingVersion") && o.get("isStartingVersion").asBoolean());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse the offset log entry " + file, e);
    }
  }
}
