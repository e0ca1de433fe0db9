package dev.schemagate.operator.migration;

import static dev.schemagate.operator.testutil.Fixtures.image;
import static dev.schemagate.operator.testutil.Fixtures.migration;
import static dev.schemagate.operator.testutil.Fixtures.withMigrator;
import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.MigratorSpec;
import dev.schemagate.operator.api.SchemagateConstants;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationJobFactoryTest {

  private final DatabaseMigration migration = migration("orders", image("orders", 'a'));

  @Test
  void jobRunsOnceWithTheSpecsLimits() {
    migration.getSpec().setBackoffLimit(2);
    migration.getSpec().setActiveDeadlineSeconds(600L);
    Job job = MigrationJobFactory.desiredJob(migration);

    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(2);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(600L);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isNull();
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void defaultsApplyWhenTheApiServerDidNot() {
    Job job = MigrationJobFactory.desiredJob(migration);
    assertThat(job.getSpec().getBackoffLimit()).isZero();
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
  }

  @Test
  void nameLabelsAnnotationsAndOwnerIdentifyTheRun() {
    RunHash hash = RunHash.of(migration);
    Job job = MigrationJobFactory.desiredJob(migration, hash);

    assertThat(job.getMetadata().getName()).isEqualTo("orders-" + hash.shortHash());
    assertThat(job.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(job.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "schemagate")
        .containsEntry("schemagate.dev/migration", "orders")
        .containsEntry("schemagate.dev/run-hash", hash.shortHash());
    assertThat(job.getMetadata().getAnnotations())
        .containsEntry("schemagate.dev/image", image("orders", 'a'))
        .containsEntry("schemagate.dev/run-hash", hash.full());
    OwnerReference owner = job.getMetadata().getOwnerReferences().getFirst();
    assertThat(job.getMetadata().getOwnerReferences()).hasSize(1);
    assertThat(owner.getController()).isTrue();
    assertThat(owner.getBlockOwnerDeletion()).isTrue();
    assertThat(owner.getKind()).isEqualTo("DatabaseMigration");
    assertThat(owner.getApiVersion()).isEqualTo("schemagate.dev/v1alpha1");
    assertThat(owner.getName()).isEqualTo("orders");
    assertThat(owner.getUid()).isEqualTo(migration.getMetadata().getUid());
  }

  @Test
  void longMigrationNamesGiveJobNamesOfAtMostSixtyThreeCharacters() {
    DatabaseMigration longName = migration("x".repeat(63), image("orders", 'a'));
    Job job = MigrationJobFactory.desiredJob(longName);
    assertThat(job.getMetadata().getName()).hasSizeLessThanOrEqualTo(63);
    assertThat(job.getMetadata().getLabels())
        .containsEntry("schemagate.dev/migration", "x".repeat(63));
  }

  @Test
  void containerRunsTheApplicationImageByDefault() {
    Container container = container(MigrationJobFactory.desiredJob(migration));
    assertThat(container.getName()).isEqualTo("migrate");
    assertThat(container.getImage()).isEqualTo(image("orders", 'a'));
    assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(container.getCommand()).isNullOrEmpty();
    assertThat(container.getEnv())
        .containsExactly(
            new EnvVarBuilder()
                .withName("SCHEMAGATE_IMAGE")
                .withValue(image("orders", 'a'))
                .build());
  }

  @Test
  void everyMigratorFieldIsPassedThrough() {
    EnvVar password =
        new EnvVarBuilder()
            .withName("PGPASSWORD")
            .withNewValueFrom()
            .withNewSecretKeyRef("password", "db", false)
            .endValueFrom()
            .build();
    EnvFromSource envFrom =
        new EnvFromSourceBuilder().withNewSecretRef().withName("db").endSecretRef().build();
    ResourceRequirements resources =
        new ResourceRequirementsBuilder()
            .withLimits(Map.of("memory", new Quantity("256Mi")))
            .build();
    PodSecurityContext podSecurity = new PodSecurityContextBuilder().withRunAsNonRoot(true).build();
    SecurityContext security =
        new SecurityContextBuilder().withReadOnlyRootFilesystem(true).build();
    Toleration toleration =
        new TolerationBuilder().withKey("dedicated").withOperator("Exists").build();
    MigratorSpec migrator = new MigratorSpec();
    migrator.setImage(image("migrator", 'c'));
    migrator.setCommand(List.of("java", "-jar", "/app/migrator.jar"));
    migrator.setArgs(List.of("migrate", "--dir", "/migrations"));
    migrator.setEnv(List.of(password));
    migrator.setEnvFrom(List.of(envFrom));
    migrator.setResources(resources);
    migrator.setServiceAccountName("migrator");
    migrator.setPodSecurityContext(podSecurity);
    migrator.setSecurityContext(security);
    migrator.setNodeSelector(Map.of("pool", "batch"));
    migrator.setTolerations(List.of(toleration));
    migrator.setImagePullSecrets(List.of(new LocalObjectReference("registry")));
    migrator.setPodLabels(Map.of("team", "shop", "schemagate.dev/migration", "spoofed"));
    migrator.setPodAnnotations(Map.of("sidecar.istio.io/inject", "false"));

    Job job = MigrationJobFactory.desiredJob(withMigrator(migration, migrator));
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = container(job);

    assertThat(container.getImage()).isEqualTo(image("migrator", 'c'));
    assertThat(container.getCommand()).containsExactly("java", "-jar", "/app/migrator.jar");
    assertThat(container.getArgs()).containsExactly("migrate", "--dir", "/migrations");
    assertThat(container.getEnv()).first().isEqualTo(password);
    assertThat(container.getEnv()).extracting(EnvVar::getName).contains("SCHEMAGATE_IMAGE");
    assertThat(container.getEnvFrom()).containsExactly(envFrom);
    assertThat(container.getResources()).isEqualTo(resources);
    assertThat(container.getSecurityContext()).isEqualTo(security);
    assertThat(pod.getServiceAccountName()).isEqualTo("migrator");
    assertThat(pod.getSecurityContext()).isEqualTo(podSecurity);
    assertThat(pod.getNodeSelector()).containsExactlyEntriesOf(Map.of("pool", "batch"));
    assertThat(pod.getTolerations()).containsExactly(toleration);
    assertThat(pod.getImagePullSecrets()).containsExactly(new LocalObjectReference("registry"));
    assertThat(job.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("sidecar.istio.io/inject", "false");
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("team", "shop")
        .containsEntry("schemagate.dev/migration", "orders")
        .containsEntry("app.kubernetes.io/managed-by", "schemagate");
  }

  @Test
  void theOperatorsImageVariableCannotBeOverridden() {
    MigratorSpec migrator = new MigratorSpec();
    migrator.setEnv(
        List.of(new EnvVarBuilder().withName("SCHEMAGATE_IMAGE").withValue("other").build()));
    Container container =
        container(MigrationJobFactory.desiredJob(withMigrator(migration, migrator)));
    assertThat(container.getEnv())
        .filteredOn(e -> e.getName().equals(SchemagateConstants.IMAGE_ENV_VAR))
        .extracting(EnvVar::getValue)
        .containsExactly(image("orders", 'a'));
  }

  @Test
  void theSameSpecGivesTheSameJob() {
    assertThat(MigrationJobFactory.desiredJob(migration))
        .isEqualTo(MigrationJobFactory.desiredJob(migration));
  }

  private static Container container(Job job) {
    assertThat(job.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    return job.getSpec().getTemplate().getSpec().getContainers().getFirst();
  }
}
