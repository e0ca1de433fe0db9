package dev.schemagate.operator.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.migration.KubeTime;
import java.time.Instant;

/**
 * Turns a {@link GateDecision} into the RFC 6902 JSON patch for a Deployment: used by the webhook
 * for the incoming object and by the reconciler (release, backstop hold) for the stored one.
 *
 * <p>It reads the object exactly as the API server sent it (JSON), not a model class: a model turns
 * an absent {@code metadata.annotations} into an empty map, and a patch built from that would
 * address a parent that does not exist, which makes the API server reject the whole write. The
 * patch holds only operations that change something, so a reinvoked webhook (or a write that is
 * already held) yields an empty patch, and it never removes an absent path.
 */
public final class GatePatch {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String HELD_FOR = Annotations.HELD_FOR;
  private static final String HELD_SINCE = Annotations.HELD_SINCE;

  private GatePatch() {}

  /**
   * @param incoming the Deployment as sent in {@code request.object}
   * @param now when a new hold begins (the value of {@code schemagate.dev/held-since})
   * @return the patch operations; an empty array when the write passes as it is
   */
  public static ArrayNode of(GateDecision decision, JsonNode incoming, Instant now) {
    ArrayNode ops = JSON.arrayNode();
    switch (decision) {
      case GateDecision.Hold hold -> hold(ops, incoming, hold.heldFor(), now);
      case GateDecision.Release ignored -> release(ops, incoming);
      case GateDecision.Untouched ignored -> {}
    }
    return ops;
  }

  private static void hold(ArrayNode ops, JsonNode incoming, String heldFor, Instant now) {
    JsonNode spec = incoming.path("spec");
    if (!spec.isObject()) {
      ops.add(add("/spec", JSON.objectNode().put("paused", true)));
    } else if (!spec.path("paused").asBoolean(false)) {
      ops.add(add("/spec/paused", JSON.booleanNode(true)));
    }
    JsonNode metadata = incoming.path("metadata");
    JsonNode annotations = metadata.path("annotations");
    if (!metadata.isObject()) {
      ObjectNode created = JSON.objectNode();
      created.set("annotations", markers(heldFor, now));
      ops.add(add("/metadata", created));
    } else if (!annotations.isObject()) {
      ops.add(add("/metadata/annotations", markers(heldFor, now)));
    } else {
      if (!heldFor.equals(annotations.path(HELD_FOR).asText(null))) {
        // "add" on an existing member replaces it, so one op covers both cases.
        ops.add(add(pointer(HELD_FOR), JSON.textNode(heldFor)));
      }
      // A hold that moves to another image is still the same hold: its start stays.
      if (!annotations.has(HELD_SINCE)) {
        ops.add(add(pointer(HELD_SINCE), JSON.textNode(KubeTime.format(now))));
      }
    }
  }

  private static void release(ArrayNode ops, JsonNode incoming) {
    if (incoming.path("spec").has("paused")) {
      ops.add(remove("/spec/paused"));
    }
    JsonNode annotations = incoming.path("metadata").path("annotations");
    for (String marker : new String[] {HELD_FOR, HELD_SINCE}) {
      if (annotations.has(marker)) {
        ops.add(remove(pointer(marker)));
      }
    }
  }

  private static ObjectNode markers(String heldFor, Instant now) {
    return JSON.objectNode().put(HELD_FOR, heldFor).put(HELD_SINCE, KubeTime.format(now));
  }

  /** The JSON pointer of an annotation. */
  public static String pointer(String annotation) {
    return "/metadata/annotations/" + escape(annotation);
  }

  /** Escapes one JSON-pointer reference token (RFC 6901): {@code ~} first, then {@code /}. */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static ObjectNode add(String path, JsonNode value) {
    ObjectNode op = JSON.objectNode().put("op", "add").put("path", path);
    op.set("value", value);
    return op;
  }

  private static ObjectNode remove(String path) {
    return JSON.objectNode().put("op", "remove").put("path", path);
  }
}
