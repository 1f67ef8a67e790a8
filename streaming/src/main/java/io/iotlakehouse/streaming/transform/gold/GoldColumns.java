package io.iotlakehouse.streaming.transform.gold;

import static org.apache.spark.sql.functions.asin;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.radians;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sin;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/** Column expressions shared by gold's transforms. */
final class GoldColumns {
  private GoldColumns() {}

  /**
   * Sums and means that do not depend on the order Spark feeds a group's rows in: a replayed batch writes
   * bit-identical values, and a recomputed window equals the one computed before. Each value is split into integers
   * (its integral part, and its fraction in units of 1e-9 and of 1e-18), each summed exactly as a long; only the totals
   * are converted back to double. Unlike decimal sums this keeps Spark's hash aggregation (long buffers are fixed-width,
   * decimal(38) ones are not). The fraction is kept to 1e-18, so the result is as precise as a double sum; a long
   * overflows only beyond ~9e9 values in one group.
   */
  static Column exactSum(Column c) {
    Column fraction = c.minus(floor(c)).multiply(NANO); // [0, 1e9)
    Column high = floor(fraction);
    Column low = round(fraction.minus(high).multiply(NANO));
    return longSum(floor(c)).plus(longSum(high).divide(NANO)).plus(longSum(low).divide(NANO * NANO));
  }

  static Column exactAvg(Column c) {
    return exactSum(c).divide(count(c));
  }

  private static final double NANO = 1e9;

  private static Column longSum(Column integral) {
    return sum(integral.cast(DataTypes.LongType)).cast(DataTypes.DoubleType);
  }

  /** The UTC date of an instant given in microseconds since the epoch (independent of the session time zone). */
  static Column utcDate(Column micros) {
    long day = 86_400_000_000L;
    return date_from_unix_date(Lateness.floorTo(micros, day).divide(day).cast(DataTypes.IntegerType));
  }

  /** Mean Earth radius (IUGG), as silver's GPS-jump rule uses. */
  static final double EARTH_RADIUS_KM = 6371.0088;

  /** Great-circle distance in km between two positions in degrees (haversine). */
  static Column haversineKm(Column lat1, Column lon1, Column lat2, Column lon2) {
    Column dLat = radians(lat2.minus(lat1));
    Column dLon = radians(lon2.minus(lon1));
    Column sLat = sin(dLat.divide(2));
    Column sLon = sin(dLon.divide(2));
    Column a = sLat.multiply(sLat).plus(cos(radians(lat1)).multiply(cos(radians(lat2))).multiply(sLon).multiply(sLon));
    return lit(2 * EARTH_RADIUS_KM).multiply(asin(least(lit(1.0), sqrt(a))));
  }
}
