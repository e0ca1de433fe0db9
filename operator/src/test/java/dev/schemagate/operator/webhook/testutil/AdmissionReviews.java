package dev.schemagate.operator.webhook.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Builds AdmissionReview request JSON the way the API server sends it, and reads the webhook's
 * answer back, applying its JSON patch with a real RFC 6902 implementation (zjsonpatch, strict:
 * adding under a missing parent or removing a missing path fails, as in the API server).
 */
public final class AdmissionReviews {

  public static final ObjectMapper JSON = new ObjectMapper();
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private AdmissionReviews() {}

  public static byte[] create(Deployment object) {
    return review("CREATE", object, null, false);
  }

  public static byte[] update(Deployment object, Deployment old) {
    return review("UPDATE", object, old, false);
  }

  public static byte[] review(String operation, Deployment object, Deployment old, boolean dryRun) {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    request.putObject("kind").put("group", "apps").put("version", "v1").put("kind", "Deployment");
    request
        .putObject("resource")
        .put("group", "apps")
        .put("version", "v1")
        .put("resource", "deployments");
    request.put("name", object.getMetadata().getName());
    request.put("namespace", object.getMetadata().getNamespace());
    request.put("operation", operation);
    request.putObject("userInfo").put("username", "kubernetes-admin");
    request.set("object", tree(object));
    if (old != null) {
      request.set("oldObject", tree(old));
    }
    request.put("dryRun", dryRun);
    return bytes(review);
  }

  public static JsonNode tree(Object object) {
    try {
      return JSON.readTree(SERIALIZATION.asJson(object));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(JsonNode node) {
    return node.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static String uid(byte[] request) {
    return parse(request).path("request").path("uid").asText();
  }

  /** The decoded JSON patch of a response, or null when there is none. */
  public static JsonNode patch(JsonNode responseReview) {
    JsonNode patch = responseReview.path("response").path("patch");
    if (patch.isMissingNode() || patch.isNull()) {
      return null;
    }
    return parse(Base64.getDecoder().decode(patch.asText()));
  }

  /** The object after the response's patch, as the API server would store it. */
  public static Deployment patched(Deployment incoming, JsonNode responseReview) {
    JsonNode patch = patch(responseReview);
    JsonNode source = tree(incoming);
    JsonNode result = patch == null ? source : JsonPatch.apply(patch, source);
    return SERIALIZATION.convertValue(result, Deployment.class);
  }
}
