package io.iotlakehouse.streaming.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.lineage.LineageEmitter;
import io.iotlakehouse.common.lineage.LineageEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkLineageTest {
  @TempDir static Path work;
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.create("spark-lineage-test", "local[2]");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Records events; what arrives after close() is what a stopping JVM would have lost. */
  static final class Recorder implements LineageEmitter {
    final List<LineageEvent.Type> sent = new CopyOnWriteArrayList<>();
    final List<LineageEvent.Type> afterClose = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void emit(LineageEvent event) {
      (closed ? afterClose : sent).add(event.type());
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** A job whose query fails exits at once: its FAIL must still go out before the JVM's exit closes the emitter. */
  @Test
  void aFailedQuerysFailEventGoesOutBeforeTheEmitterCloses() throws Exception {
    Recorder recorder = new Recorder();
    // a busy listener bus, as on a loaded machine: the listener before ours takes a second over the termination
    spark.streams().addListener(new StreamingQueryListener() {
      @Override public void onQueryStarted(QueryStartedEvent event) {}

      @Override public void onQueryProgress(QueryProgressEvent event) {}

      @Override public void onQueryTerminated(QueryTerminatedEvent event) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    SparkLineage.register(spark, new SparkLineage.Job("lineage-fail", work.resolve("cp").toString(), List.of(), List.of()),
        recorder);
    StreamingQuery q = spark.readStream().format("rate").option("rowsPerSecond", 10).load().writeStream()
        .queryName("lineage-fail")
        .option("checkpointLocation", work.resolve("cp").toString())
        .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, id) -> {
          throw new IllegalStateException("No space left on device");
        })
        .start();
    assertThatThrownBy(q::awaitTermination).isInstanceOf(StreamingQueryException.class);
    // what the shutdown hook does as soon as main has thrown
    SparkLineage.closeAfterLastEvents(recorder, Duration.ofSeconds(30));
    assertThat(recorder.sent).containsExactly(LineageEvent.Type.START, LineageEvent.Type.FAIL);
    assertThat(recorder.afterClose).isEmpty();
  }
}
