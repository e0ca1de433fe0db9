package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reading and writing JSON trees, and the few paths into Kubernetes objects the cluster needs. */
public final class JsonTrees {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonTrees() {}

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static JsonNode parse(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  public static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(Object value) {
    return json(value).getBytes(StandardCharsets.UTF_8);
  }

  /** {@code metadata}, created when missing. */
  public static ObjectNode metadata(JsonNode object) {
    ObjectNode root = (ObjectNode) object;
    JsonNode metadata = root.get("metadata");
    if (metadata == null || !metadata.isObject()) {
      return root.putObject("metadata");
    }
    return (ObjectNode) metadata;
  }

  public static String resourceVersion(JsonNode object) {
    JsonNode version = object.path("metadata").path("resourceVersion");
    return version.isTextual() ? version.asText() : null;
  }

  /** A text field, or null when it is missing or not text. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : null;
  }
}
