package io.iotlakehouse.dashboard.io;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.And;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.iotlakehouse.dashboard.GoldHistory;
import io.iotlakehouse.dashboard.SourceUnavailableException;
import io.iotlakehouse.dashboard.SourceUnavailableException.State;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads the gold table {@code sensor_rolling_5m} with Delta Kernel: no Spark, no cluster, a few MB of jars. Each read
 * takes the latest snapshot, prunes partitions by {@code window_date}, lets Kernel skip files by the min/max
 * statistics of {@code device_id} and {@code sensor}, reads only the needed columns, and filters the rows exactly.
 *
 * <p>Schema (written by the gold job): device_id string, kind string, site string (nullable), sensor string,
 * window_start timestamp, window_end timestamp, avg/min/max double, count long, window_date date (partition).
 */
public final class DeltaKernelGoldHistory implements GoldHistory {
  static final List<String> SERIES_COLUMNS = List.of("device_id", "kind", "sensor", "window_end");
  static final List<String> WINDOW_COLUMNS =
      List.of("device_id", "sensor", "window_start", "window_end", "avg", "min", "max", "count");

  private final String path;
  private final Engine engine;

  public DeltaKernelGoldHistory(String path) {
    this(path, new Configuration());
  }

  public DeltaKernelGoldHistory(String path, Configuration hadoopConf) {
    this.path = path;
    this.engine = DefaultEngine.create(hadoopConf);
  }

  @Override
  public List<SeriesKey> series(Instant since) {
    Set<SeriesKey> keys = new LinkedHashSet<>();
    long sinceMicros = micros(since);
    scan(SERIES_COLUMNS, partitionsFrom(since), row -> {
      if (anyNull(row, 0, 2, 3) || row.getLong(3) <= sinceMicros) return;
      keys.add(new SeriesKey(row.getString(0), row.isNullAt(1) ? "" : row.getString(1), row.getString(2)));
    });
    return List.copyOf(keys);
  }

  @Override
  public List<Window> windows(String deviceId, String sensor, Instant since) {
    List<Window> out = new ArrayList<>();
    long sinceMicros = micros(since);
    Predicate filter = new And(partitionsFrom(since), new And(
        new Predicate("=", new Column("device_id"), Literal.ofString(deviceId)),
        new Predicate("=", new Column("sensor"), Literal.ofString(sensor))));
    scan(WINDOW_COLUMNS, filter, row -> {
      if (anyNull(row, 0, 1, 2, 3, 4) || row.getLong(3) <= sinceMicros) return;
      if (!deviceId.equals(row.getString(0)) || !sensor.equals(row.getString(1))) return;
      out.add(new Window(instant(row.getLong(2)), instant(row.getLong(3)), row.getDouble(4),
          row.isNullAt(5) ? row.getDouble(4) : row.getDouble(5), row.isNullAt(6) ? row.getDouble(4) : row.getDouble(6),
          row.isNullAt(7) ? 0 : row.getLong(7)));
    });
    return out;
  }

  @Override
  public String location() {
    return "gold table " + path;
  }

  /** window_date is the UTC date of the window; a window ending after {@code since} started at most 5 min before. */
  private static Predicate partitionsFrom(Instant since) {
    int day = (int) since.minus(1, ChronoUnit.DAYS).atZone(ZoneOffset.UTC).toLocalDate().toEpochDay();
    return new Predicate(">=", new Column("window_date"), Literal.ofDate(day));
  }

  /** Calls {@code sink} with rows holding {@code columns} in that order (ordinal i = columns.get(i)). */
  private void scan(List<String> columns, Predicate filter, Consumer<Row> sink) {
    Snapshot snapshot;
    try {
      snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
    } catch (TableNotFoundException e) {
      throw new SourceUnavailableException(State.MISSING,
          "The gold table " + path + " does not exist yet: the gold job writes it (5-minute sliding-window averages "
              + "per device and sensor from silver). Run the gold job, or set lake.root to the lake it writes to",
          e);
    } catch (RuntimeException e) {
      throw unreadable(e);
    }
    try {
      StructType tableSchema = snapshot.getSchema(engine);
      StructType readSchema = new StructType();
      for (String c : columns) {
        StructField f = tableSchema.indexOf(c) < 0 ? null : tableSchema.get(c);
        if (f == null) {
          throw new SourceUnavailableException(State.MISSING,
              "The gold table " + path + " has no column '" + c + "' (it has " + tableSchema.fieldNames() + "): it is "
                  + "not the sensor_rolling_5m table this dashboard reads; check lake.root and the gold job's version",
              null);
        }
        readSchema = readSchema.add(f);
      }
      Scan scan = snapshot.getScanBuilder(engine).withReadSchema(engine, readSchema).withFilter(engine, filter).build();
      Row scanState = scan.getScanState(engine);
      StructType physicalSchema = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
      try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
        while (files.hasNext()) {
          try (CloseableIterator<Row> fileRows = files.next().getRows()) {
            while (fileRows.hasNext()) readFile(scanState, fileRows.next(), physicalSchema, columns, sink);
          }
        }
      }
    } catch (SourceUnavailableException e) {
      throw e;
    } catch (IOException e) {
      throw unreadable(e);
    } catch (RuntimeException e) {
      throw unreadable(e);
    }
  }

  private void readFile(Row scanState, Row scanFile, StructType physicalSchema, List<String> columns, Consumer<Row> sink)
      throws IOException {
    FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
    CloseableIterator<ColumnarBatch> physical =
        engine.getParquetHandler().readParquetFiles(single(file), physicalSchema, Optional.empty());
    try (CloseableIterator<FilteredColumnarBatch> data = Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
      while (data.hasNext()) {
        FilteredColumnarBatch batch = data.next();
        int[] ordinals = columns.stream().mapToInt(c -> batch.getData().getSchema().indexOf(c)).toArray();
        try (CloseableIterator<Row> rows = batch.getRows()) {
          while (rows.hasNext()) sink.accept(new ReorderedRow(rows.next(), ordinals));
        }
      }
    }
  }

  private SourceUnavailableException unreadable(Exception e) {
    Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    return new SourceUnavailableException(State.UNREACHABLE,
        "Cannot read the gold table " + path + " (" + t.getClass().getSimpleName() + ": " + t.getMessage() + "). "
            + "Check that lake.root points at a readable lake",
        e);
  }

  private static boolean anyNull(Row row, int... ordinals) {
    for (int o : ordinals) if (row.isNullAt(o)) return true;
    return false;
  }

  private static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  private static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  private static <T> CloseableIterator<T> single(T value) {
    return new CloseableIterator<>() {
      boolean done;

      @Override
      public boolean hasNext() {
        return !done;
      }

      @Override
      public T next() {
        if (done) throw new NoSuchElementException();
        done = true;
        return value;
      }

      @Override
      public void close() {}
    };
  }

  /** A row whose ordinal i is the column {@code columns.get(i)}, whatever order the batch has them in. */
  private record ReorderedRow(Row row, int[] ordinals) implements Row {
    @Override
    public StructType getSchema() {
      return row.getSchema();
    }

    @Override
    public boolean isNullAt(int i) {
      return row.isNullAt(ordinals[i]);
    }

    @Override
    public boolean getBoolean(int i) {
      return row.getBoolean(ordinals[i]);
    }

    @Override
    public byte getByte(int i) {
      return row.getByte(ordinals[i]);
    }

    @Override
    public short getShort(int i) {
      return row.getShort(ordinals[i]);
    }

    @Override
    public int getInt(int i) {
      return row.getInt(ordinals[i]);
    }

    @Override
    public long getLong(int i) {
      return row.getLong(ordinals[i]);
    }

    @Override
    public float getFloat(int i) {
      return row.getFloat(ordinals[i]);
    }

    @Override
    public double getDouble(int i) {
      return row.getDouble(ordinals[i]);
    }

    @Override
    public String getString(int i) {
      return row.getString(ordinals[i]);
    }

    @Override
    public java.math.BigDecimal getDecimal(int i) {
      return row.getDecimal(ordinals[i]);
    }

    @Override
    public byte[] getBinary(int i) {
      return row.getBinary(ordinals[i]);
    }

    @Override
    public Row getStruct(int i) {
      return row.getStruct(ordinals[i]);
    }

    @Override
    public io.delta.kernel.data.ArrayValue getArray(int i) {
      return row.getArray(ordinals[i]);
    }

    @Override
    public io.delta.kernel.data.MapValue getMap(int i) {
      return row.getMap(ordinals[i]);
    }
  }
}
