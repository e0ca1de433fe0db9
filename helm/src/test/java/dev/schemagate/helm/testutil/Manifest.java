package dev.schemagate.helm.testutil;

import com.fasterxml.jackson.databind.JsonNode;

/** One rendered object: the parsed tree and the YAML text it came from. */
public record Manifest(JsonNode node, String source) {

  public String kind() {
    return node.path("kind").asText();
  }

  public String name() {
    return node.path("metadata").path("name").asText();
  }

  /** The namespace, or "" for cluster-scoped objects. */
  public String namespace() {
    return node.path("metadata").path("namespace").asText();
  }

  /** The node at a JSON pointer such as {@code /spec/template/spec}; missing nodes are empty. */
  public JsonNode at(String pointer) {
    return node.at(pointer);
  }

  @Override
  public String toString() {
    return kind() + " " + (namespace().isEmpty() ? "" : namespace() + "/") + name();
  }
}
