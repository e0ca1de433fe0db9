package dev.schemagate.e2e.cluster.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.Optional;

/** The patch types of the Kubernetes API, by media type, applied to a whole object. Pure. */
final class Patches {

  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  static final String APPLY_PATCH = "application/apply-patch+yaml";

  private Patches() {}

  /** The object after the patch; empty for an unknown media type. */
  static Optional<JsonNode> apply(String mediaType, JsonNode patch, JsonNode current) {
    return switch (mediaType) {
      case JSON_PATCH -> Optional.of(JsonPatch.apply(patch, current));
      case MERGE_PATCH -> Optional.of(MergePatch.apply(current, patch));
      case STRATEGIC_MERGE_PATCH -> Optional.of(StrategicMergePatch.apply(current, patch));
      default -> Optional.empty();
    };
  }

  /** The media type of a Content-Type header (parameters dropped); JSON patch when absent. */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return JSON_PATCH;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
  }
}
