package dev.schemagate.operator.controller;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.DeploymentGateStatus;
import dev.schemagate.operator.api.GateSpec;
import dev.schemagate.operator.gate.GateAction;
import dev.schemagate.operator.gate.GateEvent;
import dev.schemagate.operator.gate.GatePlan;
import dev.schemagate.operator.gate.GatePlanner;
import dev.schemagate.operator.gate.GateTarget;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rollout gate's steps inside a reconcile: decide ({@link GatePlanner}, pure, after a fresh
 * read of Deployments that left the informer's selection), act (the patches, then the held-time
 * metric for each release), report (Events on the DatabaseMigration and the Deployment).
 */
final class RolloutGate {

  private final EventRecorder events;
  private final RolloutMetrics metrics;

  RolloutGate(EventRecorder events, RolloutMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  /**
   * @param next the status this reconcile is about to write: its succeeded images decide, so a
   *     migration that just finished releases its Deployments in the same reconcile
   */
  GatePlan plan(
      DatabaseMigration migration,
      DatabaseMigrationStatus next,
      Context<DatabaseMigration> context,
      Instant now) {
    String name = migration.getMetadata().getName();
    Set<Deployment> gated = context.getSecondaryResources(Deployment.class);
    List<DeploymentGateStatus> previous =
        migration.getStatus() == null ? null : migration.getStatus().getDeployments();
    GateSpec gateSpec = migration.getSpec().getGate();
    GateTarget target =
        new GateTarget(
            next.getSucceededImages(), gateSpec == null ? null : gateSpec.getContainer());
    Map<String, Optional<Deployment>> lookedUp =
        deployments(migration, context).lookUp(GatePlanner.toLookUp(name, previous, gated));
    return GatePlanner.plan(name, target, gated, previous, lookedUp, now);
  }

  /** How soon the gate is judged again after one of its patches was refused as a conflict. */
  static final Duration RETRY_REFUSED_AFTER = Duration.ofSeconds(2);

  /**
   * Applies the plan's patches; call it after the status is written (the webhook reads it).
   *
   * @return whether every patch was applied; false when one was refused because the Deployment
   *     changed meanwhile (or seemed to), and the gate must be judged again
   */
  boolean act(
      DatabaseMigration migration, GatePlan plan, Context<DatabaseMigration> context, Instant now) {
    GatedDeployments deployments = deployments(migration, context);
    boolean allApplied = true;
    for (GateAction action : plan.actions()) {
      if (!deployments.apply(action)) {
        allApplied = false;
      } else if (action.kind() == GateAction.Kind.RELEASE && action.heldSince() != null) {
        metrics.released(Duration.between(action.heldSince(), now));
      }
    }
    return allApplied;
  }

  void report(DatabaseMigration migration, GatePlan plan) {
    for (GateEvent event : plan.events()) {
      events.record(migration, event.event());
      if (event.deploymentUid() != null) {
        events.recordOnDeployment(
            migration.getMetadata().getNamespace(),
            event.deployment(),
            event.deploymentUid(),
            event.event());
      }
    }
  }

  private static GatedDeployments deployments(
      DatabaseMigration migration, Context<DatabaseMigration> context) {
    return new GatedDeployments(context.getClient(), cache(context), migration);
  }

  @SuppressWarnings("unchecked")
  private static InformerEventSource<Deployment, DatabaseMigration> cache(
      Context<DatabaseMigration> context) {
    return (InformerEventSource<Deployment, DatabaseMigration>)
        context
            .eventSourceRetriever()
            .getEventSourceFor(Deployment.class, MigrationEventSources.DEPLOYMENTS);
  }
}
