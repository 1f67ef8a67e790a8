package io.iotlakehouse.training;

import io.iotlakehouse.training.cmapss.CmapssReader;
import io.iotlakehouse.training.features.EngineSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The NASA C-MAPSS FD001 training file shipped as a test resource. */
public final class TestData {

  private static List<EngineSeries> fd001;

  private TestData() {}

  public static Path fd001Path() {
    try {
      return Path.of(TestData.class.getResource("/cmapss/train_FD001.txt").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static synchronized List<EngineSeries> fd001() {
    if (fd001 == null) {
      try {
        fd001 = CmapssReader.readEngines(fd001Path());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return fd001;
  }
}
