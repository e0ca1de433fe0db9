package dev.schemagate.migrator.plan;

import dev.schemagate.migrator.resolve.ResolvedMigration;
import dev.schemagate.migrator.resolve.Version;
import java.util.List;
import java.util.Set;

/**
 * The comparison of files and history.
 *
 * @param entries every version, in order, with its state
 * @param pending the migrations a run would apply, in order (failed ones included, to retry)
 * @param problems validation problems; a run applies nothing while there are any
 * @param retried versions among {@code pending} whose history holds a failed attempt
 */
public record MigrationPlan(
    List<PlannedMigration> entries,
    List<ResolvedMigration> pending,
    List<ValidationProblem> problems,
    Set<Version> retried) {

  /** Whether a run may go ahead. */
  public boolean isValid() {
    return problems.isEmpty();
  }

  /** Whether a run would apply nothing. */
  public boolean isUpToDate() {
    return problems.isEmpty() && pending.isEmpty();
  }
}
