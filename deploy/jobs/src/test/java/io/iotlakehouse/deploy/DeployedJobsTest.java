package io.iotlakehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every job class a recipe under deploy/ names (spark-submit scripts, SparkApplications, CronJobs, Dockerfiles) exists
 * and has a {@code public static void main(String[])}, so a rename in the code breaks this test, not a deployment.
 */
class DeployedJobsTest {
  /** A fully qualified platform class name: lower-case packages, then a capitalised class. */
  static final Pattern CLASS = Pattern.compile("io\\.iotlakehouse(?:\\.[a-z][a-z0-9]*)+\\.[A-Z][A-Za-z0-9]*");

  @Test
  void everyJobNamedInDeployIsAClassWithAMain() throws IOException {
    Map<String, String> named = new TreeMap<>(); // class -> first file naming it
    try (Stream<Path> files = Files.walk(Manifests.DEPLOY)) {
      for (Path f : files.filter(Files::isRegularFile)
          .filter(p -> !Manifests.DEPLOY.relativize(p).toString().contains("target"))
          .filter(p -> p.toString().matches(".*(\\.sh|\\.ya?ml|Dockerfile|\\.conf|\\.properties)$")).toList()) {
        Matcher m = CLASS.matcher(Files.readString(f));
        while (m.find()) {
          named.putIfAbsent(m.group(), Manifests.DEPLOY.relativize(f).toString());
        }
      }
    }
    assertThat(named.keySet()).as("job classes named under deploy/").contains(
        "io.iotlakehouse.streaming.job.BronzeJob", "io.iotlakehouse.streaming.job.SilverJob",
        "io.iotlakehouse.streaming.job.GoldJob", "io.iotlakehouse.streaming.job.HotPathJob",
        "io.iotlakehouse.training.retrain.RetrainJob", "io.iotlakehouse.batch.job.CompactJob",
        "io.iotlakehouse.batch.job.VacuumJob", "io.iotlakehouse.batch.job.TierJob", "io.iotlakehouse.batch.job.IcebergSyncJob",
        "io.iotlakehouse.batch.job.BackfillJob", "io.iotlakehouse.batch.job.FleetReportJob");
    named.forEach((name, file) -> assertThat(hasMain(name)).as("%s (named in %s) is a class with a public static main", name, file).isTrue());
  }

  static boolean hasMain(String className) {
    try {
      Method main = Class.forName(className, false, DeployedJobsTest.class.getClassLoader()).getMethod("main", String[].class);
      return Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class;
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      return false;
    }
  }
}
