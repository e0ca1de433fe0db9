package dev.schemagate.operator.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One JSON text per value, whatever the order of map entries or object fields and whether an empty
 * list is written or left out, so that a hash of it changes only when the content does.
 */
public final class CanonicalJson {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private CanonicalJson() {}

  public static String of(Object value) {
    JsonNode tree = SERIALIZATION.convertValue(value, JsonNode.class);
    JsonNode canonical = canonicalize(tree);
    return canonical == null ? "null" : canonical.toString();
  }

  /** Sorted object keys; nulls, empty objects and empty arrays dropped; array order kept. */
  static JsonNode canonicalize(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode sorted = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        JsonNode child = canonicalize(node.get(name));
        if (child != null) {
          sorted.set(name, child);
        }
      }
      return sorted.isEmpty() ? null : sorted;
    }
    if (node.isArray()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      for (JsonNode element : node) {
        JsonNode child = canonicalize(element);
        array.add(child == null ? JsonNodeFactory.instance.nullNode() : child);
      }
      return array.isEmpty() ? null : array;
    }
    return node;
  }
}
