package dev.schemagate.operator.gate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;

/**
 * One write the reconciler makes to a gated Deployment: a JSON patch (RFC 6902) whose leading
 * "test" operations fail it (HTTP 422) when the Deployment changed in a way that matters since it
 * was read, so a stale cache never releases or holds the wrong image.
 *
 * @param kind what the patch does
 * @param deployment the Deployment's name (same namespace as the DatabaseMigration)
 * @param patch the JSON patch, guards first
 * @param image the gated image the decision was about (null when the gate container is missing)
 * @param heldSince when the hold being lifted began, for {@link Kind#RELEASE}; null if unknown
 */
public record GateAction(
    Kind kind, String deployment, ArrayNode patch, String image, Instant heldSince) {

  /** What a patch does. */
  public enum Kind {
    /** The held image's migration succeeded: remove the pause and the markers in one patch. */
    RELEASE,
    /**
     * Backstop: an image without a successful migration runs unpaused and unmarked (the webhook did
     * not see the write): pause it and mark the pause as ours, after the fact.
     */
    HOLD,
    /** Already held by us: only the markers change (the held image moved, a marker was missing). */
    REMARK,
    /** The gate label was removed from a Deployment we hold: our hold goes with it. */
    RELEASE_UNGATED
  }
}
