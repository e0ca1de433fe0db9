package dev.schemagate.bench.operator;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationSpec;
import dev.schemagate.operator.api.SchemagateConstants;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The objects the operator benchmarks write, built as users, the admission webhook, the Job
 * controller and the kubelet would write them. Pure.
 */
final class Workload {

  private Workload() {}

  /** A pinned image unique to {@code key}: {@code registry.example.com/bench/app@sha256:<hex>}. */
  static String image(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "registry.example.com/bench/app@sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static DatabaseMigration migration(String namespace, String name, String image) {
    DatabaseMigration migration = new DatabaseMigration();
    migration.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    DatabaseMigrationSpec spec = new DatabaseMigrationSpec();
    spec.setImage(image);
    migration.setSpec(spec);
    return migration;
  }

  /**
   * A Deployment gated by the DatabaseMigration {@code name}, as the admission webhook stores a
   * write of a not yet migrated image: paused, with the hold markers.
   */
  static Deployment heldDeployment(String namespace, String name, String image) {
    return new DeploymentBuilder(deployment(namespace, name, image))
        .editMetadata()
        .addToLabels(Labels.MIGRATION, name)
        .addToAnnotations(Annotations.HELD_FOR, image)
        .addToAnnotations(Annotations.HELD_SINCE, now().toString())
        .endMetadata()
        .editSpec()
        .withPaused(true)
        .endSpec()
        .build();
  }

  /** A Deployment without the gate's label: the operator must not even cache it. */
  static Deployment ungatedDeployment(String namespace, String name, String image) {
    return deployment(namespace, name, image);
  }

  private static Deployment deployment(String namespace, String name, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .addNewPort()
        .withContainerPort(8080)
        .endPort()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The Job controller started the Job's pod. */
  static JobStatus active(Instant start) {
    return new JobStatusBuilder().withActive(1).withStartTime(start.toString()).build();
  }

  /** The Job controller saw the pod succeed: the Job is complete. */
  static JobStatus complete(Instant start, Instant end) {
    return new JobStatusBuilder()
        .withStartTime(start.toString())
        .withCompletionTime(end.toString())
        .withSucceeded(1)
        .withConditions(
            new JobConditionBuilder()
                .withType("SuccessCriteriaMet")
                .withStatus("True")
                .withLastTransitionTime(end.toString())
                .build(),
            new JobConditionBuilder()
                .withType("Complete")
                .withStatus("True")
                .withLastTransitionTime(end.toString())
                .build())
        .build();
  }

  /** The Job's pod, labelled and owned as the Job controller makes it, its container running. */
  static Pod runningPod(Job job) {
    Map<String, String> labels =
        new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
    labels.put(Labels.JOB_NAME, job.getMetadata().getName());
    labels.put(Labels.LEGACY_JOB_NAME, job.getMetadata().getName());
    return new PodBuilder()
        .withNewMetadata()
        .withName(job.getMetadata().getName() + "-run1")
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("batch/v1")
                .withKind("Job")
                .withName(job.getMetadata().getName())
                .withUid(job.getMetadata().getUid())
                .withController(true)
                .build())
        .endMetadata()
        .withSpec(job.getSpec().getTemplate().getSpec())
        .withStatus(
            new PodStatusBuilder()
                .withPhase("Running")
                .withContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName(SchemagateConstants.MIGRATION_CONTAINER)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt(now().toString())
                        .endRunning()
                        .endState()
                        .build())
                .build())
        .build();
  }

  /** The kubelet's status once the migration container exited 0. */
  static PodStatus succeededPod() {
    return new PodStatusBuilder()
        .withPhase("Succeeded")
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName(SchemagateConstants.MIGRATION_CONTAINER)
                .withNewState()
                .withNewTerminated()
                .withExitCode(0)
                .withReason("Completed")
                .withMessage("{\"status\":\"success\"}")
                .endTerminated()
                .endState()
                .build())
        .build();
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }
}
