package io.iotlakehouse.batch;

import io.iotlakehouse.common.config.ConfigKey;
import io.iotlakehouse.common.config.Validator;
import io.iotlakehouse.common.config.ValueType;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/** Config keys of the backfill (rebuild silver and gold for a range of bronze ingest dates) and the fleet report. */
public final class BackfillKeys {
  private BackfillKeys() {}

  private static final Validator<String> DATE = Validator.of(s -> s.isBlank() || parses(s, true), "empty or a date yyyy-mm-dd");

  public static final ConfigKey<String> FROM = ConfigKey.define(
      "batch.backfill.from", ValueType.STRING, "", DATE,
      "First bronze ingest date (UTC, yyyy-mm-dd) the backfill re-routes through silver; required by batch backfill");
  public static final ConfigKey<String> TO = ConfigKey.define(
      "batch.backfill.to", ValueType.STRING, "", DATE,
      "Last bronze ingest date (UTC, inclusive) the backfill re-routes; empty means the same as batch.backfill.from");
  public static final ConfigKey<Boolean> ACCEPT_RECENT = ConfigKey.define(
      "batch.backfill.accept-recent", ValueType.BOOLEAN, "false",
      "Allow a range whose events the silver stream could still accept (ingest dates within streaming.silver.late-bound + "
          + "future-skew of now): a copy of a backfilled event re-sent after the backfill could then reach silver twice "
          + "(lakehouse audit finds such rows)");
  public static final ConfigKey<String> REPORT_MONTH = ConfigKey.define(
      "batch.report.month", ValueType.STRING, "",
      Validator.of(s -> s.isBlank() || parses(s, false), "empty or a month yyyy-mm"),
      "Month (UTC, yyyy-mm) of the fleet report; empty means the previous month");
  public static final ConfigKey<String> REPORT_DIR = ConfigKey.define(
      "batch.report.dir", ValueType.STRING, "",
      "Folder for the fleet report files (fleet-report-<month>.html and .png); empty means <lakehouse.work-dir>/reports");

  public static List<ConfigKey<?>> keys() {
    return List.of(FROM, TO, ACCEPT_RECENT, REPORT_MONTH, REPORT_DIR);
  }

  private static boolean parses(String s, boolean date) {
    try {
      if (date) LocalDate.parse(s.trim());
      else YearMonth.parse(s.trim());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
