package dev.schemagate.operator.controller;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.SchemagateConstants;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.migration.LogTail;
import dev.schemagate.operator.migration.MigrationJobFactory;
import dev.schemagate.operator.migration.RunOutcome;
import dev.schemagate.operator.status.JobCreation;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes calls on one DatabaseMigration's Jobs and pods. Writes are creates, JSON merge
 * patches and deletes (no server-side apply); each write is fed back into the Job informer's cache
 * so that the next reconcile sees it even before the watch event arrives.
 */
final class MigrationJobs {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationJobs.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final KubernetesClient client;
  private final InformerEventSource<Job, DatabaseMigration> jobCache;
  private final DatabaseMigration migration;
  private final ResourceID primaryId;

  MigrationJobs(
      KubernetesClient client,
      InformerEventSource<Job, DatabaseMigration> jobCache,
      DatabaseMigration migration) {
    this.client = client;
    this.jobCache = jobCache;
    this.migration = migration;
    this.primaryId = ResourceID.fromResource(migration);
  }

  /** Creates the Job, or finds that it is there already; never a second Job for one run. */
  JobCreation create(Job job) {
    try {
      Job created = client.resource(job).create();
      jobCache.handleRecentResourceCreate(primaryId, created);
      LOG.info(
          "Created migration Job {} for image {}",
          job.getMetadata().getName(),
          job.getMetadata().getAnnotations().get(Annotations.IMAGE));
      return JobCreation.CREATED;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return existing(job.getMetadata().getName());
      }
      if (e.getCode() == 422 || e.getCode() == HttpURLConnection.HTTP_BAD_REQUEST) {
        return JobCreation.rejected(apiMessage(e));
      }
      throw e;
    }
  }

  /** The Job of that name exists: ours (use it), orphaned (adopt it) or someone else's. */
  private JobCreation existing(String name) {
    Job found = jobs().withName(name).get();
    if (found == null) {
      // Deleted in between (say, garbage-collected with a previous owner): JOSDK retries soon.
      throw new IllegalStateException(
          "Job " + name + " already existed but was deleted while this run was being created");
    }
    Optional<OwnerReference> controller =
        found.getMetadata().getOwnerReferences() == null
            ? Optional.empty()
            : found.getMetadata().getOwnerReferences().stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst();
    if (controller.isEmpty()) {
      Map<String, Object> patch =
          Map.of(
              "metadata",
              Map.of(
                  "ownerReferences", List.of(MigrationJobFactory.controllerReference(migration))));
      Job adopted = mergePatch(name, patch);
      jobCache.handleRecentResourceUpdate(primaryId, adopted, found);
      LOG.info("Adopted orphaned migration Job {}", name);
      return JobCreation.ALREADY_EXISTS;
    }
    if (migration.getMetadata().getUid().equals(controller.get().getUid())) {
      return JobCreation.ALREADY_EXISTS;
    }
    return JobCreation.nameConflict(
        "Job "
            + name
            + " exists and is controlled by "
            + controller.get().getKind()
            + " "
            + controller.get().getName()
            + "; delete it (or wait for its owner's deletion to finish) to run this migration");
  }

  /**
   * Stops a Job whose pod never started: suspending it makes the Job controller delete the pod, and
   * the annotations keep the verdict on the Job. No migration code has run in such a pod, so
   * nothing is interrupted.
   */
  void stop(RunOutcome run) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Annotations.FAILURE_REASON, run.failure().getReason());
    annotations.put(Annotations.FAILURE_MESSAGE, run.failure().getMessage());
    Map<String, Object> patch =
        Map.of("metadata", Map.of("annotations", annotations), "spec", Map.of("suspend", true));
    updateCache(run.jobName(), mergePatch(run.jobName(), patch));
    LOG.warn("Stopped migration Job {}: {}", run.jobName(), run.failure().getMessage());
  }

  /** Notes on the Job that its outcome is reported, so that it is reported once. */
  void markRecorded(RunOutcome run) {
    Map<String, Object> patch =
        Map.of(
            "metadata",
            Map.of(
                "annotations", Map.of(Annotations.RECORDED_OUTCOME, run.state().phase().name())));
    try {
      updateCache(run.jobName(), mergePatch(run.jobName(), patch));
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
    }
  }

  /** Deletes finished Jobs; their pods go with them (background propagation). */
  void delete(List<String> names) {
    for (String name : names) {
      jobs().withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      LOG.info("Deleted migration Job {} (beyond spec.historyLimit)", name);
    }
  }

  /** The bounded end of the migration container's log, when the API server still has it. */
  Optional<String> logTail(String podName) {
    try {
      String log =
          client
              .pods()
              .inNamespace(migration.getMetadata().getNamespace())
              .withName(podName)
              .inContainer(SchemagateConstants.MIGRATION_CONTAINER)
              .tailingLines(LogTail.REQUESTED_LINES)
              .getLog();
      return Optional.ofNullable(LogTail.bound(log));
    } catch (KubernetesClientException e) {
      LOG.debug("Log of pod {} not available: {}", podName, e.getMessage());
      return Optional.empty();
    }
  }

  private Job mergePatch(String name, Map<String, Object> patch) {
    return jobs()
        .resource(PatchTarget.named(new Job(), migration.getMetadata().getNamespace(), name))
        .patch(PatchContext.of(PatchType.JSON_MERGE), SERIALIZATION.asJson(patch));
  }

  private void updateCache(String name, Job updated) {
    jobCache
        .get(new ResourceID(name, migration.getMetadata().getNamespace()))
        .ifPresent(before -> jobCache.handleRecentResourceUpdate(primaryId, updated, before));
  }

  private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
    return client.batch().v1().jobs().inNamespace(migration.getMetadata().getNamespace());
  }

  private static String apiMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }
}
