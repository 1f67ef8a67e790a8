package io.iotlakehouse.batch.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The streaming queries that read a Delta table, found in their checkpoints: every checkpoint under the lake's
 * {@code checkpoints/} folder whose offset log names the table's id ({@code reservoirId}) as a source, and the oldest
 * table version each still has to read.
 */
public final class StreamReaders {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StreamReaders() {}

  /** A query reading the table, and the version its next batch starts from (its files must still exist). */
  public record Reader(String query, long version) {}

  /**
   * @param checkpointsRoot {@code <lake.root>/checkpoints}
   * @param tableId the Delta table's id
   */
  public static List<Reader> of(Configuration hadoop, String checkpointsRoot, String tableId) {
    Path root = new Path(checkpointsRoot);
    List<Reader> out = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) return out;
      for (FileStatus dir : fs.listStatus(root)) {
        if (!dir.isDirectory()) continue;
        OptionalLong version = position(fs, dir.getPath(), tableId);
        if (version.isPresent()) out.add(new Reader(dir.getPath().getName(), version.getAsLong()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints under " + root, e);
    }
  }

  /**
   * Where a query stands on the table: the end offset of its last committed batch (the next batch starts there; an
   * uncommitted batch is replayed from there too), or, before any commit, the end of its first planned batch. Empty
   * when the query does not read the table.
   */
  static OptionalLong position(FileSystem fs, Path checkpoint, String tableId) throws IOException {
    Path offsets = new Path(checkpoint, "offsets");
    if (!fs.exists(offsets)) return OptionalLong.empty();
    long committed = highestBatch(fs, new Path(checkpoint, "commits"));
    long batch = committed >= 0 ? committed : lowestBatch(fs, offsets);
    if (batch < 0) return OptionalLong.empty();
    Path file = new Path(offsets, Long.toString(batch));
    if (!fs.exists(file)) return OptionalLong.empty();
    String text;
    try (var in = fs.open(file)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] lines = text.split("\n");
    // line 0: format version, line 1: batch metadata, then one offset per source
    for (int i = 2; i < lines.length; i++) {
      String l = lines[i].trim();
      if (!l.startsWith("{")) continue;
      JsonNode o = JSON.readTree(l);
      if (tableId.equals(o.path("reservoirId").asText(null)) && o.has("reservoirVersion")) {
        return OptionalLong.of(o.get("reservoirVersion").asLong());
      }
    }
    return OptionalLong.empty();
  }

  private static long highestBatch(FileSystem fs, Path dir) throws IOException {
    long max = -1;
    if (!fs.exists(dir)) return max;
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.getPath().getName().matches("\\d+")) max = Math.max(max, Long.parseLong(s.getPath().getName()));
    }
    return max;
  }

  private static long lowestBatch(FileSystem fs, Path dir) throws IOException {
    long min = Long.MAX_VALUE;
    for (FileStatus s : fs.listStatus(dir)) {
      if (s.getPath().getName().matches("\\d+")) min = Math.min(min, Long.parseLong(s.getPath().getName()));
    }
    return min == Long.MAX_VALUE ? -1 : min;
  }
}
