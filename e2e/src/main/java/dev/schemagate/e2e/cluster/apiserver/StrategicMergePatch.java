package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The strategic merge patch {@code kubectl apply}, {@code set image}, {@code rollout restart} and
 * {@code edit} send for built-in kinds, for the fields those kinds use. A real API server reads
 * each list's merge key from the Go types; here a table of field names stands in for them (lists of
 * containers merge by name, env by name, ports by containerPort, ...). Other lists are replaced.
 * Directives: {@code $patch} (replace, delete, merge), {@code $retainKeys}, {@code
 * $deleteFromPrimitiveList/...}; {@code $setElementOrder/...} is accepted and ignored (it only
 * orders). Pure: returns a new tree.
 */
public final class StrategicMergePatch {

  private static final String PATCH = "$patch";
  private static final String RETAIN_KEYS = "$retainKeys";
  private static final String SET_ELEMENT_ORDER = "$setElementOrder/";
  private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";

  /** Merge keys of the object lists in Deployments, pods, Jobs and metadata. */
  private static final Map<String, String> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("env", "name"),
          Map.entry("volumes", "name"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("volumeDevices", "devicePath"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("hostAliases", "ip"),
          Map.entry("conditions", "type"),
          Map.entry("ownerReferences", "uid"),
          Map.entry("topologySpreadConstraints", "topologyKey"),
          Map.entry("resourceClaims", "name"),
          Map.entry("schedulingGates", "name"));

  private StrategicMergePatch() {}

  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      throw new IllegalArgumentException("a strategic merge patch must be a JSON object");
    }
    return mergeObject(
        target != null && target.isObject()
            ? (ObjectNode) target
            : JsonTrees.MAPPER.createObjectNode(),
        (ObjectNode) patch);
  }

  private static JsonNode mergeObject(ObjectNode target, ObjectNode patch) {
    String directive = JsonTrees.text(patch, PATCH);
    if ("delete".equals(directive)) {
      return null;
    }
    if ("replace".equals(directive)) {
      ObjectNode replaced = patch.deepCopy();
      replaced.remove(PATCH);
      return withoutDirectives(replaced);
    }
    ObjectNode result = target.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.equals(PATCH) || key.equals(RETAIN_KEYS) || key.startsWith(SET_ELEMENT_ORDER)) {
        continue;
      }
      if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
        deleteFromPrimitiveList(result, key.substring(DELETE_FROM_PRIMITIVE_LIST.length()), value);
        continue;
      }
      if (value.isNull()) {
        result.remove(key);
        continue;
      }
      JsonNode merged = mergeValue(key, result.get(key), value);
      if (merged == null) {
        result.remove(key);
      } else {
        result.set(key, merged);
      }
    }
    if (patch.path(RETAIN_KEYS).isArray()) {
      Set<String> keep = new HashSet<>();
      patch.get(RETAIN_KEYS).forEach(k -> keep.add(k.asText()));
      result.retain(keep);
    }
    return result;
  }

  private static JsonNode mergeValue(String field, JsonNode current, JsonNode patch) {
    if (patch.isObject()) {
      return mergeObject(
          current != null && current.isObject()
              ? (ObjectNode) current
              : JsonTrees.MAPPER.createObjectNode(),
          (ObjectNode) patch);
    }
    if (patch.isArray()) {
      String mergeKey = mergeKey(field, (ArrayNode) patch, current);
      if (mergeKey != null && current != null && current.isArray()) {
        return mergeList((ArrayNode) current, (ArrayNode) patch, mergeKey);
      }
      return withoutDirectives(patch.deepCopy());
    }
    return patch.deepCopy();
  }

  private static String mergeKey(String field, ArrayNode patch, JsonNode current) {
    if (field.equals("ports")) {
      // Container ports merge by containerPort, Service ports by port.
      boolean container =
          anyHas(patch, "containerPort") || (current != null && anyHas(current, "containerPort"));
      return container ? "containerPort" : "port";
    }
    return MERGE_KEYS.get(field);
  }

  private static boolean anyHas(JsonNode list, String field) {
    for (JsonNode item : list) {
      if (item.has(field)) {
        return true;
      }
    }
    return false;
  }

  private static ArrayNode mergeList(ArrayNode current, ArrayNode patch, String mergeKey) {
    for (JsonNode item : patch) {
      if ("replace".equals(JsonTrees.text(item, PATCH)) && !item.has(mergeKey)) {
        ArrayNode replaced = JsonTrees.MAPPER.createArrayNode();
        patch.forEach(
            i -> {
              if (i != item) {
                replaced.add(withoutDirectives(i.deepCopy()));
              }
            });
        return replaced;
      }
    }
    ArrayNode result = current.deepCopy();
    for (JsonNode item : patch) {
      if (!item.isObject() || !item.has(mergeKey)) {
        result.add(withoutDirectives(item.deepCopy()));
        continue;
      }
      int index = indexOf(result, mergeKey, item.get(mergeKey));
      if ("delete".equals(JsonTrees.text(item, PATCH))) {
        if (index >= 0) {
          result.remove(index);
        }
      } else if (index >= 0) {
        JsonNode merged = mergeObject((ObjectNode) result.get(index), (ObjectNode) item);
        result.set(index, merged);
      } else {
        result.add(withoutDirectives(item.deepCopy()));
      }
    }
    return result;
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (value.equals(list.get(i).get(key))) {
        return i;
      }
    }
    return -1;
  }

  private static void deleteFromPrimitiveList(ObjectNode target, String field, JsonNode values) {
    JsonNode list = target.get(field);
    if (list == null || !list.isArray() || !values.isArray()) {
      return;
    }
    ArrayNode kept = JsonTrees.MAPPER.createArrayNode();
    Set<JsonNode> removed = new HashSet<>();
    values.forEach(removed::add);
    list.forEach(
        v -> {
          if (!removed.contains(v)) {
            kept.add(v);
          }
        });
    target.set(field, kept);
  }

  /** New content a patch adds must not carry directives into the stored object. */
  private static JsonNode withoutDirectives(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      object.remove(PATCH);
      object.remove(RETAIN_KEYS);
      List<String> directives = new ArrayList<>();
      object
          .fieldNames()
          .forEachRemaining(
              k -> {
                if (k.startsWith(SET_ELEMENT_ORDER) || k.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                  directives.add(k);
                }
              });
      object.remove(directives);
      object.forEach(StrategicMergePatch::withoutDirectives);
    } else if (node.isArray()) {
      node.forEach(StrategicMergePatch::withoutDirectives);
    }
    return node;
  }
}
