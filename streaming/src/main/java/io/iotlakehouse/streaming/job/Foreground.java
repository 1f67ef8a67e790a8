package io.iotlakehouse.streaming.job;

import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/** Runs a started streaming query in the foreground of a job's JVM: until it ends, stopped cleanly on SIGTERM/Ctrl-C. */
final class Foreground {
  private Foreground() {}

  static void await(String job, StreamingQuery q) throws StreamingQueryException {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        q.stop();
      } catch (TimeoutException e) {
        // the JVM is going down anyway; the next start resumes from the checkpoint
      }
    }, job + "-shutdown"));
    System.out.println(job + " job started: " + q.id());
    q.awaitTermination();
  }
}
