package io.iotlakehouse.simulators;

import io.iotlakehouse.common.event.DeviceKind;
import io.iotlakehouse.common.event.Payload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One turbofan engine replaying its C-MAPSS run-to-failure trajectory: one operating cycle per message. When the
 * trajectory ends (the engine failed), the device stops sending.
 */
public final class TurbofanReplay implements SimulatedDevice {
  private final String id;
  private final List<Payload.Turbofan> cycles;
  private int next;

  public TurbofanReplay(String id, List<Payload.Turbofan> cycles, int startCycle) {
    this.id = id;
    this.cycles = cycles;
    this.next = Math.max(0, Math.min(startCycle, cycles.size()));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public DeviceKind kind() {
    return DeviceKind.TURBOFAN;
  }

  @Override
  public Payload next(long nowMillis) {
    return next < cycles.size() ? cycles.get(next++) : null;
  }

  /** The C-MAPSS FD001 training trajectories shipped as demo data, by engine unit. */
  public static Map<Integer, List<Payload.Turbofan>> fd001() {
    try (InputStream in = TurbofanReplay.class.getResourceAsStream("/cmapss/train_FD001.txt")) {
      if (in == null) throw new IllegalStateException("demo data /cmapss/train_FD001.txt missing from the classpath");
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)), "train_FD001.txt");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the 26-column C-MAPSS text format; errors name the source and line. */
  public static Map<Integer, List<Payload.Turbofan>> parse(BufferedReader reader, String source) throws IOException {
    Map<Integer, List<Payload.Turbofan>> units = new TreeMap<>();
    String line;
    int lineNo = 0;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) continue;
      String[] f = line.trim().split("\\s+");
      if (f.length != 26) {
        throw new IllegalArgumentException(source + " line " + lineNo + ": expected 26 columns, found " + f.length);
      }
      try {
        double[] v = Arrays.stream(f).mapToDouble(Double::parseDouble).toArray();
        List<Double> settings = new ArrayList<>(3);
        List<Double> sensors = new ArrayList<>(21);
        for (int i = 2; i < 5; i++) settings.add(v[i]);
        for (int i = 5; i < 26; i++) sensors.add(v[i]);
        units.computeIfAbsent((int) v[0], u -> new ArrayList<>()).add(new Payload.Turbofan((int) v[0], (int) v[1], settings, sensors));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(source + " line " + lineNo + ": not a number: " + e.getMessage());
      }
    }
    return units;
  }
}
