package io.iotlakehouse.streaming.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.FileSystemBasedCheckpointFileManager;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Spark's file-system checkpoint manager (write a temp file, rename it into place: atomic on a local disk) over
 * {@link NioLocalFileSystem}, for checkpoints on the local disk: no {@code chmod} process per checkpoint file.
 * {@link #startWith} makes one query use it without changing the session for others.
 */
public final class NioCheckpointFileManager extends FileSystemBasedCheckpointFileManager {
  /** Spark's (internal) setting naming the checkpoint manager class; read when a query is created. */
  static final String CONF = "spark.sql.streaming.checkpointFileManagerClass";

  public NioCheckpointFileManager(Path path, Configuration hadoopConf) {
    super(path, local(hadoopConf));
  }

  private static Configuration local(Configuration c) {
    Configuration conf = new Configuration(c);
    conf.set("fs.file.impl", NioLocalFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
    return conf;
  }

  /** Whether a checkpoint location is on the local disk (no scheme, or file:). */
  public static boolean local(String checkpoint) {
    String scheme = new Path(checkpoint).toUri().getScheme();
    return scheme == null || scheme.equals("file");
  }

  /** A query start that must happen while the session names this manager; the session is restored afterwards. */
  public interface Start {
    StreamingQuery start() throws java.util.concurrent.TimeoutException;
  }

  /**
   * Starts a query whose checkpoint logs (offsets, commits) are written by this manager when {@code checkpoint} is
   * local; otherwise just starts it. Spark reads the setting when it creates the query's logs, inside start().
   */
  public static StreamingQuery startWith(SparkSession spark, String checkpoint, Start start)
      throws java.util.concurrent.TimeoutException {
    if (!local(checkpoint)) return start.start();
    synchronized (spark) {
      scala.Option<String> previous = spark.conf().getOption(CONF);
      spark.conf().set(CONF, NioCheckpointFileManager.class.getName());
      try {
        return start.start();
      } finally {
        if (previous.isDefined()) spark.conf().set(CONF, previous.get());
        else spark.conf().unset(CONF);
      }
    }
  }
}
