package dev.schemagate.e2e.cluster.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.e2e.cluster.admission.AdmissionReviews.Verdict;
import dev.schemagate.e2e.cluster.admission.WebhookCaller.WebhookCallException;
import dev.schemagate.e2e.cluster.apiserver.JsonTrees;
import dev.schemagate.e2e.cluster.apiserver.Store;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server's mutating admission step: every MutatingWebhookConfiguration, in name order, each
 * webhook in order, called when its rules and selectors match; the JSON patch of each answer is
 * applied before the next webhook sees the object. A webhook that cannot be called (down, TLS,
 * timeout, bad answer) fails the write when its failurePolicy is {@code Fail} (the default) and is
 * skipped when it is {@code Ignore}. Not simulated: reinvocation ({@code reinvocationPolicy}),
 * {@code matchConditions}, service references, validating webhooks.
 */
public final class MutatingAdmission {

  private static final Logger LOG = LoggerFactory.getLogger(MutatingAdmission.class);

  static final String CONFIGURATIONS =
      "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";

  /** The label the API server sets on every namespace. */
  static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  private final Store store;
  private final WebhookCaller caller;

  public MutatingAdmission(Store store, WebhookCaller caller) {
    this.store = store;
    this.caller = caller;
  }

  /** The object to store, or the refusal. */
  public Result admit(AdmissionRequest request) {
    List<JsonNode> configurations = new ArrayList<>(store.list(CONFIGURATIONS));
    if (configurations.isEmpty()) {
      return Result.admitted(request.object());
    }
    configurations.sort(Comparator.comparing(c -> c.path("metadata").path("name").asText()));
    Map<String, String> namespaceLabels = namespaceLabels(request.namespace());
    AdmissionRequest current = request;
    for (JsonNode configuration : configurations) {
      for (JsonNode webhook : configuration.path("webhooks")) {
        if (!WebhookRules.applies(webhook, current, namespaceLabels)) {
          continue;
        }
        Result result = call(webhook, current);
        if (!result.admitted()) {
          return result;
        }
        current = current.withObject(result.object());
      }
    }
    return Result.admitted(current.object());
  }

  private Result call(JsonNode webhook, AdmissionRequest request) {
    String name = webhook.path("name").asText();
    String uid = UUID.randomUUID().toString();
    Duration timeout = Duration.ofSeconds(webhook.path("timeoutSeconds").asInt(10));
    JsonNode clientConfig = webhook.path("clientConfig");
    try {
      JsonNode answer =
          caller.call(
              JsonTrees.text(clientConfig, "url"),
              JsonTrees.text(clientConfig, "caBundle"),
              JsonTrees.bytes(AdmissionReviews.request(request, uid)),
              timeout);
      Verdict verdict = AdmissionReviews.verdict(answer, uid, request.object());
      if (!verdict.allowed()) {
        return Result.refused(
            verdict.code(),
            "Forbidden",
            "admission webhook \"" + name + "\" denied the request: " + verdict.message());
      }
      return Result.admitted(verdict.object());
    } catch (WebhookCallException | IllegalArgumentException | JsonPatchException e) {
      boolean ignore = "Ignore".equals(webhook.path("failurePolicy").asText("Fail"));
      LOG.warn(
          "Calling webhook {} for {} {}/{} failed ({}): {}",
          name,
          request.operation(),
          request.namespace(),
          request.name(),
          ignore ? "ignored: failurePolicy Ignore" : "write refused: failurePolicy Fail",
          e.getMessage());
      if (ignore) {
        return Result.admitted(request.object());
      }
      return Result.refused(
          500,
          "InternalError",
          "Internal error occurred: failed calling webhook \""
              + name
              + "\": failed to call webhook: "
              + e.getMessage());
    }
  }

  private Map<String, String> namespaceLabels(String namespace) {
    if (namespace == null) {
      return Map.of();
    }
    Map<String, String> labels =
        store
            .get("/api/v1/namespaces/" + namespace)
            .map(WebhookRules::labels)
            .orElseGet(java.util.HashMap::new);
    labels.put(NAMESPACE_NAME_LABEL, namespace);
    return labels;
  }

  /**
   * Admission's outcome.
   *
   * @param admitted whether the write goes on
   * @param object the object to store (when admitted)
   * @param code HTTP status of a refusal
   * @param reason Kubernetes Status reason of a refusal
   * @param message Status message of a refusal
   */
  public record Result(boolean admitted, JsonNode object, int code, String reason, String message) {
    static Result admitted(JsonNode object) {
      return new Result(true, object, 200, null, null);
    }

    static Result refused(int code, String reason, String message) {
      return new Result(false, null, code, reason, message);
    }
  }
}
