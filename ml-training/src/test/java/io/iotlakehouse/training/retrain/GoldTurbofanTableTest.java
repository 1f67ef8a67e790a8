package io.iotlakehouse.training.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.transform.gold.GoldSchemas;
import io.iotlakehouse.training.TestData;
import io.iotlakehouse.training.features.CycleRecord;
import io.iotlakehouse.training.features.EngineSeries;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the gold table: pinned versions, and clear errors for missing, empty and malformed tables. */
class GoldTurbofanTableTest {

  @Test
  void anEmptyGoldTableIsAClearErrorNamingTheTable(@TempDir Path dir) {
    String gold = dir.resolve("lake/gold/turbofan_health").toString();
    GoldFixture.createEmpty(gold);
    GoldTurbofanTable table = new GoldTurbofanTable(GoldFixture.spark(), gold);

    assertThatThrownBy(() -> table.read(table.versionAtEndOf(YearMonth.now())))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining("Gold table " + gold + " is empty at version 0")
        .hasMessageContaining("How to fix");
  }

  @Test
  void aMissingGoldTableIsAClearErrorNamingThePath(@TempDir Path dir) {
    String gold = dir.resolve("nothing-here").toString();
    assertThatThrownBy(() -> new GoldTurbofanTable(GoldFixture.spark(), gold).versionAtEndOf(YearMonth.now()))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining("No gold turbofan table at " + gold)
        .hasMessageContaining("./lakehouse gold");
  }

  @Test
  void aMonthThatEndedBeforeTheTableExistedHasNoVersion(@TempDir Path dir) {
    String gold = dir.resolve("gold").toString();
    GoldFixture.createEmpty(gold);
    assertThatThrownBy(() -> new GoldTurbofanTable(GoldFixture.spark(), gold).versionAtEndOf(YearMonth.of(2020, 1)))
        .isInstanceOf(LakehouseException.class).hasMessageContaining("has no version before 2020-02-01");
  }

  @Test
  void aMalformedRowIsReportedWithItsFileDeviceAndCycle(@TempDir Path dir) {
    String gold = dir.resolve("gold").toString();
    EngineSeries engine = TestData.fd001().get(0);
    List<CycleRecord> cycles = new ArrayList<>(engine.cycles());
    CycleRecord bad = cycles.get(4);
    cycles.set(4, new CycleRecord(bad.unit(), bad.cycle(), bad.settings(), Arrays.copyOf(bad.sensors(), 20)));
    GoldFixture.append(gold, List.of(new GoldFixture.Device("turbofan-007", new EngineSeries(engine.unit(), cycles),
        Instant.parse("2026-10-01T00:00:00Z"))));

    assertThatThrownBy(() -> new GoldTurbofanTable(GoldFixture.spark(), gold).read(0))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining("Malformed row in gold table " + gold + " version 0, file ")
        .hasMessageContaining(".parquet: device_id=turbofan-007, cycle=" + bad.cycle())
        .hasMessageContaining("21 sensors");
  }

  @Test
  void readsTheRawCycleColumnsAtThePinnedVersion(@TempDir Path dir) {
    String gold = dir.resolve("gold").toString();
    List<EngineSeries> engines = TestData.fd001();
    GoldFixture.append(gold, List.of(new GoldFixture.Device("a", engines.get(0), Instant.parse("2026-10-01T00:00:00Z"))));
    GoldFixture.append(gold, List.of(new GoldFixture.Device("b", engines.get(1), Instant.parse("2026-10-01T00:00:00Z"))));
    GoldTurbofanTable table = new GoldTurbofanTable(GoldFixture.spark(), gold);

    Dataset<Row> v0 = table.read(0);
    assertThat(v0.columns()).containsExactly("device_id", "unit", "cycle", "event_time", "settings", "sensors");
    assertThat(v0.count()).isEqualTo(engines.get(0).length());
    assertThat(table.read(1).select(functions.countDistinct("device_id")).first().getLong(0)).isEqualTo(2);
    assertThat(table.versionAtEndOf(YearMonth.now().plusMonths(1))).isEqualTo(1);
    assertThat(GoldSchemas.TURBOFAN_HEALTH.fieldNames()).contains(v0.columns());
  }
}
