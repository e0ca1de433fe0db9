package dev.schemagate.operator.testutil;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationSpec;
import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.MigratorSpec;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.HashMap;
import java.util.UUID;

/** DatabaseMigrations, gated Deployments and images for tests. */
public final class Fixtures {

  public static final String NAMESPACE = "shop";

  private Fixtures() {}

  /** {@code registry.example.com/shop/<name>@sha256:<64 x digit>}. */
  public static String image(String name, char digit) {
    return "registry.example.com/shop/" + name + "@sha256:" + String.valueOf(digit).repeat(64);
  }

  public static DatabaseMigration migration(String name, String image) {
    DatabaseMigration migration = new DatabaseMigration();
    migration.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withUid(UUID.nameUUIDFromBytes(name.getBytes()).toString())
            .withGeneration(1L)
            .build());
    DatabaseMigrationSpec spec = new DatabaseMigrationSpec();
    spec.setImage(image);
    migration.setSpec(spec);
    return migration;
  }

  /** A migration as the test sends it to the API server (no uid, generation). */
  public static DatabaseMigration newMigration(String namespace, String name, String image) {
    DatabaseMigration migration = migration(name, image);
    migration.getMetadata().setNamespace(namespace);
    migration.getMetadata().setUid(null);
    migration.getMetadata().setGeneration(null);
    return migration;
  }

  public static DatabaseMigration withMigrator(DatabaseMigration migration, MigratorSpec migrator) {
    migration.getSpec().setMigrator(migrator);
    return migration;
  }

  public static DatabaseMigration withRetry(DatabaseMigration migration, String token) {
    if (migration.getMetadata().getAnnotations() == null) {
      migration.getMetadata().setAnnotations(new HashMap<>());
    }
    migration.getMetadata().getAnnotations().put(Annotations.RETRY, token);
    return migration;
  }

  public static DatabaseMigration withStatus(
      DatabaseMigration migration, DatabaseMigrationStatus status) {
    migration.setStatus(status);
    return migration;
  }

  /**
   * Deployment {@code name} (2 replicas, one container "app" running {@code image}), gated by the
   * DatabaseMigration of the same name.
   */
  public static Deployment gatedDeployment(String namespace, String name, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels(Labels.MIGRATION, name)
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
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
