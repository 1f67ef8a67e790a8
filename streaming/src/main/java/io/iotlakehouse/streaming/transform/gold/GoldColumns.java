package io.iotlakehouse.streaming.transform.gold;

import static org.apache.spark.sql.functions.asin;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.cos;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.radians;
import static org.apache.spark.sql.functions.sin;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** Column expressions shared by gold's transforms. */
final class GoldColumns {
  private GoldColumns() {}

  /**
   * Sums and means are taken over decimals and converted back to double: decimal addition is exact, so the result
   * does not depend on the order Spark feeds a group's rows in. A replayed batch then writes bit-identical values, and
   * a recomputed window equals the one computed before. 18 decimal places keep every sensor's precision.
   */
  private static final DataType EXACT = DataTypes.createDecimalType(38, 18);

  static Column exactSum(Column c) {
    return sum(c.cast(EXACT)).cast(DataTypes.DoubleType);
  }

  static Column exactAvg(Column c) {
    return avg(c.cast(EXACT)).cast(DataTypes.DoubleType);
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
