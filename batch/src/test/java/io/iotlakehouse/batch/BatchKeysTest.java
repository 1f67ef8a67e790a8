package io.iotlakehouse.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotlakehouse.batch.io.IcebergCatalog;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BatchKeysTest {
  @Test
  void defaultsAreValidAndEveryKeyIsDocumented() {
    Config c = Config.defaults(BatchKeys.jobKeys());
    assertThat(BatchKeys.keys()).allSatisfy(k -> {
      assertThat(k.name()).startsWith("batch.");
      assertThat(k.doc()).isNotBlank();
      c.get(k);
    });
    assertThat(LakeTables.parse(c.get(MaintenanceKeys.VACUUM_TABLES))).hasSize(LakeTables.all().size());
    assertThat(LakeTables.parse(c.get(MaintenanceKeys.COMPACTION_TABLES)))
        .allMatch(LakeTables.LakeTable::compactableWhileStreaming);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "batch.compaction.tables=silver/telemetry,gold/nope | a comma-separated list of lake tables",
      "batch.backfill.from=2026-13-01 | empty or a date yyyy-mm-dd",
      "batch.report.month=2026-1 | empty or a month yyyy-mm",
      "batch.iceberg.catalog=spark_catalog | other than spark_catalog",
      "batch.iceberg.catalog-type=glue | one of hadoop, rest, hive",
      "batch.vacuum.retention=0d | a positive duration",
      "batch.maintenance.max-attempts=0 | between 1 and 100"})
  void badValuesFailWithWhatIsExpected(String setting, String expected) {
    assertThatThrownBy(() -> Config.load(BatchKeys.jobKeys(), null, List.of(setting)))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining(setting.substring(0, setting.indexOf('=')))
        .hasMessageContaining(expected);
  }

  @Test
  void icebergCatalogDefaultsToAHadoopCatalogInTheLake() {
    Config c = Config.load(BatchKeys.jobKeys(), null, List.of("lake.root=/data/lake"));
    IcebergCatalog cat = IcebergCatalog.from(c);
    assertThat(cat.sparkConf()).containsEntry("spark.sql.catalog.lakehouse", "org.apache.iceberg.spark.SparkCatalog")
        .containsEntry("spark.sql.catalog.lakehouse.type", "hadoop")
        .containsEntry("spark.sql.catalog.lakehouse.warehouse", "/data/lake/iceberg")
        .doesNotContainKey("spark.sql.catalog.lakehouse.uri");
    assertThat(cat.table("gold", "fleet_kpis_hourly")).isEqualTo("lakehouse.gold.fleet_kpis_hourly");
    IcebergCatalog rest = IcebergCatalog.from(Config.load(BatchKeys.jobKeys(), null,
        List.of("batch.iceberg.catalog-type=rest", "batch.iceberg.uri=http://catalog:8181")));
    assertThat(rest.sparkConf()).containsEntry("spark.sql.catalog.lakehouse.uri", "http://catalog:8181");
    assertThatThrownBy(() -> IcebergCatalog.from(Config.load(BatchKeys.jobKeys(), null, List.of("batch.iceberg.catalog-type=hive"))))
        .isInstanceOf(LakehouseException.class)
        .hasMessageContaining("Iceberg catalog type hive without batch.iceberg.uri")
        .hasMessageContaining("thrift://host:9083");
  }
}
