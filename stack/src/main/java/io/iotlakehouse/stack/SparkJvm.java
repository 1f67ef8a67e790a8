package io.iotlakehouse.stack;

import java.util.ArrayList;
import java.util.List;

/** JVM options every JVM that runs Spark 3.5 on Java 17 needs (the list spark-launcher uses). */
public final class SparkJvm {
  private SparkJvm() {}

  private static final String[] OPENS = {
    "java.base/java.lang", "java.base/java.lang.invoke", "java.base/java.lang.reflect", "java.base/java.io",
    "java.base/java.net", "java.base/java.nio", "java.base/java.util", "java.base/java.util.concurrent",
    "java.base/java.util.concurrent.atomic", "java.base/jdk.internal.ref", "java.base/sun.nio.ch",
    "java.base/sun.nio.cs", "java.base/sun.security.action", "java.base/sun.util.calendar",
    "java.security.jgss/sun.security.krb5"
  };

  public static List<String> options() {
    List<String> o = new ArrayList<>();
    o.add("-XX:+IgnoreUnrecognizedVMOptions");
    for (String p : OPENS) o.add("--add-opens=" + p + "=ALL-UNNAMED");
    o.add("-Djdk.reflect.useDirectMethodHandle=false");
    return o;
  }
}
