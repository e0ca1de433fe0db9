package dev.schemagate.migrator.plan;

import dev.schemagate.migrator.history.AppliedMigration;
import dev.schemagate.migrator.resolve.ResolvedMigration;
import java.util.Optional;

/**
 * One version as seen from both sides: its file (if any) and its history row (if any).
 *
 * @param version canonical version text
 */
public record PlannedMigration(
    String version,
    MigrationState state,
    Optional<ResolvedMigration> file,
    Optional<AppliedMigration> applied) {

  /** The description, from the file when there is one. */
  public String description() {
    return file.map(ResolvedMigration::description)
        .orElseGet(() -> applied.map(AppliedMigration::description).orElse(""));
  }

  /** The file name, from the file when there is one, else as recorded. */
  public String script() {
    return file.map(ResolvedMigration::script)
        .orElseGet(() -> applied.map(AppliedMigration::script).orElse(""));
  }

  /** {@code transactional}, {@code no-transaction}, or {@code -} without a file. */
  public String type() {
    return file.map(ResolvedMigration::type).orElse("-");
  }
}
