package dev.schemagate.operator.controller;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.gate.GatePlan;
import dev.schemagate.operator.migration.RunOutcome;
import dev.schemagate.operator.migration.RunPlan;
import dev.schemagate.operator.migration.RunPlan.Situation;
import dev.schemagate.operator.migration.RunPlanner;
import dev.schemagate.operator.migration.RunState;
import dev.schemagate.operator.status.JobCreation;
import dev.schemagate.operator.status.MigrationEvent;
import dev.schemagate.operator.status.MigrationStatusAggregator;
import dev.schemagate.operator.status.RunEvents;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs each DatabaseMigration as one tracked, one-shot Job, and releases (or, as a backstop, holds)
 * the Deployments it gates. Thin on purpose: observe (informer caches), decide ({@link RunPlanner}
 * and {@link dev.schemagate.operator.gate.GatePlanner}, pure), act ({@link MigrationJobs}, {@link
 * RolloutGate}), report ({@link MigrationStatusAggregator} and {@link RunEvents}, pure; {@link
 * StatusWriter}).
 */
// Not generation-aware: the retry annotation changes metadata only, and must start a run.
@ControllerConfiguration(
    name = DatabaseMigrationReconciler.NAME,
    generationAwareEventProcessing = false)
public class DatabaseMigrationReconciler implements Reconciler<DatabaseMigration> {

  public static final String NAME = "databasemigration";

  private final Clock clock;
  private final Duration podStartTimeout;
  private final EventRecorder events;
  private final RunMetrics metrics;
  private final RolloutGate gate;

  public DatabaseMigrationReconciler(
      Clock clock,
      Duration podStartTimeout,
      EventRecorder events,
      RunMetrics metrics,
      RolloutMetrics rolloutMetrics) {
    this.clock = clock;
    this.podStartTimeout = podStartTimeout;
    this.events = events;
    this.metrics = metrics;
    this.gate = new RolloutGate(events, rolloutMetrics);
  }

  @Override
  public List<EventSource<?, DatabaseMigration>> prepareEventSources(
      EventSourceContext<DatabaseMigration> context) {
    return List.of(
        MigrationEventSources.jobs(context),
        MigrationEventSources.pods(context),
        MigrationEventSources.deployments(context));
  }

  @Override
  public UpdateControl<DatabaseMigration> reconcile(
      DatabaseMigration migration, Context<DatabaseMigration> context) {
    // Observe
    Set<Job> jobs = ownedJobs(migration, context);
    Set<Pod> pods = context.getSecondaryResources(Pod.class);
    Instant now = clock.instant();

    // Decide
    RunPlan plan = RunPlanner.plan(migration, jobs, pods, now, podStartTimeout);

    // Act
    MigrationJobs jobOps = new MigrationJobs(context.getClient(), jobCache(context), migration);
    plan.toStop().forEach(jobOps::stop);
    JobCreation creation =
        plan.jobToCreate() == null ? JobCreation.NOT_NEEDED : jobOps.create(plan.jobToCreate());
    Map<String, String> logTails = readLogTailsOfNewFailures(plan, jobOps);

    // Report
    DatabaseMigrationStatus next =
        MigrationStatusAggregator.aggregate(migration, plan, creation, logTails, now);
    List<MigrationEvent> toRecord = RunEvents.of(migration, next, plan, creation);

    // The rollout gate, judged against the succeeded images this very reconcile records: a
    // finished migration releases its Deployments without waiting for another round.
    GatePlan gatePlan = gate.plan(migration, next, context, now);
    next.setDeployments(gatePlan.deployments());

    // The status first: in a cluster our release (a resume) passes the webhook, which reads it.
    StatusWriter.writeIfChanged(migration, next, context);
    boolean gateActed = gate.act(migration, gatePlan, context, now);
    toRecord.forEach(event -> events.record(migration, event));
    gate.report(migration, gatePlan);
    plan.toRecord().forEach(metrics::finished);
    if (plan.situation() == Situation.JOB_VANISHED) {
      metrics.vanished();
    }
    // Only now that status and events carry the outcomes: mark them reported, then tidy up.
    plan.toRecord().forEach(jobOps::markRecorded);
    jobOps.delete(plan.jobsToDelete());

    // Time alone changes the verdict here: a pod that has not started by then fails the run.
    Duration recheck =
        plan.recheckAt() == null ? null : Duration.between(now, plan.recheckAt()).plusSeconds(1);
    if (!gateActed) {
      // A patch met a Deployment that changed (or a 409 that only says so): judge again soon,
      // whether or not an event comes; this reconcile's own writes bring none.
      Duration retry = RolloutGate.RETRY_REFUSED_AFTER;
      recheck = recheck == null || recheck.compareTo(retry) > 0 ? retry : recheck;
    }
    UpdateControl<DatabaseMigration> control = UpdateControl.noUpdate();
    if (recheck != null) {
      control.rescheduleAfter(recheck);
    }
    return control;
  }

  private static Set<Job> ownedJobs(
      DatabaseMigration migration, Context<DatabaseMigration> context) {
    String uid = migration.getMetadata().getUid();
    return context.getSecondaryResources(Job.class).stream()
        .filter(
            job ->
                job.getMetadata().getOwnerReferences() != null
                    && job.getMetadata().getOwnerReferences().stream()
                        .anyMatch(
                            o -> Boolean.TRUE.equals(o.getController()) && uid.equals(o.getUid())))
        .collect(Collectors.toSet());
  }

  /** The log is read once per failed run: when the failure is first recorded. */
  private static Map<String, String> readLogTailsOfNewFailures(RunPlan plan, MigrationJobs jobOps) {
    Map<String, String> tails = new HashMap<>();
    for (RunOutcome run : plan.toRecord()) {
      boolean describedByStatus =
          plan.current() != null && run.jobName().equals(plan.current().jobName());
      if (run.state() == RunState.FAILED
          && describedByStatus
          && !run.stopRequired()
          && run.podName() != null) {
        jobOps.logTail(run.podName()).ifPresent(tail -> tails.put(run.jobName(), tail));
      }
    }
    return tails;
  }

  @SuppressWarnings("unchecked")
  private static InformerEventSource<Job, DatabaseMigration> jobCache(
      Context<DatabaseMigration> context) {
    return (InformerEventSource<Job, DatabaseMigration>)
        context.eventSourceRetriever().getEventSourceFor(Job.class, MigrationEventSources.JOBS);
  }
}
