package io.iotlakehouse.batch.transform;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.SortedMap;
import java.util.TreeMap;

/** Counts a Delta table's data files per date partition, from the file paths of its snapshot ({@code col=value/}). */
public final class PartitionFiles {
  private PartitionFiles() {}

  /**
   * @param files data file paths or URIs of one snapshot (Delta writes a partitioned table's files under
   *     {@code <column>=<value>/} folders)
   * @param column the date partition column
   * @return number of files per partition date, in date order
   * @throws IllegalArgumentException when a file is not under a {@code column=yyyy-mm-dd} folder
   */
  public static SortedMap<LocalDate, Integer> count(Collection<String> files, String column) {
    SortedMap<LocalDate, Integer> out = new TreeMap<>();
    String marker = "/" + column + "=";
    for (String f : files) {
      int at = f.lastIndexOf(marker);
      int end = at < 0 ? -1 : f.indexOf('/', at + marker.length());
      if (end < 0) {
        throw new IllegalArgumentException("data file " + f + " is not under a " + column + "=<date>/ folder: the table "
            + "is not partitioned by " + column + " as the lake layout says");
      }
      String value = URLDecoder.decode(f.substring(at + marker.length(), end), StandardCharsets.UTF_8);
      try {
        out.merge(LocalDate.parse(value), 1, Integer::sum);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("partition value '" + value + "' of " + f + " is not a date", e);
      }
    }
    return out;
  }
}
