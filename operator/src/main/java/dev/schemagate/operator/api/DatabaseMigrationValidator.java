package dev.schemagate.operator.api;

import java.util.ArrayList;
import java.util.List;

/**
 * The one rule set for a DatabaseMigration, shared by the reconciler and the admission webhook. It
 * repeats what the CRD schema checks, because not every API server (nor the test mock) enforces the
 * schema, and a spec that slipped through must stall with a clear message instead of running.
 */
public final class DatabaseMigrationValidator {

  /** Longest metadata.name: the name is a label value (schemagate.dev/migration). */
  public static final int MAX_NAME_LENGTH = 63;

  private DatabaseMigrationValidator() {}

  /** Every problem found, each a sentence that names the field; empty when valid. */
  public static List<String> validate(DatabaseMigration migration) {
    List<String> problems = new ArrayList<>();
    String name = migration.getMetadata() == null ? null : migration.getMetadata().getName();
    if (name != null && name.length() > MAX_NAME_LENGTH) {
      problems.add(
          "metadata.name must be at most "
              + MAX_NAME_LENGTH
              + " characters (it is the value of the label "
              + SchemagateConstants.Labels.MIGRATION
              + "), but has "
              + name.length());
    }
    DatabaseMigrationSpec spec = migration.getSpec();
    if (spec == null) {
      problems.add("spec is required");
      return problems;
    }
    checkImage("spec.image", spec.getImage(), true, problems);
    if (spec.getMigrator() != null) {
      checkImage("spec.migrator.image", spec.getMigrator().getImage(), false, problems);
    }
    checkRange("spec.backoffLimit", spec.getBackoffLimit(), 0, 10, problems);
    checkRange("spec.historyLimit", spec.getHistoryLimit(), 1, 50, problems);
    Long deadline = spec.getActiveDeadlineSeconds();
    if (deadline != null && deadline < 60) {
      problems.add("spec.activeDeadlineSeconds must be at least 60, but is " + deadline);
    }
    return problems;
  }

  /** The problems as one message, or null when valid. */
  public static String problemsMessage(DatabaseMigration migration) {
    List<String> problems = validate(migration);
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private static void checkImage(
      String field, String image, boolean required, List<String> problems) {
    if (image == null || image.isBlank()) {
      if (required) {
        problems.add(field + " is required");
      }
      return;
    }
    if (!ImageReference.isDigestPinned(image)) {
      problems.add(
          field
              + " must be pinned by digest (name@sha256:<64 lowercase hex>), but is \""
              + image
              + "\"; a tag can move, so the migrated image could differ from the one that rolls"
              + " out");
    }
  }

  private static void checkRange(
      String field, Integer value, int min, int max, List<String> problems) {
    if (value != null && (value < min || value > max)) {
      problems.add(field + " must be between " + min + " and " + max + ", but is " + value);
    }
  }
}
