package io.iotlakehouse.streaming.transform.silver;

import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.T;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.avro;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.env;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.json;
import static io.iotlakehouse.streaming.transform.silver.SilverFixtures.truck;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.iotlakehouse.common.event.Telemetry;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.TestGroupState;
import org.junit.jupiter.api.Test;

/**
 * The stateful step on its own, batch after batch, with Spark's {@link TestGroupState}: state carried across
 * micro-batches (dedupe, GPS continuity) and the watermark (late_event), which a static Dataset cannot have.
 */
class DeviceStateFunctionTest {
  static final SilverDecoder DECODER = new SilverDecoder(SilverFixtures.SETTINGS);
  final DeviceStateFunction function = new DeviceStateFunction(SilverFixtures.SETTINGS, true);
  long offset;

  /** A decoded, undecided row (as the stateful step receives it). */
  Row row(Telemetry t, byte[] value) {
    Row bronze = RowFactory.create(t.deviceId(), value, SilverFixtures.TOPIC, 0, offset++, new Timestamp(T), Date.valueOf("2026-11-23"));
    Row decoded = DECODER.decode(SilverFixtures.CODEC, bronze);
    Object[] v = new Object[SilverSchemas.STATE_INPUT.size()];
    for (int i = 0; i < decoded.length(); i++) v[i] = decoded.get(i);
    return RowFactory.create(v);
  }

  Row row(Telemetry t) {
    return row(t, avro(t));
  }

  /** Runs one micro-batch of one device; returns (seq, route, rule_id) per output row. */
  List<Row> batch(TestGroupState<DeviceState> state, Row... rows) {
    List<Row> out = new ArrayList<>();
    Iterator<Row> it = function.call("device", List.of(rows).iterator(), state);
    it.forEachRemaining(out::add);
    assertThat(out).as("one output row per input row").hasSize(rows.length);
    return out;
  }

  static TestGroupState<DeviceState> state(DeviceState previous, long watermark) {
    return TestGroupState.create(Optional.ofNullable(previous), GroupStateTimeout.NoTimeout(), T, Optional.of(watermark), false);
  }

  static Object[] verdict(Row r) {
    return new Object[] {r.isNullAt(1) ? null : r.getLong(1), r.getString(SilverDecoder.Col.ROUTE), r.getString(SilverDecoder.Col.RULE_ID)};
  }

  @Test
  void aSeqSeenInAnEarlierBatchIsADuplicateAndNewSeqsPass() {
    TestGroupState<DeviceState> b1 = state(null, 0);
    assertThat(batch(b1, row(env("env-001", 1, T - 3000, 20, 50)), row(env("env-001", 2, T - 2000, 20, 50)),
        row(env("env-001", 3, T - 1000, 20, 50))))
        .extracting(r -> r.getString(SilverDecoder.Col.ROUTE)).containsOnly("silver");
    assertThat(b1.isUpdated()).isTrue();
    assertThat(SeqRanges.of(b1.get())).hasToString("[1..3]");

    TestGroupState<DeviceState> b2 = state(b1.get(), 0);
    List<Row> out = batch(b2, row(env("env-001", 2, T - 2000, 20, 50), json(env("env-001", 2, T - 2000, 20, 50))),
        row(env("env-001", 4, T, 20, 50)));
    assertThat(out).extracting(r -> tuple(verdict(r))).containsExactlyInAnyOrder(
        tuple(2L, "duplicate", null), tuple(4L, "silver", null));
    assertThat(SeqRanges.of(b2.get())).hasToString("[1..4]");
  }

  @Test
  void withinABatchEventsAreJudgedInEventTimeOrderAndTheFirstCopyWins() {
    Telemetry five = env("env-001", 5, T - 1000, 20, 50);
    Row original = row(five);
    Row copy = row(five); // same event, later bronze offset
    List<Row> out = batch(state(null, 0), copy, row(env("env-001", 7, T - 500, 20, 50)), row(env("env-001", 6, T - 800, 20, 50)), original);
    assertThat(out).extracting(r -> tuple(r.getLong(1), r.getLong(SilverDecoder.Col.OFFSET), r.getString(SilverDecoder.Col.ROUTE)))
        .containsExactlyInAnyOrder(
            tuple(5L, original.getLong(SilverDecoder.Col.OFFSET), "silver"),
            tuple(5L, copy.getLong(SilverDecoder.Col.OFFSET), "duplicate"),
            tuple(6L, 3L, "silver"),
            tuple(7L, 2L, "silver"));
  }

  @Test
  void anEventBehindTheWatermarkIsQuarantinedAsLate() {
    long watermark = T - 60_000;
    TestGroupState<DeviceState> s = state(null, watermark);
    List<Row> out = batch(s, row(env("env-001", 1, watermark - 5_000, 20, 50)), row(env("env-001", 2, watermark, 20, 50)));
    assertThat(out).extracting(r -> tuple(verdict(r))).containsExactlyInAnyOrder(
        tuple(1L, "quarantine", "late_event"), tuple(2L, "silver", null));
    Row late = out.stream().filter(r -> r.getLong(1) == 1).findFirst().orElseThrow();
    assertThat(late.getString(SilverDecoder.Col.REASON))
        .contains("is 5s behind silver's watermark 2026-11-23T11:59:00Z")
        .contains("streaming.silver.late-bound + streaming.silver.future-skew = 3d");
  }

  @Test
  void aTruckTeleportingAcrossBatchesIsAGpsJumpAndTheNextFixIsComparedToTheLastGoodOne() {
    TestGroupState<DeviceState> b1 = state(null, 0);
    assertThat(batch(b1, row(truck("truck-0001", 1, T - 60_000, 52.5200, 13.4050))))
        .extracting(r -> r.getString(SilverDecoder.Col.ROUTE)).containsExactly("silver");

    Telemetry munich = truck("truck-0001", 2, T - 50_000, 48.1372, 11.5756);
    TestGroupState<DeviceState> b2 = state(b1.get(), 0);
    List<Row> out = batch(b2, row(munich), row(truck("truck-0001", 3, T - 40_000, 52.5203, 13.4052)));
    assertThat(out).extracting(r -> tuple(verdict(r))).containsExactlyInAnyOrder(
        tuple(2L, "quarantine", "gps_jump"), tuple(3L, "silver", null));
    assertThat(out.get(0).getString(SilverDecoder.Col.REASON))
        .contains("is 504.3 km from the previous accepted fix (52.52000, 13.40500) of 2026-11-23T11:59:00Z, 10s apart")
        .contains("181550 km/h");

    // the teleport was judged: a copy of it later is a duplicate, not a second chance
    TestGroupState<DeviceState> b3 = state(b2.get(), 0);
    assertThat(batch(b3, row(munich, json(munich)))).extracting(r -> tuple(verdict(r)))
        .containsExactly(tuple(2L, "duplicate", null));
  }

  @Test
  void aTruckDrivingAt250KmhPassesAndAtThe1sFloorNoiseDoesNotCountAsAJump() {
    // 250 km/h for 36 s = 2.5 km north; then two fixes 10 m apart with the same timestamp
    double north = 2.5 / 111.195;
    TestGroupState<DeviceState> s = state(null, 0);
    assertThat(batch(s, row(truck("truck-0002", 1, T - 60_000, 50.0, 8.0)), row(truck("truck-0002", 2, T - 24_000, 50.0 + north, 8.0)),
        row(truck("truck-0002", 3, T - 24_000, 50.0 + north + 0.00009, 8.0))))
        .extracting(r -> r.getString(SilverDecoder.Col.ROUTE)).containsOnly("silver");
  }

  @Test
  void rowsQuarantinedUpstreamPassThroughWithoutTouchingTheState() {
    Row nan = row(env("env-001", 9, T, Double.NaN, 50));
    assertThat(nan.getString(SilverDecoder.Col.RULE_ID)).isEqualTo("not_finite");
    TestGroupState<DeviceState> s = state(null, 0);
    assertThat(batch(s, nan)).singleElement().satisfies(r -> assertThat(r).isEqualTo(nan));
    assertThat(s.exists()).isFalse();
    assertThat(s.isUpdated()).isFalse();
  }

  @Test
  void batchInputWithoutAWatermarkHasNoLateEvents() {
    DeviceStateFunction batchFunction = new DeviceStateFunction(SilverFixtures.SETTINGS, false);
    // a state without watermark throws when asked for one: the batch function must not ask
    TestGroupState<DeviceState> s = TestGroupState.create(Optional.empty(), GroupStateTimeout.NoTimeout(), T, Optional.empty(), false);
    List<Row> out = new ArrayList<>();
    batchFunction.call("env-001", List.of(row(env("env-001", 1, T - 60_000, 20, 50))).iterator(), s).forEachRemaining(out::add);
    assertThat(out).extracting(r -> r.getString(SilverDecoder.Col.ROUTE)).containsExactly("silver");
  }

  @Test
  void distanceIsTheGreatCircleDistance() {
    assertThat(DeviceStateFunction.distanceKm(52.5200, 13.4050, 48.1372, 11.5756)).isBetween(504.0, 505.0); // Berlin-Munich
    assertThat(DeviceStateFunction.distanceKm(0, 0, 0, 180)).isBetween(20015.0, 20016.0);
    assertThat(DeviceStateFunction.distanceKm(10, 10, 10, 10)).isZero();
  }
}
