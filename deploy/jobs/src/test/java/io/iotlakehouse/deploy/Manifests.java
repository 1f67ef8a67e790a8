package io.iotlakehouse.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Kubernetes manifests under deploy/ and their JSON schemas (deploy/k8s/schemas/, one per apiVersion and kind:
 * {@code <group>-<version>-<Kind>.json}, core kinds {@code v1-<Kind>.json}).
 */
final class Manifests {
  static final Path DEPLOY = Path.of("..").toAbsolutePath().normalize();
  static final Path SCHEMAS = DEPLOY.resolve("k8s/schemas");
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

  private Manifests() {}

  /** One YAML document of a manifest file. */
  record Document(Path file, int index, JsonNode node) {
    String kind() {
      return node.path("apiVersion").asText() + " " + node.path("kind").asText();
    }

    @Override
    public String toString() {
      return DEPLOY.relativize(file) + "#" + index + " (" + kind() + ")";
    }
  }

  /** Every YAML file under deploy/ except build output. */
  static List<Path> yamlFiles() {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      return files.filter(p -> p.toString().matches(".*\\.ya?ml$"))
          .filter(p -> !DEPLOY.relativize(p).toString().contains("target")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Document> documents(Path file) {
    List<Document> out = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      int i = 0;
      for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); i++) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isEmpty()) {
          out.add(new Document(file, i, n));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
    return out;
  }

  /** The schema file for a document's apiVersion and kind. */
  static Path schemaFile(JsonNode doc) {
    String api = doc.path("apiVersion").asText().replace('/', '-');
    return SCHEMAS.resolve(api + "-" + doc.path("kind").asText() + ".json");
  }

  /** The schema violations of {@code doc}; a document without a schema is one violation. */
  static List<String> violations(JsonNode doc) {
    Path schemaFile = schemaFile(doc);
    if (!Files.isRegularFile(schemaFile)) {
      return List.of("no schema " + SCHEMAS.relativize(schemaFile) + " for " + doc.path("apiVersion") + " " + doc.path("kind"));
    }
    try {
      JsonSchema schema = FACTORY.getSchema(JSON.readTree(schemaFile.toFile()));
      return schema.validate(doc).stream().map(ValidationMessage::getMessage).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode copy(JsonNode doc) {
    return (ObjectNode) doc.deepCopy();
  }
}
