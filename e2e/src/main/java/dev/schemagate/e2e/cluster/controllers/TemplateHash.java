package dev.schemagate.e2e.cluster.controllers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.e2e.cluster.apiserver.JsonTrees;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The {@code pod-template-hash} of a Deployment's pod template, in the Deployment controller's
 * style: FNV-1a (32 bit) of the template, written with the "safe" alphabet (no vowels, no
 * look-alikes). Equal templates hash equally, so returning to an old template finds its old
 * ReplicaSet. Pure.
 */
public final class TemplateHash {

  private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private TemplateHash() {}

  static JsonNode prune(JsonNode node) {
    if (node.isObject()) {
      ObjectNode pruned = JsonTrees.MAPPER.createObjectNode();
      node.fields()
          .forEachRemaining(
              field -> {
                JsonNode value = prune(field.getValue());
                if (!isEmpty(value)) {
                  pruned.set(field.getKey(), value);
                }
              });
      return pruned;
    }
    if (node.isArray()) {
      ArrayNode pruned = JsonTrees.MAPPER.createArrayNode();
      node.forEach(item -> pruned.add(prune(item)));
      return pruned;
    }
    return node;
  }

  private static boolean isEmpty(JsonNode value) {
    return value.isNull() || (value.isContainerNode() && value.isEmpty());
  }

  public static String of(PodTemplateSpec template) {
    // As the Go types see it: a null, an empty object or list is the same as no field at all
    // (kubectl rollout undo sends "creationTimestamp": null and "resources": {}).
    String canonical = JsonTrees.json(prune(JsonTrees.parse(SERIALIZATION.asJson(template))));
    int hash = 0x811c9dc5;
    for (byte b : canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      hash ^= (b & 0xff);
      hash *= 0x01000193;
    }
    String decimal = Long.toString(Integer.toUnsignedLong(hash));
    StringBuilder out = new StringBuilder();
    for (char c : decimal.toCharArray()) {
      out.append(SAFE.charAt((c - '0') % SAFE.length()));
    }
    return out.toString();
  }
}
