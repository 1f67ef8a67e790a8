package io.iotlakehouse.registry.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Loads the MLflow 2.7.1 recordings shipped in this module's resources, in global {@code step} order. */
public final class Recordings {
  public static final String RESOURCE_FOLDER = "contracts/mlflow-2.7.1/";
  public static final List<String> FILES = List.of("server.jsonl", "experiments.jsonl", "runs.jsonl",
      "artifacts.jsonl", "registry.jsonl", "errors.jsonl");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Recordings() {
  }

  public static List<Exchange> mlflow271() {
    List<Exchange> exchanges = new ArrayList<>();
    for (String file : FILES) {
      String resource = RESOURCE_FOLDER + file;
      try (InputStream in = Recordings.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("The contract recording " + resource + " is not on the classpath. It "
              + "ships in the model-registry jar; rebuild the module or add the jar to the classpath.");
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
          if (!line.isBlank()) {
            exchanges.add(Exchange.fromJson(MAPPER.readTree(line)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the contract recording " + resource + ": " + e.getMessage(), e);
      }
    }
    exchanges.sort(Comparator.comparingInt(Exchange::step));
    return exchanges;
  }
}
