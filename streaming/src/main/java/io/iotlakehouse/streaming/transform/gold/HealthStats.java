package io.iotlakehouse.streaming.transform.gold;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Mean, population std and least-squares slope per cycle of each of the 14 health sensors over one window of cycles,
 * with the two-pass formulas of ml-training's {@code WindowStats}: std 0 and slope 0 for a window of one cycle.
 */
public final class HealthStats {
  private HealthStats() {}

  /**
   * array&lt;struct&lt;cycle int, sensors array&lt;double&gt;&gt;&gt; (a window's cycles) -> array&lt;double&gt; of
   * [mean, std, slope] per sensor of {@link GoldSensors#TURBOFAN_HEALTH_SENSORS}, in that order.
   */
  public static final UserDefinedFunction UDF = functions.udf(
      (UDF1<scala.collection.Seq<Row>, List<Double>>) frame -> compute(scala.collection.JavaConverters.seqAsJavaList(frame)),
      DataTypes.createArrayType(DataTypes.DoubleType, false));

  static List<Double> compute(List<Row> frame) {
    List<Row> cycles = new ArrayList<>(frame);
    cycles.sort(Comparator.comparingInt(r -> r.getInt(0)));
    int n = cycles.size();
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = cycles.get(i).getInt(0);
    List<Double> out = new ArrayList<>(GoldSensors.TURBOFAN_HEALTH_SENSORS.size() * 3);
    double[] y = new double[n];
    for (int s : GoldSensors.TURBOFAN_HEALTH_SENSORS) {
      for (int i = 0; i < n; i++) y[i] = cycles.get(i).<scala.collection.Seq<Double>>getAs(1).apply(s - 1);
      double mean = mean(y);
      out.add(mean);
      out.add(std(y, mean));
      out.add(slope(x, y));
    }
    return out;
  }

  static double mean(double[] y) {
    double sum = 0;
    for (double v : y) sum += v;
    return sum / y.length;
  }

  static double std(double[] y, double mean) {
    if (y.length < 2) return 0.0;
    double ss = 0;
    for (double v : y) {
      double d = v - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / y.length);
  }

  static double slope(double[] x, double[] y) {
    if (x.length < 2) return 0.0;
    double mx = mean(x);
    double my = mean(y);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < x.length; i++) {
      double dx = x[i] - mx;
      sxy += dx * (y[i] - my);
      sxx += dx * dx;
    }
    return sxx == 0 ? 0.0 : sxy / sxx;
  }
}
