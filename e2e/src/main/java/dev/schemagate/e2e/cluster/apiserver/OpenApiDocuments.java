package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Just enough OpenAPI v3 for kubectl's writes: kubectl asks it whether the server supports
 * server-side field validation (the {@code fieldValidation} query parameter of each kind's PATCH
 * operation) before {@code apply} or {@code create}; without an answer it insists on downloading
 * the whole OpenAPI v2 schema to validate on the client, and fails. No schemas are published, so
 * kubectl falls back to its compiled-in types for strategic merge patches of built-in kinds.
 */
final class OpenApiDocuments {

  private OpenApiDocuments() {}

  /** {@code api/v1} or {@code apis/apps/v1}: the key of a group version in the index. */
  static String gvPath(ResourceType type) {
    return type.group().isEmpty()
        ? "api/" + type.version()
        : "apis/" + type.group() + "/" + type.version();
  }

  static JsonNode index(Map<String, List<String>> groupVersions) {
    ObjectNode doc = JsonTrees.MAPPER.createObjectNode();
    ObjectNode paths = doc.putObject("paths");
    groupVersions.forEach(
        (group, versions) -> {
          for (String version : versions) {
            String key = group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
            paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key);
          }
        });
    return doc;
  }

  static JsonNode spec(List<ResourceType> types) {
    ObjectNode doc = JsonTrees.MAPPER.createObjectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Schemagate test cluster").put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    for (ResourceType type : types) {
      String base = "/" + gvPath(type) + (type.namespaced() ? "/namespaces/{namespace}/" : "/");
      ObjectNode patch = paths.putObject(base + type.plural() + "/{name}").putObject("patch");
      patch
          .putObject("x-kubernetes-group-version-kind")
          .put("group", type.group())
          .put("version", type.version())
          .put("kind", type.kind());
      patch
          .putArray("parameters")
          .addObject()
          .put("name", "fieldValidation")
          .put("in", "query")
          .putObject("schema")
          .put("type", "string");
    }
    doc.putObject("components").putObject("schemas");
    return doc;
  }
}
