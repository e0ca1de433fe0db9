package dev.schemagate.helm.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One RBAC rule of a rendered Role or ClusterRole, with the object that holds it. */
public record GrantedRule(
    Manifest role,
    List<String> apiGroups,
    List<String> resources,
    List<String> resourceNames,
    List<String> verbs,
    List<String> nonResourceURLs) {

  /** Every rule of every Role and ClusterRole. */
  public static List<GrantedRule> allIn(Manifests manifests) {
    List<GrantedRule> rules = new ArrayList<>();
    for (Manifest role : manifests.all()) {
      if (!role.kind().equals("Role") && !role.kind().equals("ClusterRole")) {
        continue;
      }
      for (JsonNode rule : role.at("/rules")) {
        rules.add(
            new GrantedRule(
                role,
                strings(rule.path("apiGroups")),
                strings(rule.path("resources")),
                strings(rule.path("resourceNames")),
                strings(rule.path("verbs")),
                strings(rule.path("nonResourceURLs"))));
      }
    }
    return rules;
  }

  public boolean covers(String apiGroup, String resource) {
    return apiGroups.contains(apiGroup) && resources.contains(resource);
  }

  public boolean clusterWide() {
    return role.kind().equals("ClusterRole");
  }

  @Override
  public String toString() {
    return role
        + " "
        + apiGroups
        + " "
        + resources
        + (resourceNames.isEmpty() ? "" : " names=" + resourceNames)
        + " "
        + verbs;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
