package io.iotlakehouse.bench;

import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureOptions;
import io.iotlakehouse.training.features.FeatureSpec;
import io.iotlakehouse.training.model.XgbParams;
import io.iotlakehouse.training.retrain.SparkTrainingData;
import io.iotlakehouse.training.retrain.XgbSparkTrainer;
import java.io.PrintStream;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Training time of the retrain job's training path against data size: synthetic run-to-failure engines (C-MAPSS-like
 * exponential degradation on 14 of 21 sensors, lifetimes 150-350 cycles) generated in Spark, features per engine
 * ({@link SparkTrainingData}, the job's code), then the XGBoost4J-Spark RUL regressor ({@link XgbSparkTrainer}) with
 * fixed rounds. Each size is timed as feature seconds (computing and caching the rows) and fit seconds.
 */
public final class TrainingBench {
  static final StructType CYCLES = new StructType()
      .add("device_id", DataTypes.StringType, false)
      .add("unit", DataTypes.IntegerType, false)
      .add("cycle", DataTypes.IntegerType, false)
      .add("event_time", DataTypes.TimestampType, false)
      .add("settings", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("sensors", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
  static final double MEAN_LIFE = 250;

  private final SparkSession spark;
  private final int rounds;
  private final int workers;
  private final PrintStream log;

  public TrainingBench(SparkSession spark, int rounds, int workers, PrintStream log) {
    this.spark = spark;
    this.rounds = rounds;
    this.workers = workers;
    this.log = log;
  }

  /** One size's figures. */
  public record Point(long rows, int engines, double featureSeconds, double fitSeconds) {
    double seconds() {
      return featureSeconds + fitSeconds;
    }
  }

  /** All sizes; {@code linearity} = (time ratio) / (row ratio) between the two largest sizes (1 = linear). */
  public record Result(List<Point> points, int rounds, int workers, int features) {
    public double linearity() {
      if (points.size() < 2) {
        return Double.NaN;
      }
      Point a = points.get(points.size() - 2);
      Point b = points.get(points.size() - 1);
      return (b.seconds() / a.seconds()) / ((double) b.rows() / a.rows());
    }

    public String toJson() {
      String sizes = points.stream().map(p -> String.format(Locale.ROOT,
          "{\"rows\":%d,\"engines\":%d,\"feature_seconds\":%.1f,\"fit_seconds\":%.1f,\"seconds\":%.1f,"
              + "\"rows_per_second\":%.0f}", p.rows(), p.engines(), p.featureSeconds(), p.fitSeconds(), p.seconds(),
          p.rows() / p.seconds())).collect(Collectors.joining(","));
      return String.format(Locale.ROOT, "{\"bench\":\"training\",\"rounds\":%d,\"workers\":%d,\"features\":%d,"
          + "\"sizes\":[%s],\"linearity\":%.2f,\"cores\":%d}", rounds, workers, features, sizes, linearity(),
          Runtime.getRuntime().availableProcessors());
    }
  }

  public Result run(List<Long> sizes) {
    FeatureSpec spec = FeatureSpec.fit(engines(0, 50), FeatureOptions.defaults());
    List<Point> points = new ArrayList<>();
    for (long size : sizes) {
      int engines = (int) Math.max(2, Math.round(size / MEAN_LIFE));
      Dataset<Row> cycles = spark.range(0, engines, 1, Math.max(2, engines / 2000))
          .flatMap((FlatMapFunction<Long, Row>) u -> rows(u.intValue()).iterator(), Encoders.row(CYCLES));
      long start = System.nanoTime();
      Dataset<Row> data = SparkTrainingData.build(cycles, spec,
          new SparkTrainingData.Labelling(125, 30, 0, Long.MAX_VALUE)).cache();
      long rows = data.count();
      double featureSeconds = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      XgbSparkTrainer.train(data, null, "rul", XgbParams.defaults().withRounds(rounds),
          XgbParams.Objective.REGRESSION, workers, 42).booster().dispose();
      double fitSeconds = (System.nanoTime() - start) / 1e9;
      data.unpersist();
      Point p = new Point(rows, engines, featureSeconds, fitSeconds);
      log.printf(Locale.ROOT, "%d rows (%d engines): features %.1f s, fit %.1f s%n", rows, engines, featureSeconds,
          fitSeconds);
      points.add(p);
    }
    return new Result(points, rounds, workers, spec.featureCount());
  }

  /** Synthetic run-to-failure engines {@code from .. from+count-1}. */
  static List<EngineSeries> engines(int from, int count) {
    List<EngineSeries> out = new ArrayList<>();
    for (int u = from; u < from + count; u++) {
      List<CycleRecord> cycles = new ArrayList<>();
      for (Row r : rows(u)) {
        cycles.add(new CycleRecord(r.getInt(1), r.getInt(2), (double[]) r.get(4), (double[]) r.get(5)));
      }
      out.add(new EngineSeries(u, cycles));
    }
    return out;
  }

  /**
   * One engine's cycles: life uniform in [150, 350]; each informative sensor drifts as {@code a * exp(3 t / life)}
   * with its own sign and scale plus Gaussian noise; 7 sensors are constant (as in FD001).
   */
  static List<Row> rows(int unit) {
    SplittableRandom random = new SplittableRandom(unit * 7919L + 1);
    int life = 150 + random.nextInt(201);
    double[] base = new double[21];
    double[] drift = new double[21];
    for (int s = 0; s < 21; s++) {
      base[s] = 100 + 10 * s;
      drift[s] = s % 3 == 0 ? 0 : (random.nextBoolean() ? 1 : -1) * (0.2 + random.nextDouble());
    }
    List<Row> out = new ArrayList<>(life);
    for (int t = 1; t <= life; t++) {
      double[] sensors = new double[21];
      for (int s = 0; s < 21; s++) {
        sensors[s] = drift[s] == 0 ? base[s]
            : base[s] + drift[s] * Math.exp(3.0 * t / life) + 0.3 * gaussian(random);
      }
      double[] settings = {0.001 * gaussian(random), 0.0001 * gaussian(random), 100.0};
      // arrays, not java.util.List: Spark's row encoder takes an Array or a Scala Seq for array columns
      out.add(RowFactory.create("synthetic-" + unit, unit, t, new Timestamp(t * 1000L), settings, sensors));
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
