package io.iotlakehouse.training.cmapss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.training.TestData;
import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CmapssReaderTest {

  static final String LINE1 = "1 1 -0.0007 -0.0004 100.0 518.67 641.82 1589.70 1400.60 14.62 21.61 554.36 2388.06 "
      + "9046.19 1.30 47.47 521.66 2388.02 8138.62 8.4195 0.03 392 2388 100.00 39.06 23.4190  ";
  static final String LINE2 = "1 2 0.0019 -0.0003 100.0 518.67 642.15 1591.82 1403.14 14.62 21.61 553.75 2388.04 "
      + "9044.07 1.30 47.49 522.28 2388.07 8131.49 8.4318 0.03 392 2388 100.00 39.00 23.4236  ";
  static final String LINE3 = "2 1 -0.0043 0.0003 100.0 518.67 642.35 1587.99 1404.20 14.62 21.61 554.26 2388.08 "
      + "9052.94 1.30 47.27 522.42 2388.03 8133.23 8.4178 0.03 390 2388 100.00 38.95 23.3442  ";

  @TempDir
  Path dir;

  @Test
  void readsRecordsWithTrailingSpacesAndBlankLines() throws Exception {
    Path file = write("ok.txt", LINE1 + "\n" + LINE2 + "\n\n" + LINE3 + "\n");

    List<CycleRecord> records = CmapssReader.readRecords(file);

    assertThat(records).hasSize(3);
    CycleRecord first = records.get(0);
    assertThat(first.unit()).isEqualTo(1);
    assertThat(first.cycle()).isEqualTo(1);
    assertThat(first.settings()).containsExactly(-0.0007, -0.0004, 100.0);
    assertThat(first.sensors()).hasSize(21);
    assertThat(first.sensor(1)).isEqualTo(518.67);
    assertThat(first.sensor(21)).isEqualTo(23.4190);
    List<EngineSeries> engines = CmapssReader.readEngines(file);
    assertThat(engines).extracting(EngineSeries::unit).containsExactly(1, 2);
    assertThat(engines.get(0).length()).isEqualTo(2);
  }

  @Test
  void readsTheShippedFd001File() throws Exception {
    List<EngineSeries> engines = CmapssReader.readEngines(TestData.fd001Path());

    assertThat(engines).hasSize(100);
    assertThat(engines.stream().mapToInt(EngineSeries::length).sum()).isEqualTo(20631);
    assertThat(engines.stream().mapToInt(EngineSeries::length).min().orElseThrow()).isEqualTo(128);
    assertThat(engines.stream().mapToInt(EngineSeries::length).max().orElseThrow()).isEqualTo(362);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(LINE1 + "\n" + LINE2.replace(" 23.4236", ""),
            "line 2: expected 26 space-separated columns (unit, cycle, 3 operating settings, 21 sensors) but found 25"),
        Arguments.of(LINE1 + "\n" + LINE2 + " 7",
            "line 2: expected 26 space-separated columns (unit, cycle, 3 operating settings, 21 sensors) but found 27"),
        Arguments.of(LINE1 + "\n" + LINE2.replace("1591.82", "1591,82"),
            "line 2: column 8 (sensor 3) is '1591,82', which is not a finite number"),
        Arguments.of(LINE1 + "\n" + LINE2.replace(" 0.0019 ", " NaN "),
            "line 2: column 3 (operating setting 1) is 'NaN', which is not a finite number"),
        Arguments.of(LINE1 + "\n\n" + LINE2.replace("1 2 ", "x 2 "),
            "line 3: column 1 (unit) is 'x', expected a positive integer"),
        Arguments.of(LINE1 + "\n" + LINE2.replace("1 2 ", "1 2.5 "),
            "line 2: column 2 (cycle) is '2.5', expected a positive integer"),
        Arguments.of(LINE2 + "\n" + LINE1,
            "line 2: cycle 1 of unit 1 does not increase after cycle 2"),
        Arguments.of(LINE1 + "\n" + LINE1,
            "line 2: cycle 1 of unit 1 does not increase after cycle 1"),
        Arguments.of(LINE1 + "\n" + LINE3 + "\n" + LINE1,
            "line 3: cycle 1 of unit 1 does not increase after cycle 1"));
  }

  @ParameterizedTest(name = "#{index}: {1}")
  @MethodSource("malformed")
  void malformedDataNamesFileAndLine(String content, String expected) throws Exception {
    Path file = write("train_bad.txt", content);

    assertThatThrownBy(() -> CmapssReader.readRecords(file))
        .isInstanceOf(CmapssFormatException.class)
        .hasMessageStartingWith(file + " " + expected)
        .satisfies(e -> assertThat(((CmapssFormatException) e).file()).isEqualTo(file));
  }

  @Test
  void readsRulFiles() throws Exception {
    Path file = write("RUL_FD001.txt", "112\n98 \n\n69\n");

    assertThat(CmapssReader.readRul(file)).containsExactly(112, 98, 69);
  }

  static Stream<Arguments> malformedRul() {
    return Stream.of(
        Arguments.of("112\n9 8\n", 2, "'9 8' is not a remaining-useful-life value"),
        Arguments.of("112\n\n-3\n", 3, "'-3' is not a remaining-useful-life value"),
        Arguments.of("abc\n", 1, "'abc' is not a remaining-useful-life value"));
  }

  @ParameterizedTest(name = "#{index}: line {1}")
  @MethodSource("malformedRul")
  void malformedRulNamesFileAndLine(String content, int line, String expected) throws Exception {
    Path file = write("RUL_bad.txt", content);

    assertThatThrownBy(() -> CmapssReader.readRul(file))
        .isInstanceOf(CmapssFormatException.class)
        .hasMessageStartingWith(file + " line " + line + ": " + expected)
        .satisfies(e -> assertThat(((CmapssFormatException) e).line()).isEqualTo(line));
  }

  @Test
  void rulCountMustMatchTheTestUnits() throws Exception {
    Path test = write("test.txt", LINE1 + "\n" + LINE3 + "\n");
    Path rul = write("RUL.txt", "10\n");

    assertThatThrownBy(() -> CmapssReader.rulByUnit(test, CmapssReader.readEngines(test), rul))
        .hasMessageContaining("holds 1 RUL values but " + test + " has 2 units");
  }

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }
}
