package dev.schemagate.e2e.cluster.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.e2e.cluster.apiserver.JsonTrees;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Base64;

/**
 * AdmissionReview requests as the API server sends them ({@code admission.k8s.io/v1}) and what it
 * does with the answer: a refusal, or the object with the returned JSON patch applied. Pure.
 */
public final class AdmissionReviews {

  /** The user the test cluster's API server reports for every request. */
  static final String USER = "schemagate-test-cluster-admin";

  private AdmissionReviews() {}

  public static ObjectNode request(AdmissionRequest request, String uid) {
    ObjectNode review = JsonTrees.MAPPER.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode body = review.putObject("request");
    body.put("uid", uid);
    String apiVersion = request.object().path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    body.putObject("kind")
        .put("group", slash < 0 ? "" : apiVersion.substring(0, slash))
        .put("version", slash < 0 ? apiVersion : apiVersion.substring(slash + 1))
        .put("kind", request.object().path("kind").asText());
    body.putObject("resource")
        .put("group", request.group())
        .put("version", request.version())
        .put("resource", request.resource());
    if (request.subresource() != null) {
      body.put("subResource", request.subresource());
    }
    body.set("requestKind", body.get("kind"));
    body.set("requestResource", body.get("resource"));
    body.put("name", request.name());
    if (request.namespace() != null) {
      body.put("namespace", request.namespace());
    }
    body.put("operation", request.operation());
    body.putObject("userInfo").put("username", USER).putArray("groups").add("system:masters");
    body.set("object", request.object());
    body.set("oldObject", request.oldObject());
    body.put("dryRun", request.dryRun());
    body.putObject("options")
        .put("apiVersion", "meta.k8s.io/v1")
        .put("kind", request.operation().equals("CREATE") ? "CreateOptions" : "UpdateOptions");
    return review;
  }

  /**
   * What the webhook answered for the request with this uid.
   *
   * @throws IllegalArgumentException when the answer is not a valid AdmissionReview response
   */
  public static Verdict verdict(JsonNode response, String uid, JsonNode object) {
    JsonNode body = response.path("response");
    if (!body.isObject()) {
      throw new IllegalArgumentException("the webhook response has no \"response\"");
    }
    if (!uid.equals(body.path("uid").asText())) {
      throw new IllegalArgumentException(
          "expected response.uid=\"" + uid + "\", got \"" + body.path("uid").asText() + "\"");
    }
    if (!body.path("allowed").asBoolean(false)) {
      JsonNode status = body.path("status");
      int code = status.path("code").asInt(403);
      String message = status.path("message").asText("");
      return Verdict.denied(code, message);
    }
    JsonNode patch = body.get("patch");
    if (patch == null || patch.isNull()) {
      return Verdict.allowed(object);
    }
    String type = body.path("patchType").asText("");
    if (!type.equals("JSONPatch")) {
      throw new IllegalArgumentException("unsupported patchType \"" + type + "\"");
    }
    JsonNode operations = JsonTrees.parse(Base64.getDecoder().decode(patch.asText()));
    return Verdict.allowed(JsonPatch.apply(operations, object));
  }

  /**
   * The webhook's decision.
   *
   * @param allowed whether the write may go on
   * @param object the object after the webhook's patch (when allowed)
   * @param code HTTP code of a refusal
   * @param message the webhook's message of a refusal
   */
  public record Verdict(boolean allowed, JsonNode object, int code, String message) {
    static Verdict allowed(JsonNode object) {
      return new Verdict(true, object, 200, null);
    }

    static Verdict denied(int code, String message) {
      return new Verdict(false, null, code, message);
    }
  }
}
