package dev.schemagate.operator.api;

import static dev.schemagate.operator.testutil.Fixtures.image;
import static dev.schemagate.operator.testutil.Fixtures.migration;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseMigrationValidatorTest {

  @Test
  void digestPinnedImageWithDefaultsIsValid() {
    assertThat(DatabaseMigrationValidator.validate(migration("orders", image("orders", 'a'))))
        .isEmpty();
  }

  @Test
  void imageWithRegistryPortAndTagBeforeTheDigestIsValid() {
    String pinned =
        "registry.example.com:5000/shop/orders:1.4.2@sha256:" + "0123456789abcdef".repeat(4);
    assertThat(DatabaseMigrationValidator.validate(migration("orders", pinned))).isEmpty();
  }

  @Test
  void imageWithoutDigestIsRejectedWithTheFieldAndValue() {
    String message =
        DatabaseMigrationValidator.problemsMessage(
            migration("orders", "registry.example.com/shop/orders:1.4.2"));
    assertThat(message)
        .contains("spec.image must be pinned by digest")
        .contains("registry.example.com/shop/orders:1.4.2");
  }

  @Test
  void uppercaseOrShortDigestsAreRejected() {
    assertThat(DatabaseMigrationValidator.validate(migration("a", "x@sha256:" + "A".repeat(64))))
        .hasSize(1);
    assertThat(DatabaseMigrationValidator.validate(migration("a", "x@sha256:" + "a".repeat(63))))
        .hasSize(1);
  }

  @Test
  void missingImageAndMissingSpecAreReported() {
    assertThat(DatabaseMigrationValidator.problemsMessage(migration("orders", null)))
        .isEqualTo("spec.image is required");
    DatabaseMigration noSpec = migration("orders", null);
    noSpec.setSpec(null);
    assertThat(DatabaseMigrationValidator.problemsMessage(noSpec)).isEqualTo("spec is required");
  }

  @Test
  void migratorImageMustBePinnedWhenSet() {
    DatabaseMigration migration = migration("orders", image("orders", 'a'));
    MigratorSpec migrator = new MigratorSpec();
    migrator.setImage("migrator:latest");
    migration.getSpec().setMigrator(migrator);
    assertThat(DatabaseMigrationValidator.problemsMessage(migration))
        .startsWith("spec.migrator.image must be pinned by digest");
  }

  @Test
  void rangesAreChecked() {
    DatabaseMigration migration = migration("orders", image("orders", 'a'));
    migration.getSpec().setBackoffLimit(11);
    migration.getSpec().setHistoryLimit(0);
    migration.getSpec().setActiveDeadlineSeconds(59L);
    assertThat(DatabaseMigrationValidator.validate(migration))
        .containsExactly(
            "spec.backoffLimit must be between 0 and 10, but is 11",
            "spec.historyLimit must be between 1 and 50, but is 0",
            "spec.activeDeadlineSeconds must be at least 60, but is 59");
  }

  @Test
  void boundaryValuesAreAccepted() {
    DatabaseMigration migration = migration("orders", image("orders", 'a'));
    migration.getSpec().setBackoffLimit(10);
    migration.getSpec().setHistoryLimit(50);
    migration.getSpec().setActiveDeadlineSeconds(60L);
    assertThat(DatabaseMigrationValidator.validate(migration)).isEmpty();
  }

  @Test
  void namesLongerThanALabelValueAreRejected() {
    assertThat(DatabaseMigrationValidator.validate(migration("a".repeat(63), image("o", 'a'))))
        .isEmpty();
    assertThat(
            DatabaseMigrationValidator.problemsMessage(migration("a".repeat(64), image("o", 'a'))))
        .contains("metadata.name must be at most 63 characters");
  }
}
