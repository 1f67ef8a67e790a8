package io.iotlakehouse.streaming.transform.silver;

import io.iotlakehouse.streaming.SilverKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.streaming.GroupState;

/**
 * The stateful step, keyed by device: decides the undecided rows of one device (route = null) in event-time order,
 * against what the device's state remembers from earlier batches:
 *
 * <ol>
 *   <li>seq already judged -> route duplicate (a later copy of an event; the first copy by event time, then bronze
 *       position, wins);</li>
 *   <li>event_time behind the watermark -> quarantine {@code late_event};</li>
 *   <li>truck whose fix is too far from the previous accepted fix -> quarantine {@code gps_jump};</li>
 *   <li>otherwise -> silver.</li>
 * </ol>
 *
 * Rows already quarantined by earlier steps pass through unchanged. Uses no timeout on purpose: Spark silently drops
 * rows behind the watermark before an event-time-timeout function sees them, which would break bronze = silver +
 * quarantine + duplicates; here every row is routed explicitly. State is one small record per device that ever
 * reached this step (see {@link DeviceState}).
 */
public final class DeviceStateFunction implements FlatMapGroupsWithStateFunction<String, Row, DeviceState, Row> {
  private static final int EVENT_TIME = SilverDecoder.Col.EVENT_TIME;
  private static final Comparator<Row> EVENT_ORDER = Comparator
      .comparingLong((Row r) -> SilverDecoder.millis(r.get(EVENT_TIME)))
      .thenComparingLong(r -> r.getLong(SilverDecoder.Col.SEQ))
      .thenComparing(r -> r.getString(SilverDecoder.Col.TOPIC))
      .thenComparingInt(r -> r.getInt(SilverDecoder.Col.PARTITION))
      .thenComparingLong(r -> r.getLong(SilverDecoder.Col.OFFSET));
  private static final double EARTH_RADIUS_KM = 6371.0088;

  private final SilverSettings settings;
  private final boolean watermarked;

  /**
   * @param watermarked true when the input has an event-time watermark (streaming); a batch Dataset has none, and
   *     then no row is late
   */
  public DeviceStateFunction(SilverSettings settings, boolean watermarked) {
    this.settings = settings;
    this.watermarked = watermarked;
  }

  @Override
  public Iterator<Row> call(String device, Iterator<Row> rows, GroupState<DeviceState> state) {
    // Rows already decided (quarantined upstream) stream through; undecided ones are buffered to be judged in
    // event-time order once the group's input is exhausted. Spark reads the state after consuming this iterator.
    List<Row> undecided = new ArrayList<>();
    return new Iterator<>() {
      private Iterator<Row> judged;

      @Override
      public boolean hasNext() {
        return rows.hasNext() || judgedRows().hasNext();
      }

      @Override
      public Row next() {
        while (rows.hasNext()) {
          Row r = rows.next();
          if (!r.isNullAt(SilverDecoder.Col.ROUTE)) return r;
          undecided.add(r);
        }
        return judgedRows().next();
      }

      private Iterator<Row> judgedRows() {
        if (judged == null) {
          if (rows.hasNext()) return Collections.emptyIterator(); // hasNext() is already true
          judged = judge(undecided, state).iterator();
        }
        return judged;
      }
    };
  }

  /** Decides the undecided rows of one device and updates its state. */
  List<Row> judge(List<Row> undecided, GroupState<DeviceState> state) {
    List<Row> out = new ArrayList<>(undecided.size());
    if (undecided.isEmpty()) return out;
    long watermark = watermarked ? state.getCurrentWatermarkMs() : Long.MIN_VALUE;
    DeviceState s = state.exists() ? state.get() : new DeviceState();
    SeqRanges seen = SeqRanges.of(s);
    undecided.sort(EVENT_ORDER);
    for (Row r : undecided) {
      long seq = r.getLong(SilverDecoder.Col.SEQ);
      long eventTime = SilverDecoder.millis(r.get(EVENT_TIME));
      if (seen.contains(seq)) {
        out.add(with(r, SilverSchemas.ROUTE_DUPLICATE, null, null));
        continue;
      }
      seen.add(seq, eventTime);
      if (eventTime < watermark) {
        out.add(with(r, SilverSchemas.ROUTE_QUARANTINE, SilverRules.LATE_EVENT, lateReason(eventTime, watermark)));
        continue;
      }
      if ("truck".equals(r.getString(SilverDecoder.Col.KIND))) {
        double lat = r.getDouble(SilverDecoder.Col.LAT);
        double lon = r.getDouble(SilverDecoder.Col.LON);
        if (s.isHasFix()) {
          String jump = gpsJump(s, lat, lon, eventTime);
          if (jump != null) {
            out.add(with(r, SilverSchemas.ROUTE_QUARANTINE, SilverRules.GPS_JUMP, jump));
            continue;
          }
        }
        if (!s.isHasFix() || eventTime >= s.getFixTime()) {
          s.setHasFix(true);
          s.setFixLat(lat);
          s.setFixLon(lon);
          s.setFixTime(eventTime);
        }
      }
      out.add(with(r, SilverSchemas.ROUTE_SILVER, null, null));
    }
    seen.prune(watermark);
    seen.writeTo(s);
    state.update(s);
    return out;
  }

  private String lateReason(long eventTime, long watermark) {
    return "event_time " + SilverRules.instant(eventTime) + " is " + SilverRules.duration(watermark - eventTime)
        + " behind silver's watermark " + SilverRules.instant(watermark) + " (latest accepted event_time minus "
        + SilverKeys.LATE_BOUND.name() + " + " + SilverKeys.FUTURE_SKEW.name() + " = "
        + SilverRules.duration(settings.watermarkDelayMillis()) + "): the dedupe state for it may be gone, so it is not "
        + "accepted; bronze ingest times probably went backwards (a replayed or rewritten bronze)";
  }

  private static String gpsJump(DeviceState s, double lat, double lon, long eventTime) {
    long dt = Math.abs(eventTime - s.getFixTime());
    double km = distanceKm(s.getFixLat(), s.getFixLon(), lat, lon);
    double kmh = km / (Math.max(dt, 1000L) / 3_600_000.0);
    if (kmh <= SilverRules.MAX_GPS_SPEED_KMH) return null;
    return String.format(Locale.ROOT,
        "position (%.5f, %.5f) is %.1f km from the previous accepted fix (%.5f, %.5f) of %s, %s apart: that is "
            + "%.0f km/h, faster than the %.0f km/h a truck can go; most likely a GPS glitch",
        lat, lon, km, s.getFixLat(), s.getFixLon(), SilverRules.instant(s.getFixTime()), SilverRules.duration(dt), kmh,
        SilverRules.MAX_GPS_SPEED_KMH);
  }

  /** Great-circle distance (haversine). */
  static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
  }

  private static Row with(Row r, String route, String ruleId, String reason) {
    Object[] v = new Object[r.length()];
    for (int i = 0; i < v.length; i++) v[i] = r.get(i);
    v[SilverDecoder.Col.ROUTE] = route;
    v[SilverDecoder.Col.RULE_ID] = ruleId;
    v[SilverDecoder.Col.REASON] = reason;
    return RowFactory.create(v);
  }
}
