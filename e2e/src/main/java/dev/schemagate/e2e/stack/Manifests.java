package dev.schemagate.e2e.stack;

import dev.schemagate.e2e.stack.Postgres.AppDatabase;
import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.DatabaseMigrationSpec;
import dev.schemagate.operator.api.MigratorSpec;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The objects a user applies: the database Secret, DatabaseMigrations and gated Deployments. */
public final class Manifests {

  /** Key of the password in the database Secret (read with {@code secretKeyRef}). */
  public static final String PASSWORD_KEY = "PGPASSWORD";

  private Manifests() {}

  /**
   * A digest-pinned image reference: {@code registry.example.com/shop/<name>@sha256:<digit x 64>}.
   */
  public static String image(String name, char digit) {
    return "registry.example.com/shop/" + name + "@sha256:" + String.valueOf(digit).repeat(64);
  }

  /** The Secret with the connection ({@code envFrom}) and the password ({@code secretKeyRef}). */
  public static Secret databaseSecret(String namespace, String name, AppDatabase database) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("SCHEMAGATE_DB_URL", database.jdbcUrl());
    values.put("PGUSER", database.user());
    values.put("SCHEMAGATE_SCHEMA", database.schema());
    values.put(PASSWORD_KEY, database.password());
    Map<String, String> data = new LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /**
   * A DatabaseMigration whose migrator reads the database from the Secret: everything but the
   * password through {@code envFrom}, the password through {@code secretKeyRef}.
   */
  public static DatabaseMigration migration(
      String namespace, String name, String image, String secretName) {
    MigratorSpec migrator = new MigratorSpec();
    migrator.setEnvFrom(
        List.of(new EnvFromSourceBuilder().withNewSecretRef(secretName, false).build()));
    migrator.setEnv(
        List.of(
            new EnvVarBuilder()
                .withName("PGPASSWORD")
                .withNewValueFrom()
                .withNewSecretKeyRef(PASSWORD_KEY, secretName, false)
                .endValueFrom()
                .build()));
    DatabaseMigrationSpec spec = new DatabaseMigrationSpec();
    spec.setImage(image);
    spec.setMigrator(migrator);
    DatabaseMigration migration = new DatabaseMigration();
    migration.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    migration.setSpec(spec);
    return migration;
  }

  /** A Deployment gated by the DatabaseMigration {@code migrationName}; container {@code app}. */
  public static Deployment deployment(
      String namespace, String name, String image, String migrationName, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels("app", name)
        .addToLabels(Labels.MIGRATION, migrationName)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
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
