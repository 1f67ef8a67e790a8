package io.iotlakehouse.streaming.job;

import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/** Runs a started streaming query in the foreground of a job's JVM: until it ends, stopped cleanly on SIGTERM/Ctrl-C. */
final class Foreground {
  /** Main argument: process what the source holds now, then stop (Trigger.AvailableNow), e.g. for a batch-style run. */
  static final String AVAILABLE_NOW = "--available-now";

  private Foreground() {}

  /** Whether the main's arguments ask for an available-now run. */
  static boolean availableNow(String[] args) {
    return Arrays.asList(args).contains(AVAILABLE_NOW);
  }

  /** The main's arguments without {@link #AVAILABLE_NOW}: the config arguments. */
  static String[] configArgs(String[] args) {
    return Arrays.stream(args).filter(a -> !a.equals(AVAILABLE_NOW)).toArray(String[]::new);
  }

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
