package dev.schemagate.e2e.cluster.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether a webhook of a MutatingWebhookConfiguration is called for a request: its rules
 * (operations, groups, versions, resources with subresources, scope), its namespaceSelector
 * (against the namespace's labels) and its objectSelector (against the new or the old object).
 * Pure.
 */
public final class WebhookRules {

  private WebhookRules() {}

  public static boolean applies(
      JsonNode webhook, AdmissionRequest request, Map<String, String> namespaceLabels) {
    boolean ruleMatches = false;
    for (JsonNode rule : webhook.path("rules")) {
      if (ruleMatches(rule, request)) {
        ruleMatches = true;
        break;
      }
    }
    if (!ruleMatches) {
      return false;
    }
    if (request.namespace() != null
        && !LabelSelectors.matches(webhook.get("namespaceSelector"), namespaceLabels)) {
      return false;
    }
    JsonNode objectSelector = webhook.get("objectSelector");
    return LabelSelectors.matches(objectSelector, labels(request.object()))
        || (request.oldObject() != null
            && LabelSelectors.matches(objectSelector, labels(request.oldObject())));
  }

  static boolean ruleMatches(JsonNode rule, AdmissionRequest request) {
    String resource =
        request.subresource() == null
            ? request.resource()
            : request.resource() + "/" + request.subresource();
    String scope = rule.path("scope").asText("*");
    boolean scopeMatches =
        scope.equals("*")
            || (scope.equals("Namespaced") == (request.namespace() != null))
            || (scope.equals("Cluster") && request.namespace() == null);
    return scopeMatches
        && contains(rule.path("operations"), request.operation())
        && contains(rule.path("apiGroups"), request.group())
        && contains(rule.path("apiVersions"), request.version())
        && resourceMatches(rule.path("resources"), request.resource(), resource);
  }

  private static boolean contains(JsonNode list, String value) {
    for (JsonNode item : list) {
      if (item.asText().equals("*") || item.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean resourceMatches(JsonNode list, String plural, String withSub) {
    for (JsonNode item : list) {
      String entry = item.asText();
      if (entry.equals("*/*") || entry.equals(withSub)) {
        return true;
      }
      // "*" means every resource but no subresource; "deployments/*" every subresource.
      if (entry.equals("*") && plural.equals(withSub)) {
        return true;
      }
      if (entry.equals(plural + "/*") && !plural.equals(withSub)) {
        return true;
      }
    }
    return false;
  }

  /** The labels of an object, or none. */
  public static Map<String, String> labels(JsonNode object) {
    Map<String, String> labels = new HashMap<>();
    if (object == null) {
      return labels;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.path("metadata").path("labels").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      labels.put(label.getKey(), label.getValue().asText());
    }
    return labels;
  }
}
