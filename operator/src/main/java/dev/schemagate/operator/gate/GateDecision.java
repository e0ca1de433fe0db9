package dev.schemagate.operator.gate;

/**
 * What the webhook does with one Deployment write. Turned into a JSON patch by {@link GatePatch}.
 *
 * <p>Every decision carries a machine-readable {@code reason} (one of {@link
 * dev.schemagate.operator.api.SchemagateConstants.GateReasons}) and a human {@code message} (null
 * when there is nothing to tell the user).
 */
public sealed interface GateDecision {

  String reason();

  String message();

  /** Pass the write as it is. */
  record Untouched(String reason, String message) implements GateDecision {}

  /**
   * Pause the Deployment and mark the pause as Schemagate's.
   *
   * @param heldFor the value of the held-for marker: the gated image (or a missing-container note)
   */
  record Hold(String reason, String heldFor, String message) implements GateDecision {}

  /** Remove Schemagate's own pause and marker (a user's pause is never released). */
  record Release(String reason, String message) implements GateDecision {}
}
