package dev.schemagate.operator.migration;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationSpec;
import dev.schemagate.operator.api.MigratorSpec;
import dev.schemagate.operator.api.SchemagateConstants;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The desired migration Job of a DatabaseMigration: a pure function of the resource. */
public final class MigrationJobFactory {

  private MigrationJobFactory() {}

  public static Job desiredJob(DatabaseMigration migration) {
    return desiredJob(migration, RunHash.of(migration));
  }

  public static Job desiredJob(DatabaseMigration migration, RunHash hash) {
    DatabaseMigrationSpec spec = migration.getSpec();
    MigratorSpec migrator = spec.migratorOrEmpty();
    String name = migration.getMetadata().getName();
    Map<String, String> labels = ownLabels(name, hash);

    Map<String, String> podLabels = new LinkedHashMap<>();
    if (migrator.getPodLabels() != null) {
      podLabels.putAll(migrator.getPodLabels());
    }
    // Ours last: the pod informer finds migration pods by them, so a user label cannot hide one.
    podLabels.putAll(labels);

    return new JobBuilder()
        .withNewMetadata()
        .withName(MigrationJobNames.forRun(name, hash))
        .withNamespace(migration.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(
            Map.of(Annotations.IMAGE, spec.getImage(), Annotations.RUN_HASH, hash.full()))
        .withOwnerReferences(controllerReference(migration))
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(spec.backoffLimitOrDefault())
        .withActiveDeadlineSeconds(spec.activeDeadlineSecondsOrDefault())
        // No ttlSecondsAfterFinished: the operator keeps spec.historyLimit finished Jobs itself.
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(
            migrator.getPodAnnotations() == null
                ? null
                : new LinkedHashMap<>(migrator.getPodAnnotations()))
        .endMetadata()
        .withSpec(podSpec(spec, migrator))
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Labels of a migration Job and its pods. */
  public static Map<String, String> ownLabels(String migrationName, RunHash hash) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.MIGRATION, migrationName);
    labels.put(Labels.RUN_HASH, hash.shortHash());
    return labels;
  }

  public static OwnerReference controllerReference(DatabaseMigration migration) {
    return new OwnerReferenceBuilder()
        .withApiVersion(migration.getApiVersion())
        .withKind(migration.getKind())
        .withName(migration.getMetadata().getName())
        .withUid(migration.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static PodSpec podSpec(DatabaseMigrationSpec spec, MigratorSpec migrator) {
    return new PodSpecBuilder()
        // A failed migration must not be restarted in place: the Job's backoffLimit decides.
        .withRestartPolicy("Never")
        .withServiceAccountName(migrator.getServiceAccountName())
        .withSecurityContext(migrator.getPodSecurityContext())
        .withNodeSelector(migrator.getNodeSelector())
        .withTolerations(migrator.getTolerations())
        .withImagePullSecrets(migrator.getImagePullSecrets())
        .withContainers(container(spec, migrator))
        .build();
  }

  private static Container container(DatabaseMigrationSpec spec, MigratorSpec migrator) {
    String image = migrator.getImage() != null ? migrator.getImage() : spec.getImage();
    return new ContainerBuilder()
        .withName(SchemagateConstants.MIGRATION_CONTAINER)
        .withImage(image)
        .withCommand(migrator.getCommand())
        .withArgs(migrator.getArgs())
        .withEnv(env(spec, migrator))
        .withEnvFrom(migrator.getEnvFrom())
        .withResources(migrator.getResources())
        .withSecurityContext(migrator.getSecurityContext())
        // The migrator writes its JSON result to the termination log; when it crashed before
        // that, the end of its log is the next best explanation.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .build();
  }

  private static List<EnvVar> env(DatabaseMigrationSpec spec, MigratorSpec migrator) {
    List<EnvVar> env = new ArrayList<>();
    if (migrator.getEnv() != null) {
      migrator.getEnv().stream()
          .filter(e -> !SchemagateConstants.IMAGE_ENV_VAR.equals(e.getName()))
          .forEach(env::add);
    }
    // Tells the migrator which application version it prepares the database for.
    env.add(
        new EnvVarBuilder()
            .withName(SchemagateConstants.IMAGE_ENV_VAR)
            .withValue(spec.getImage())
            .build());
    return env;
  }
}
