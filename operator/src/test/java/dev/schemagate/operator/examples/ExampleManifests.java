package dev.schemagate.operator.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every YAML document of the repository's {@code examples/}, except the migrator's SQL examples in
 * {@code examples/migrations/}.
 */
final class ExampleManifests {

  /** The examples, relative to the operator module (the tests' working directory). */
  static final Path ROOT = Path.of("..", "examples");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One YAML document of one file. */
  record Manifest(Path file, int index, JsonNode node) {

    String apiVersion() {
      return node.path("apiVersion").asText();
    }

    String kind() {
      return node.path("kind").asText();
    }

    String name() {
      return node.path("metadata").path("name").asText();
    }

    String namespace() {
      return node.path("metadata").path("namespace").asText();
    }

    boolean is(String apiVersion, String kind) {
      return apiVersion().equals(apiVersion) && kind().equals(kind);
    }

    @Override
    public String toString() {
      return ROOT.relativize(file) + (index == 0 ? "" : "#" + index) + " (" + kind() + ")";
    }
  }

  private ExampleManifests() {}

  static List<Manifest> all() {
    List<Manifest> manifests = new ArrayList<>();
    for (Path file : yamlFiles()) {
      manifests.addAll(read(file));
    }
    return manifests;
  }

  static List<Path> yamlFiles() {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.startsWith(ROOT.resolve("migrations")))
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Manifest> read(Path file) {
    List<Manifest> manifests = new ArrayList<>();
    try (MappingIterator<JsonNode> documents =
        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      int index = 0;
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          manifests.add(new Manifest(file, index++, document));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return manifests;
  }

  static Manifest parse(String yaml) {
    try {
      return new Manifest(ROOT.resolve("inline.yaml"), 0, YAML.readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
