package io.iotlakehouse.training.retrain;

import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import io.iotlakehouse.training.features.FeatureSpec;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Raw gold cycles -> labelled feature rows, in Spark: {@code groupByKey(device_id).flatMapGroups} builds each engine's
 * {@link EngineSeries} and calls the pure {@link EngineRows} (the same feature code as the file path and the edge).
 */
public final class SparkTrainingData {
  /** Output columns; {@code features} is an ML vector in {@link FeatureSpec#featureNames()} order. */
  public static final StructType SCHEMA = new StructType()
      .add("device_id", DataTypes.StringType, false)
      .add("unit", DataTypes.IntegerType, false)
      .add("cycle", DataTypes.IntegerType, false)
      .add("holdout", DataTypes.BooleanType, false)
      .add("run_to_failure", DataTypes.BooleanType, false)
      .add("features", SQLDataTypes.VectorType(), false)
      .add("rul", DataTypes.DoubleType, false)
      .add("fails", DataTypes.DoubleType, false);

  private SparkTrainingData() {}

  /**
   * How engines are labelled and split.
   *
   * @param rulCap piecewise-linear RUL cap
   * @param failureHorizon classifier label: fails within this many cycles
   * @param holdoutPercent share of engines kept for evaluation ({@link EngineRows#inHoldout})
   * @param completedBeforeMillis an engine whose last event_time is before this instant ran to failure
   */
  public record Labelling(double rulCap, int failureHorizon, int holdoutPercent, long completedBeforeMillis)
      implements java.io.Serializable {
    public boolean runToFailure(Timestamp lastEventTime) {
      return lastEventTime.getTime() < completedBeforeMillis;
    }
  }

  /** Labelled rows of every engine in {@code cycles} (columns device_id, unit, cycle, event_time, settings, sensors). */
  public static Dataset<Row> build(Dataset<Row> cycles, FeatureSpec spec, Labelling labelling) {
    return cycles
        .groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING())
        .flatMapGroups(new PerEngine(spec.toJson(), labelling), Encoders.row(SCHEMA));
  }

  /** One engine from its rows (any order; sorted by cycle here). */
  public static EngineSeries engine(List<Row> rows) {
    List<CycleRecord> records = new ArrayList<>(rows.size());
    for (Row r : rows) {
      records.add(record(r));
    }
    records.sort(Comparator.comparingInt(CycleRecord::cycle));
    return new EngineSeries(records.get(0).unit(), records);
  }

  static CycleRecord record(Row r) {
    return new CycleRecord(r.getInt(1), r.getInt(2), doubles(r.getList(4)), doubles(r.getList(5)));
  }

  private static double[] doubles(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  /** The per-engine function; the spec travels as JSON and is parsed once per task. */
  private static final class PerEngine implements FlatMapGroupsFunction<String, Row, Row> {
    private static final long serialVersionUID = 1L;
    private final String specJson;
    private final Labelling labelling;
    private transient FeatureSpec spec;

    PerEngine(String specJson, Labelling labelling) {
      this.specJson = specJson;
      this.labelling = labelling;
    }

    @Override
    public Iterator<Row> call(String deviceId, Iterator<Row> rows) {
      if (spec == null) {
        spec = FeatureSpec.fromJson(specJson);
      }
      List<Row> all = new ArrayList<>();
      Timestamp last = null;
      while (rows.hasNext()) {
        Row r = rows.next();
        all.add(r);
        Timestamp t = r.getTimestamp(3);
        if (last == null || t.after(last)) {
          last = t;
        }
      }
      EngineSeries engine = engine(all);
      boolean runToFailure = labelling.runToFailure(last);
      boolean holdout = EngineRows.inHoldout(deviceId, labelling.holdoutPercent());
      List<Row> out = new ArrayList<>();
      for (EngineRows.Row row : EngineRows.of(spec, engine, runToFailure, labelling.rulCap(),
          labelling.failureHorizon())) {
        out.add(RowFactory.create(deviceId, engine.unit(), row.cycle(), holdout, runToFailure,
            Vectors.dense(row.features()), row.rul(), row.fails()));
      }
      return out.iterator();
    }
  }
}
