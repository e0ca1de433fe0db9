package dev.schemagate.operator.controller;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Informers on the objects a migration run consists of, and on gated Deployments. All are
 * label-selected, so the operator caches its own Jobs and pods and the gated Deployments only, and
 * all map an object to its DatabaseMigration (same namespace) through the schemagate.dev/migration
 * label (pods carry it from the Job's pod template; Deployments carry it to opt in).
 */
public final class MigrationEventSources {

  public static final String JOBS = "migration-jobs";
  public static final String PODS = "migration-pods";
  public static final String DEPLOYMENTS = "gated-deployments";

  private MigrationEventSources() {}

  public static InformerEventSource<Job, DatabaseMigration> jobs(
      EventSourceContext<DatabaseMigration> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Job.class, DatabaseMigration.class)
            .withName(JOBS)
            .withLabelSelector(Labels.MANAGED_BY_SELECTOR)
            .withSecondaryToPrimaryMapper(byMigrationLabel())
            .build(),
        context);
  }

  public static InformerEventSource<Pod, DatabaseMigration> pods(
      EventSourceContext<DatabaseMigration> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Pod.class, DatabaseMigration.class)
            .withName(PODS)
            .withLabelSelector(Labels.MANAGED_BY_SELECTOR)
            .withSecondaryToPrimaryMapper(byMigrationLabel())
            .build(),
        context);
  }

  /**
   * Deployments that opted into the rollout gate: selected by the label's existence, so the cache
   * holds gated Deployments only. Status-only updates (the Deployment controller reporting
   * progress) trigger nothing: only spec (generation), label and annotation changes matter.
   */
  public static InformerEventSource<Deployment, DatabaseMigration> deployments(
      EventSourceContext<DatabaseMigration> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(Deployment.class, DatabaseMigration.class)
            .withName(DEPLOYMENTS)
            .withLabelSelector(Labels.MIGRATION)
            .withSecondaryToPrimaryMapper(byMigrationLabel())
            .withOnUpdateFilter(MigrationEventSources::gateRelevant)
            .build(),
        context);
  }

  static boolean gateRelevant(Deployment updated, Deployment old) {
    return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(updated.getMetadata().getLabels(), old.getMetadata().getLabels())
        || !Objects.equals(
            updated.getMetadata().getAnnotations(), old.getMetadata().getAnnotations());
  }

  static <R extends HasMetadata> SecondaryToPrimaryMapper<R> byMigrationLabel() {
    return resource -> {
      Map<String, String> labels = resource.getMetadata().getLabels();
      String name = labels == null ? null : labels.get(Labels.MIGRATION);
      return name == null || name.isBlank()
          ? Set.of()
          : Set.of(new ResourceID(name, resource.getMetadata().getNamespace()));
    };
  }
}
