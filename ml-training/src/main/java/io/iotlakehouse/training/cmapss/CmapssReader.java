package io.iotlakehouse.training.cmapss;

import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads NASA C-MAPSS turbofan files: {@code train_FD00x.txt}/{@code test_FD00x.txt} (26 space-separated
 * columns: unit, cycle, 3 operating settings, 21 sensors; lines may end in spaces) and {@code RUL_FD00x.txt}
 * (one integer per line). Blank lines are ignored. Malformed input fails with a {@link CmapssFormatException}
 * naming the file and the 1-based line.
 */
public final class CmapssReader {

  public static final int SETTINGS = 3;
  public static final int SENSORS = 21;
  public static final int COLUMNS = 2 + SETTINGS + SENSORS;

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private CmapssReader() {}

  /** All records of a data file in file order. */
  public static List<CycleRecord> readRecords(Path file) throws IOException {
    List<CycleRecord> out = new ArrayList<>();
    Map<Integer, Integer> lastCycleByUnit = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        String[] tokens = WHITESPACE.split(trimmed);
        if (tokens.length != COLUMNS) {
          throw CmapssFormatException.wrongColumnCount(file, lineNo, COLUMNS, tokens.length);
        }
        int unit = parsePositiveInt(file, lineNo, tokens, 0);
        int cycle = parsePositiveInt(file, lineNo, tokens, 1);
        double[] settings = new double[SETTINGS];
        for (int i = 0; i < SETTINGS; i++) {
          settings[i] = parseDouble(file, lineNo, tokens, 2 + i);
        }
        double[] sensors = new double[SENSORS];
        for (int i = 0; i < SENSORS; i++) {
          sensors[i] = parseDouble(file, lineNo, tokens, 2 + SETTINGS + i);
        }
        Integer previous = lastCycleByUnit.put(unit, cycle);
        if (previous != null && cycle <= previous) {
          throw CmapssFormatException.cycleNotIncreasing(file, lineNo, unit, cycle, previous);
        }
        out.add(new CycleRecord(unit, cycle, settings, sensors));
      }
    }
    return out;
  }

  /** The file's engines, by ascending unit id. */
  public static List<EngineSeries> readEngines(Path file) throws IOException {
    return EngineSeries.groupByUnit(readRecords(file));
  }

  /** The values of an {@code RUL_FD00x.txt} file: line i is the true RUL after the last cycle of test unit i. */
  public static int[] readRul(Path file) throws IOException {
    List<Integer> values = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        int value;
        try {
          value = Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
          throw CmapssFormatException.badRul(file, lineNo, trimmed);
        }
        if (value < 0) {
          throw CmapssFormatException.badRul(file, lineNo, trimmed);
        }
        values.add(value);
      }
    }
    return values.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Pairs a test file's engines (ascending unit id) with the RUL file's values, line by line, as the official
   * files are laid out.
   */
  public static Map<Integer, Integer> rulByUnit(Path testFile, List<EngineSeries> testEngines, Path rulFile)
      throws IOException {
    int[] rul = readRul(rulFile);
    if (rul.length != testEngines.size()) {
      throw CmapssFormatException.rulCountMismatch(rulFile, rul.length, testFile, testEngines.size());
    }
    Map<Integer, Integer> out = new HashMap<>();
    for (int i = 0; i < rul.length; i++) {
      out.put(testEngines.get(i).unit(), rul[i]);
    }
    return out;
  }

  static String columnName(int column) {
    if (column == 0) {
      return "unit";
    }
    if (column == 1) {
      return "cycle";
    }
    if (column < 2 + SETTINGS) {
      return "operating setting " + (column - 1);
    }
    return "sensor " + (column - 1 - SETTINGS);
  }

  private static int parsePositiveInt(Path file, int lineNo, String[] tokens, int column)
      throws CmapssFormatException {
    String token = tokens[column];
    try {
      int value = Integer.parseInt(token);
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through: the error below says what was expected
    }
    throw CmapssFormatException.notAnInteger(file, lineNo, column + 1, columnName(column), token);
  }

  private static double parseDouble(Path file, int lineNo, String[] tokens, int column)
      throws CmapssFormatException {
    String token = tokens[column];
    try {
      double value = Double.parseDouble(token);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw CmapssFormatException.notANumber(file, lineNo, column + 1, columnName(column), token);
  }
}
