package io.iotlakehouse.training.cmapss;

import java.io.IOException;
import java.nio.file.Path;

/** A C-MAPSS data or RUL file that cannot be read: says which file, which line, what is wrong and what to do. */
public final class CmapssFormatException extends IOException {

  private final Path file;
  private final int line;

  private CmapssFormatException(Path file, int line, String message) {
    super(file + " line " + line + ": " + message);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  /** 1-based line number of the offending line. */
  public int line() {
    return line;
  }

  static CmapssFormatException wrongColumnCount(Path file, int line, int expected, int found) {
    return new CmapssFormatException(file, line, "expected " + expected + " space-separated columns (unit, cycle, "
        + "3 operating settings, 21 sensors) but found " + found
        + ". Check that the file is an unmodified C-MAPSS train_/test_FD00x.txt file.");
  }

  static CmapssFormatException notANumber(Path file, int line, int column, String columnName, String token) {
    return new CmapssFormatException(file, line, "column " + column + " (" + columnName + ") is '" + token
        + "', which is not a finite number. Fix or remove that line.");
  }

  static CmapssFormatException notAnInteger(Path file, int line, int column, String columnName, String token) {
    return new CmapssFormatException(file, line, "column " + column + " (" + columnName + ") is '" + token
        + "', expected a positive integer.");
  }

  static CmapssFormatException cycleNotIncreasing(Path file, int line, int unit, int cycle, int previousCycle) {
    return new CmapssFormatException(file, line, "cycle " + cycle + " of unit " + unit
        + " does not increase after cycle " + previousCycle
        + "; each unit's cycles must be strictly increasing (sort the file by unit, then cycle).");
  }

  static CmapssFormatException badRul(Path file, int line, String token) {
    return new CmapssFormatException(file, line, "'" + token
        + "' is not a remaining-useful-life value; RUL files hold one non-negative integer per line.");
  }

  static CmapssFormatException rulCountMismatch(Path rulFile, int rulLines, Path testFile, int testUnits) {
    return new CmapssFormatException(rulFile, rulLines, "holds " + rulLines + " RUL values but " + testFile
        + " has " + testUnits + " units; pass the RUL file that belongs to that test file.");
  }
}
