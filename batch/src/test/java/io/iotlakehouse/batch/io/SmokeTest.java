package io.iotlakehouse.batch.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
  @TempDir Path dir;

  @Test
  void deltaAndIcebergInOneSession() {
    SparkSession spark = BatchSessions.local("smoke");
    new IcebergCatalog("smoke", "hadoop", dir.resolve("ice").toString(), "").register(spark);
    String delta = dir.resolve("delta").toString();
    spark.sql("CREATE TABLE delta.`" + delta + "` (k INT, v STRING) USING delta");
    spark.sql("INSERT INTO delta.`" + delta + "` VALUES (1,'a'),(2,'b')");
    spark.sql("MERGE INTO delta.`" + delta + "` t USING (SELECT 2 k, 'B' v UNION ALL SELECT 3, 'c') s ON t.k = s.k "
        + "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
    spark.sql("CREATE TABLE smoke.gold.t (k INT, v STRING) USING iceberg");
    spark.sql("INSERT INTO smoke.gold.t SELECT * FROM delta.`" + delta + "` VERSION AS OF 1");
    spark.sql("MERGE INTO smoke.gold.t t USING (SELECT * FROM delta.`" + delta + "`) s ON t.k = s.k "
        + "WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
    spark.sql("DELETE FROM smoke.gold.t WHERE k = 1");
    System.out.println(spark.sql("SELECT * FROM smoke.gold.t ORDER BY k").collectAsList());
    System.out.println(spark.sql("SELECT * FROM smoke.gold.t.snapshots").collectAsList());
    System.out.println(spark.sql("SELECT _metadata.file_path, k FROM delta.`" + delta + "`").collectAsList());
    assertThat(spark.sql("SELECT * FROM smoke.gold.t").count()).isEqualTo(2);
  }
}
