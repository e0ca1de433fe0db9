package dev.schemagate.helm.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Views into the operator Deployment's pod template. */
public record OperatorPod(Manifest deployment) {

  public static OperatorPod of(Manifests manifests) {
    return new OperatorPod(manifests.single("Deployment"));
  }

  public JsonNode spec() {
    return deployment.at("/spec/template/spec");
  }

  public JsonNode container() {
    JsonNode containers = spec().path("containers");
    if (containers.size() != 1) {
      throw new AssertionError("Expected one container but found " + containers.size());
    }
    return containers.get(0);
  }

  /** Environment variables in order; valueFrom entries map to their valueFrom node. */
  public Map<String, JsonNode> env() {
    Map<String, JsonNode> env = new LinkedHashMap<>();
    for (JsonNode var : container().path("env")) {
      env.put(
          var.path("name").asText(), var.has("value") ? var.get("value") : var.get("valueFrom"));
    }
    return env;
  }

  public List<String> envNames() {
    return new ArrayList<>(env().keySet());
  }

  /** A plain (value:) environment variable's value. */
  public Optional<String> envValue(String name) {
    JsonNode value = env().get(name);
    return value == null || !value.isValueNode() ? Optional.empty() : Optional.of(value.asText());
  }

  public Optional<JsonNode> volume(String name) {
    return named(spec().path("volumes"), name);
  }

  public Optional<JsonNode> volumeMount(String name) {
    return named(container().path("volumeMounts"), name);
  }

  public Optional<JsonNode> containerPort(String name) {
    return named(container().path("ports"), name);
  }

  private static Optional<JsonNode> named(JsonNode list, String name) {
    for (JsonNode item : list) {
      if (item.path("name").asText().equals(name)) {
        return Optional.of(item);
      }
    }
    return Optional.empty();
  }
}
