package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents kubectl reads before anything else ({@code /api}, {@code /apis}, {@code
 * /api/v1}, {@code /apis/<group>/<version>}, {@code /version}) and a minimal OpenAPI v3 index. The
 * mock API server answers none of them usefully: its {@code /api} is an empty list and its resource
 * lists carry no verbs or short names, so {@code kubectl get dbm} could not resolve {@code dbm}.
 * Built-in kinds come from a fixed table of what the test cluster plays; custom resources from the
 * stored CRDs, so a CRD applied later shows up at once.
 */
public final class Discovery {

  static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  static final List<ResourceType> BUILT_IN =
      List.of(
          ResourceType.core("namespaces", "Namespace", false, List.of("ns"), "status"),
          ResourceType.builtIn(
              "", "v1", "pods", "Pod", true, List.of("po"), List.of("all"), "log", "status"),
          ResourceType.core("secrets", "Secret", true, List.of()),
          ResourceType.core("configmaps", "ConfigMap", true, List.of("cm")),
          ResourceType.core("events", "Event", true, List.of("ev")),
          ResourceType.builtIn(
              "", "v1", "services", "Service", true, List.of("svc"), List.of("all"), "status"),
          ResourceType.core("serviceaccounts", "ServiceAccount", true, List.of("sa")),
          ResourceType.builtIn(
              "apps",
              "v1",
              "deployments",
              "Deployment",
              true,
              List.of("deploy"),
              List.of("all"),
              "status",
              "scale"),
          ResourceType.builtIn(
              "apps",
              "v1",
              "replicasets",
              "ReplicaSet",
              true,
              List.of("rs"),
              List.of("all"),
              "status"),
          ResourceType.builtIn(
              "batch", "v1", "jobs", "Job", true, List.of(), List.of("all"), "status"),
          ResourceType.builtIn(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds"),
              List.of(),
              "status"),
          ResourceType.builtIn(
              "admissionregistration.k8s.io",
              "v1",
              "mutatingwebhookconfigurations",
              "MutatingWebhookConfiguration",
              false,
              List.of(),
              List.of()),
          ResourceType.builtIn(
              "admissionregistration.k8s.io",
              "v1",
              "validatingwebhookconfigurations",
              "ValidatingWebhookConfiguration",
              false,
              List.of(),
              List.of()),
          ResourceType.builtIn(
              "coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), List.of()));

  static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final Store store;
  private final String serverAddress;

  public Discovery(Store store, String serverAddress) {
    this.store = store;
    this.serverAddress = serverAddress;
  }

  /** The document for a GET of this path, or empty when it is not a discovery path. */
  public Optional<JsonNode> answer(ApiPath path) {
    String p = path.path();
    return switch (p) {
      case "/api" -> Optional.of(apiVersions());
      case "/apis" -> Optional.of(groupList());
      case "/version" -> Optional.of(version());
      case "/openapi/v3" -> Optional.of(OpenApiDocuments.index(groupVersions()));
      default -> other(path);
    };
  }

  private Optional<JsonNode> other(ApiPath path) {
    if (path.path().startsWith("/openapi/v3/")) {
      String gv = path.path().substring("/openapi/v3/".length());
      List<ResourceType> types =
          all().stream().filter(t -> OpenApiDocuments.gvPath(t).equals(gv)).toList();
      return types.isEmpty() ? Optional.empty() : Optional.of(OpenApiDocuments.spec(types));
    }
    if (path.group() != null && path.version() != null && path.resource() == null) {
      List<ResourceType> types =
          all().stream()
              .filter(t -> t.group().equals(path.group()) && t.version().equals(path.version()))
              .toList();
      return types.isEmpty() ? Optional.empty() : Optional.of(resourceList(path, types));
    }
    return Optional.empty();
  }

  /** Every resource served: the built-in table, then the custom resources of stored CRDs. */
  public List<ResourceType> all() {
    List<ResourceType> types = new ArrayList<>(BUILT_IN);
    types.addAll(customResources());
    return types;
  }

  private List<ResourceType> customResources() {
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode crd : store.list(CRDS)) {
      JsonNode spec = crd.path("spec");
      JsonNode names = spec.path("names");
      for (JsonNode version : spec.path("versions")) {
        if (!version.path("served").asBoolean(true)) {
          continue;
        }
        List<String> sub = new ArrayList<>();
        if (version.path("subresources").has("status")) {
          sub.add("status");
        }
        if (version.path("subresources").has("scale")) {
          sub.add("scale");
        }
        types.add(
            new ResourceType(
                spec.path("group").asText(),
                version.path("name").asText(),
                names.path("plural").asText(),
                names.path("singular").asText(names.path("kind").asText().toLowerCase()),
                names.path("kind").asText(),
                "Namespaced".equals(spec.path("scope").asText()),
                strings(names.path("shortNames")),
                strings(names.path("categories")),
                List.copyOf(sub)));
      }
    }
    return types;
  }

  /**
   * The additionalPrinterColumns of a custom resource version.
   *
   * @param defined whether the CRD defines any (otherwise kubectl shows Name and Age)
   * @param columns the column definitions as in the CRD
   */
  public record PrinterColumns(boolean defined, List<JsonNode> columns) {}

  public PrinterColumns printerColumns(String group, String version, String plural) {
    for (JsonNode crd : store.list(CRDS)) {
      JsonNode spec = crd.path("spec");
      if (!spec.path("group").asText().equals(group)
          || !spec.path("names").path("plural").asText().equals(plural)) {
        continue;
      }
      for (JsonNode v : spec.path("versions")) {
        if (v.path("name").asText().equals(version) && v.has("additionalPrinterColumns")) {
          List<JsonNode> columns = new ArrayList<>();
          v.path("additionalPrinterColumns").forEach(columns::add);
          return new PrinterColumns(true, columns);
        }
      }
    }
    return new PrinterColumns(false, List.of());
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return List.copyOf(values);
  }

  private Map<String, List<String>> groupVersions() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceType type : all()) {
      List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
      if (!versions.contains(type.version())) {
        versions.add(type.version());
      }
    }
    return groups;
  }

  private JsonNode apiVersions() {
    ObjectNode doc = JsonTrees.MAPPER.createObjectNode();
    doc.put("kind", "APIVersions");
    doc.putArray("versions").add("v1");
    doc.putArray("serverAddressByClientCIDRs")
        .addObject()
        .put("clientCIDR", "0.0.0.0/0")
        .put("serverAddress", serverAddress);
    return doc;
  }

  private JsonNode groupList() {
    ObjectNode doc = JsonTrees.MAPPER.createObjectNode();
    doc.put("kind", "APIGroupList");
    doc.put("apiVersion", "v1");
    ArrayNode groups = doc.putArray("groups");
    groupVersions()
        .forEach(
            (group, versions) -> {
              if (group.isEmpty()) {
                return;
              }
              ObjectNode entry = groups.addObject();
              entry.put("name", group);
              ArrayNode list = entry.putArray("versions");
              for (String version : versions) {
                list.addObject().put("groupVersion", group + "/" + version).put("version", version);
              }
              entry
                  .putObject("preferredVersion")
                  .put("groupVersion", group + "/" + versions.getFirst())
                  .put("version", versions.getFirst());
            });
    return doc;
  }

  private static JsonNode resourceList(ApiPath path, List<ResourceType> types) {
    ObjectNode doc = JsonTrees.MAPPER.createObjectNode();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", path.groupVersion());
    ArrayNode resources = doc.putArray("resources");
    for (ResourceType type : types) {
      ObjectNode resource = resources.addObject();
      resource.put("name", type.plural());
      resource.put("singularName", type.singular());
      resource.put("namespaced", type.namespaced());
      resource.put("kind", type.kind());
      ArrayNode verbs = resource.putArray("verbs");
      VERBS.forEach(verbs::add);
      if (!type.shortNames().isEmpty()) {
        ArrayNode shortNames = resource.putArray("shortNames");
        type.shortNames().forEach(shortNames::add);
      }
      if (!type.categories().isEmpty()) {
        ArrayNode categories = resource.putArray("categories");
        type.categories().forEach(categories::add);
      }
      for (String sub : type.subresources()) {
        ObjectNode subresource = resources.addObject();
        subresource.put("name", type.plural() + "/" + sub);
        subresource.put("singularName", "");
        subresource.put("namespaced", type.namespaced());
        subresource.put("kind", sub.equals("scale") ? "Scale" : type.kind());
        ArrayNode subVerbs = subresource.putArray("verbs");
        (sub.equals("log") ? List.of("get") : List.of("get", "patch", "update"))
            .forEach(subVerbs::add);
      }
    }
    return doc;
  }

  private static JsonNode version() {
    ObjectNode doc = JsonTrees.MAPPER.createObjectNode();
    doc.put("major", "1");
    doc.put("minor", "32");
    doc.put("gitVersion", "v1.32.0-schemagate-test-cluster");
    doc.put("gitCommit", "0000000000000000000000000000000000000000");
    doc.put("gitTreeState", "clean");
    doc.put("buildDate", "2026-01-01T00:00:00Z");
    doc.put("goVersion", "n/a");
    doc.put("compiler", "n/a");
    doc.put("platform", System.getProperty("os.name").toLowerCase() + "/java");
    return doc;
  }
}
