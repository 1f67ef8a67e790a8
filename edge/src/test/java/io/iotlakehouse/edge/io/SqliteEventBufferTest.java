package io.iotlakehouse.edge.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.edge.io.EventBuffer.Outcome;
import io.iotlakehouse.edge.transform.FullPolicy;
import io.iotlakehouse.edge.transform.Outbound;
import io.iotlakehouse.edge.transform.SeqCheck;
import io.iotlakehouse.edge.transform.SeqRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEventBufferTest {
  @TempDir Path dir;
  final List<SqliteEventBuffer> open = new ArrayList<>();
  final Map<String, AtomicInteger> counted = new ConcurrentHashMap<>();
  final BufferEvents events = new BufferEvents() {
    @Override
    public void committed(int stored, long nanos) {
      count("commits", 1);
      count("stored", stored);
    }

    @Override
    public void seq(SeqCheck.Decision d) {
      count(d.kind().name(), 1);
    }

    @Override
    public void dropped(String reason, long n) {
      count(reason, (int) n);
    }
  };

  void count(String k, int n) {
    counted.computeIfAbsent(k, x -> new AtomicInteger()).addAndGet(n);
  }

  int counted(String k) {
    AtomicInteger a = counted.get(k);
    return a == null ? 0 : a.get();
  }

  static final byte[] PAYLOAD = new byte[100];
  static final long COST = tel("d1", 1).cost();

  static Outbound tel(String device, long seq) {
    return new Outbound(Outbound.Target.TELEMETRY, device, seq, "devices/env/" + device + "/telemetry", 1000 + seq, PAYLOAD,
        "avro/2");
  }

  SqliteEventBuffer buffer(long budget) {
    SqliteEventBuffer b = new SqliteEventBuffer(new SqliteEventBuffer.Settings(dir, budget, 1000, Duration.ofMillis(1), true), events);
    open.add(b);
    return b;
  }

  @AfterEach
  void closeAll() {
    open.forEach(b -> {
      try {
        b.close();
      } catch (RuntimeException e) {
        // abandoned
      }
    });
  }

  static Outcome get(CompletableFuture<Outcome> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  /** Claims everything and releases it, as the forwarder does after Kafka acks. */
  static List<EventBuffer.Stored> drain(EventBuffer b) throws Exception {
    List<EventBuffer.Stored> all = new ArrayList<>();
    List<EventBuffer.Stored> got;
    while (!(got = b.claim(1000, Duration.ofMillis(100))).isEmpty()) all.addAll(got);
    if (!all.isEmpty()) b.release(all.get(all.size() - 1).id(), all.size(), all.stream().mapToLong(EventBuffer.Stored::cost).sum());
    return all;
  }

  @Test
  void appendClaimReleaseInArrivalOrderWithEverythingKept() throws Exception {
    SqliteEventBuffer b = buffer(1 << 20);
    for (int i = 1; i <= 5; i++) assertThat(get(b.append(tel("d1", i), FullPolicy.BLOCK))).isEqualTo(Outcome.STORED);
    assertThat(b.stats().messages()).isEqualTo(5);
    assertThat(b.stats().bytes()).isEqualTo(5 * COST);
    assertThat(b.stats().oldestUnsentMillis()).isEqualTo(1001);
    List<EventBuffer.Stored> got = drain(b);
    assertThat(got).extracting(s -> s.entry().seq()).containsExactly(1L, 2L, 3L, 4L, 5L);
    EventBuffer.Stored first = got.get(0);
    assertThat(first.entry().deviceId()).isEqualTo("d1");
    assertThat(first.entry().mqttTopic()).isEqualTo("devices/env/d1/telemetry");
    assertThat(first.entry().value()).isEqualTo(PAYLOAD);
    assertThat(first.entry().meta()).isEqualTo("avro/2");
    assertThat(first.entry().headers("gw")).extracting(h -> h.name() + "=" + new String(h.value(), StandardCharsets.UTF_8))
        .containsExactly("lakehouse.gateway=gw", "lakehouse.received-at=1001", "lakehouse.format=avro", "lakehouse.schema-version=2");
    await().atMost(Duration.ofSeconds(5)).until(() -> b.stats().messages() == 0);
    assertThat(b.stats().oldestUnsentMillis()).isEqualTo(-1);
    b.close();
    SqliteEventBuffer again = buffer(1 << 20);
    assertThat(again.stats().messages()).isZero();
    assertThat(again.claim(10, Duration.ZERO)).isEmpty();
  }

  @Test
  void aCrashKeepsWhatWasAcknowledgedAndNotReleasedAndTheSeqsAccepted() throws Exception {
    SqliteEventBuffer b = buffer(1 << 20);
    for (int i = 1; i <= 100; i++) get(b.append(tel("d1", i), FullPolicy.BLOCK));
    List<EventBuffer.Stored> claimed = b.claim(50, Duration.ZERO);
    List<EventBuffer.Stored> acked = claimed.subList(0, 20);
    b.release(acked.get(19).id(), 20, 20 * COST);
    await().atMost(Duration.ofSeconds(5)).until(() -> b.stats().messages() == 80);
    Thread.sleep(200); // let the release's commit land (it is applied by the writer's next transaction)
    b.abandon(); // kill -9: nothing flushed, nothing closed cleanly

    SqliteEventBuffer again = buffer(1 << 20);
    assertThat(again.stats().messages()).isEqualTo(80);
    List<EventBuffer.Stored> rest = drain(again);
    assertThat(rest).extracting(s -> s.entry().seq()).first().isEqualTo(21L);
    assertThat(rest).hasSize(80);
    // seq state survived: a redelivery of an accepted event is a duplicate, acknowledged but not stored again
    assertThat(get(again.append(tel("d1", 100), FullPolicy.BLOCK))).isEqualTo(Outcome.DUPLICATE);
    assertThat(get(again.append(tel("d1", 5), FullPolicy.BLOCK))).isEqualTo(Outcome.DUPLICATE);
    assertThat(get(again.append(tel("d1", 101), FullPolicy.BLOCK))).isEqualTo(Outcome.STORED);
    assertThat(counted("DUPLICATE")).isEqualTo(2);
    again.close();
    SqliteEventBuffer.State state = SqliteEventBuffer.readState(dir);
    assertThat(state.accepted().get("d1").ranges()).containsExactly(new SeqRange(1, 101));
    assertThat(state.dropped()).isEmpty();
  }

  @Test
  void anUncommittedAppendIsNotAcknowledgedSoACrashLosesNothingAcknowledged() throws Exception {
    SqliteEventBuffer b = buffer(1 << 20);
    List<CompletableFuture<Outcome>> futures = new ArrayList<>();
    for (int i = 1; i <= 2000; i++) futures.add(b.append(tel("d" + (i % 7), i), FullPolicy.BLOCK));
    b.abandon();
    long acknowledged = futures.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
    SqliteEventBuffer again = buffer(1 << 20);
    assertThat(again.stats().messages()).isGreaterThanOrEqualTo(acknowledged);
  }

  @Test
  void seqValidationCountsGapsAndAcceptsGapFills() throws Exception {
    SqliteEventBuffer b = buffer(1 << 20);
    get(b.append(tel("d1", 1), FullPolicy.BLOCK));
    get(b.append(tel("d1", 5), FullPolicy.BLOCK)); // gap of 3
    assertThat(get(b.append(tel("d1", 3), FullPolicy.BLOCK))).isEqualTo(Outcome.STORED); // late fill
    assertThat(get(b.append(tel("d1", 5), FullPolicy.BLOCK))).isEqualTo(Outcome.DUPLICATE);
    assertThat(counted("FIRST")).isEqualTo(1);
    assertThat(counted("GAP")).isEqualTo(1);
    assertThat(counted("LATE")).isEqualTo(1);
    b.close();
    assertThat(SqliteEventBuffer.readState(dir).accepted().get("d1").ranges())
        .containsExactly(new SeqRange(1, 1), new SeqRange(3, 3), new SeqRange(5, 5));
  }

  /** A telemetry entry with its event time. */
  static Outbound at(String device, long seq, long eventTime) {
    Outbound o = tel(device, seq);
    return new Outbound(o.target(), device, seq, o.mqttTopic(), o.receivedAtMillis(), o.value(), o.meta(), eventTime);
  }

  @Test
  void aDeviceWhoseCounterWentBackIsAcceptedAsNewDataAndItsRedeliveriesAreStillDuplicates() throws Exception {
    SqliteEventBuffer b = buffer(1 << 20);
    for (int i = 1; i <= 5; i++) get(b.append(at("d1", i, 1000 + i), FullPolicy.BLOCK));
    assertThat(get(b.append(at("d1", 3, 1003), FullPolicy.BLOCK))).isEqualTo(Outcome.DUPLICATE); // re-delivery
    // reboot: the counter starts at 1 again, the events are newer than anything accepted
    assertThat(get(b.append(at("d1", 1, 2001), FullPolicy.BLOCK))).isEqualTo(Outcome.STORED);
    assertThat(get(b.append(at("d1", 1, 2001), FullPolicy.BLOCK))).isEqualTo(Outcome.DUPLICATE); // its re-delivery
    b.close();
    // the newest event time survives a restart
    SqliteEventBuffer again = buffer(1 << 20);
    assertThat(get(again.append(at("d1", 2, 2002), FullPolicy.BLOCK))).isEqualTo(Outcome.STORED);
    assertThat(get(again.append(at("d1", 2, 2002), FullPolicy.BLOCK))).isEqualTo(Outcome.DUPLICATE);
    assertThat(get(again.append(at("d1", 6, 2003), FullPolicy.BLOCK))).isEqualTo(Outcome.STORED);
    assertThat(counted("REWOUND")).isEqualTo(2);
    assertThat(counted("DUPLICATE")).isEqualTo(3);
    assertThat(drain(again)).extracting(x -> x.entry().seq()).containsExactly(1L, 2L, 3L, 4L, 5L, 1L, 2L, 6L);
    again.close();
    assertThat(SqliteEventBuffer.readState(dir).accepted().get("d1").ranges()).containsExactly(new SeqRange(1, 6));
  }

  @Test
  void dropOldestEvictsTheOldestUnclaimedEntriesCountsAndRecordsThem() throws Exception {
    SqliteEventBuffer b = buffer(10 * COST);
    for (int i = 1; i <= 10; i++) get(b.append(tel("d1", i), FullPolicy.DROP_OLDEST));
    assertThat(b.claim(2, Duration.ZERO)).extracting(s -> s.entry().seq()).containsExactly(1L, 2L); // in flight: kept
    for (int i = 11; i <= 14; i++) assertThat(get(b.append(tel("d1", i), FullPolicy.DROP_OLDEST))).isEqualTo(Outcome.STORED);
    assertThat(counted(BufferEvents.EVICTED_OLDEST)).isEqualTo(4);
    assertThat(b.stats().bytes()).isEqualTo(10 * COST);
    assertThat(b.claim(100, Duration.ZERO)).extracting(s -> s.entry().seq()).containsExactly(7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L);
    b.close();
    SqliteEventBuffer.State s = SqliteEventBuffer.readState(dir);
    assertThat(s.dropped().get("d1").ranges()).containsExactly(new SeqRange(3, 6));
    assertThat(s.accepted().get("d1").ranges()).containsExactly(new SeqRange(1, 14));
  }

  @Test
  void blockStopsAcknowledgingUntilKafkaTakesEntriesAndTelemetryMakesRoomForIt() throws Exception {
    final long C = tel("env", 1).cost(); // every entry here costs the same: 3-letter device ids
    SqliteEventBuffer b = buffer(4 * C);
    get(b.append(tel("mtr", 1), FullPolicy.BLOCK));
    get(b.append(tel("mtr", 2), FullPolicy.BLOCK));
    get(b.append(tel("env", 1), FullPolicy.DROP_OLDEST));
    get(b.append(tel("env", 2), FullPolicy.DROP_OLDEST));
    // full: a billing message evicts the oldest telemetry
    assertThat(get(b.append(tel("mtr", 3), FullPolicy.BLOCK))).isEqualTo(Outcome.STORED);
    assertThat(counted(BufferEvents.EVICTED_OLDEST)).isEqualTo(1);
    get(b.append(tel("mtr", 4), FullPolicy.BLOCK)); // evicts env 2
    // full of billing data: telemetry has nothing older to drop, so it is dropped itself (acknowledged, counted)
    assertThat(get(b.append(tel("env", 3), FullPolicy.DROP_OLDEST))).isEqualTo(Outcome.DROPPED);
    assertThat(counted(BufferEvents.INCOMING_NO_ROOM)).isEqualTo(1);
    // and billing data waits: not acknowledged, and so does everything behind it
    CompletableFuture<Outcome> waiting = b.append(tel("mtr", 5), FullPolicy.BLOCK);
    CompletableFuture<Outcome> behind = b.append(tel("env", 4), FullPolicy.DROP_OLDEST);
    await().atMost(Duration.ofSeconds(5)).until(() -> b.stats().blocked());
    Thread.sleep(300);
    assertThat(waiting).isNotDone();
    assertThat(behind).isNotDone();
    assertThat(b.stats().waiting()).isEqualTo(2);
    List<EventBuffer.Stored> sent = b.claim(2, Duration.ZERO);
    b.release(sent.get(1).id(), 2, 2 * C);
    assertThat(get(waiting)).isEqualTo(Outcome.STORED);
    assertThat(get(behind)).isEqualTo(Outcome.STORED);
    assertThat(b.stats().blocked()).isFalse();
    b.close();
    SqliteEventBuffer.State s = SqliteEventBuffer.readState(dir);
    assertThat(s.dropped().get("env").ranges()).containsExactly(new SeqRange(1, 3));
    assertThat(s.dropped()).doesNotContainKey("mtr");
  }

  @Test
  void whileBlockedDevicesTakeTurnsSoAChattyDeviceCannotStarveTheOthers() throws Exception {
    final long C = tel("cht", 1).cost(); // 3-letter device ids: every entry costs the same
    SqliteEventBuffer b = buffer(4 * C);
    for (int i = 1; i <= 4; i++) get(b.append(tel("cht", i), FullPolicy.BLOCK)); // full of the chatty device's data
    List<CompletableFuture<Outcome>> chatty = new ArrayList<>();
    for (int i = 5; i <= 12; i++) chatty.add(b.append(tel("cht", i), FullPolicy.BLOCK));
    CompletableFuture<Outcome> quiet = b.append(tel("qui", 1), FullPolicy.BLOCK); // arrives behind 8 chatty messages
    await().atMost(Duration.ofSeconds(5)).until(() -> b.stats().blocked() && b.stats().waiting() == 9);
    // Kafka takes two entries: the room goes to the chatty device's oldest waiting message and to the quiet device,
    // not to the next two chatty messages in arrival order
    List<EventBuffer.Stored> sent = b.claim(2, Duration.ZERO);
    b.release(sent.get(1).id(), 2, 2 * C);
    assertThat(get(quiet)).isEqualTo(Outcome.STORED);
    assertThat(get(chatty.get(0))).isEqualTo(Outcome.STORED);
    assertThat(chatty.get(1)).isNotDone();
    assertThat(b.stats().waiting()).isEqualTo(7);
    // and the chatty device's messages follow, in its own order
    List<String> forwarded = new ArrayList<>();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      drain(b).forEach(x -> forwarded.add(x.entry().deviceId() + x.entry().seq()));
      return chatty.stream().allMatch(CompletableFuture::isDone) && b.stats().messages() == 0;
    });
    assertThat(forwarded).containsExactly("cht3", "cht4", "cht5", "qui1", "cht6", "cht7", "cht8", "cht9", "cht10", "cht11", "cht12");
  }

  @Test
  void rewindHandsEntriesOutAgainAndMakesThemDroppableAgain() throws Exception {
    SqliteEventBuffer b = buffer(1 << 20);
    for (int i = 1; i <= 6; i++) get(b.append(tel("d1", i), FullPolicy.DROP_OLDEST));
    List<EventBuffer.Stored> first = b.claim(4, Duration.ZERO);
    b.release(first.get(1).id(), 2, 2 * COST);
    b.rewind(first.get(1).id(), 2 * COST); // entries 3 and 4 were in flight when the producer failed
    assertThat(b.claim(10, Duration.ZERO)).extracting(s -> s.entry().seq()).containsExactly(3L, 4L, 5L, 6L);
  }

  @Test
  void groupCommitSharesOneCommitAmongManyConcurrentAppends() throws Exception {
    SqliteEventBuffer b = buffer(64L << 20);
    List<CompletableFuture<Outcome>> all = new ArrayList<>();
    for (int i = 1; i <= 20_000; i++) all.add(b.append(tel("d" + (i % 100), i), FullPolicy.BLOCK));
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    assertThat(counted("stored")).isEqualTo(20_000);
    assertThat(counted("commits")).isLessThan(200);
    assertThat(b.stats().messages()).isEqualTo(20_000);
  }

  @Test
  void aSecondGatewayOnTheSameFolderIsRefused() {
    buffer(1 << 20);
    assertThatThrownBy(() -> buffer(1 << 20)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("is in use").hasMessageContaining("How to fix: stop the other gateway");
  }

  @Test
  void auditOfAFolderWithoutABufferSaysWhereToLook(@TempDir Path empty) {
    assertThatThrownBy(() -> SqliteEventBuffer.readState(empty)).isInstanceOf(LakehouseException.class)
        .hasMessageContaining("No gateway buffer in").hasMessageContaining("edge.buffer.dir");
  }
}
