package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The {@code scale} subresource ({@code autoscaling/v1 Scale}) of Deployments and ReplicaSets. */
final class Scales {

  private Scales() {}

  static MockResponse get(Store store, ApiPath path) {
    return store
        .get(path.objectPath())
        .map(object -> ApiResponses.json(200, of(object)))
        .orElseGet(() -> ApiResponses.notFound(path));
  }

  static JsonNode of(JsonNode object) {
    ObjectNode scale = JsonTrees.MAPPER.createObjectNode();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    ObjectNode metadata = scale.putObject("metadata");
    for (String field :
        List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      JsonNode value = object.path("metadata").get(field);
      if (value != null) {
        metadata.set(field, value);
      }
    }
    scale.putObject("spec").put("replicas", object.path("spec").path("replicas").asInt(1));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", object.path("status").path("replicas").asInt(0));
    status.put("selector", selector(object.path("spec").path("selector")));
    return scale;
  }

  private static String selector(JsonNode selector) {
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = selector.path("matchLabels").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      parts.add(label.getKey() + "=" + label.getValue().asText());
    }
    return String.join(",", parts);
  }
}
