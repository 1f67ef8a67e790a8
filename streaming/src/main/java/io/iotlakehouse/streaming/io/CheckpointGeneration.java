package io.iotlakehouse.streaming.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An id that changes whenever a query's checkpoint is created anew. Delta skips a write whose (txnAppId, txnVersion)
 * it has already committed; batch ids restart at 0 with a new checkpoint, so the app id must change with it or the
 * new checkpoint's first batches would be silently skipped.
 */
public final class CheckpointGeneration {
  static final String FILE = "lakehouse-generation";

  private CheckpointGeneration() {}

  public static String of(Configuration hadoop, String checkpointDir) {
    Path file = new Path(checkpointDir, FILE);
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        // A checkpoint with offsets but no generation file would be a foreign one: refuse rather than guess.
        if (fs.exists(new Path(checkpointDir, "offsets")) && fs.listStatus(new Path(checkpointDir, "offsets")).length > 0) {
          throw new IllegalStateException("Checkpoint " + checkpointDir + " has progress but no " + FILE
              + " file, so its Delta transaction id cannot be known. Restore the file, or delete the checkpoint to "
              + "reprocess from the start (bronze is then rebuilt from Kafka's retained data).");
        }
        fs.mkdirs(new Path(checkpointDir));
        try (FSDataOutputStream out = fs.create(file, false)) {
          out.write(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        }
      }
      try (var in = fs.open(file)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }
}
