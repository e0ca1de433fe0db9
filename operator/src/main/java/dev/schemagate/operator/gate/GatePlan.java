package dev.schemagate.operator.gate;

import dev.schemagate.operator.api.DeploymentGateStatus;
import java.util.List;

/**
 * What the reconciler does about one DatabaseMigration's gated Deployments.
 *
 * @param deployments {@code status.deployments} after the actions: sorted by name, null when none
 * @param actions the patches to apply, after the status (with the succeeded images they rely on) is
 *     written
 * @param events RolloutHeld / RolloutReleased, one per change of a Deployment's state
 */
public record GatePlan(
    List<DeploymentGateStatus> deployments, List<GateAction> actions, List<GateEvent> events) {}
