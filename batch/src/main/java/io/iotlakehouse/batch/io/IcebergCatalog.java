package io.iotlakehouse.batch.io;

import io.iotlakehouse.batch.IcebergKeys;
import io.iotlakehouse.common.config.Config;
import io.iotlakehouse.common.error.LakehouseException;
import io.iotlakehouse.streaming.io.Lake;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The named Iceberg catalog of the batch jobs, beside Delta's session catalog: Spark settings that declare it, and the
 * names of its tables ({@code <catalog>.<namespace>.<table>}).
 */
public record IcebergCatalog(String name, String type, String warehouse, String uri) {
  public static IcebergCatalog from(Config config) {
    String warehouse = config.get(IcebergKeys.WAREHOUSE);
    if (warehouse.isBlank()) warehouse = Lake.from(config).root() + "/iceberg";
    IcebergCatalog c = new IcebergCatalog(config.get(IcebergKeys.CATALOG), config.get(IcebergKeys.CATALOG_TYPE), warehouse,
        config.get(IcebergKeys.URI));
    if (!c.type.equals("hadoop") && c.uri.isBlank()) {
      throw new LakehouseException("Iceberg catalog type " + c.type + " without " + IcebergKeys.URI.name(),
          "a " + c.type + " catalog is a service the jobs must reach",
          "set --conf " + IcebergKeys.URI.name() + "=" + (c.type.equals("rest") ? "http://host:8181" : "thrift://host:9083")
              + ", or use " + IcebergKeys.CATALOG_TYPE.name() + "=hadoop (metadata files under the warehouse, no service)");
    }
    return c;
  }

  /**
   * Declares the catalog in a running session (catalogs are loaded on first use, so this works on any session; a
   * catalog name already used in the session keeps the settings it was first loaded with).
   */
  public void register(SparkSession spark) {
    sparkConf().forEach((k, v) -> spark.conf().set(k, v));
  }

  /** Spark settings declaring the catalog. */
  public Map<String, String> sparkConf() {
    String prefix = "spark.sql.catalog." + name;
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
    conf.put(prefix + ".type", type);
    conf.put(prefix + ".warehouse", warehouse);
    if (!uri.isBlank()) conf.put(prefix + ".uri", uri);
    return conf;
  }

  /** {@code <catalog>.<namespace>.<table>} */
  public String table(String namespace, String table) {
    return name + "." + namespace + "." + table;
  }
}
