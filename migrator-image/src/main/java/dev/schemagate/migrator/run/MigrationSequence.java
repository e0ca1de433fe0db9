package dev.schemagate.migrator.run;

import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.history.SchemaHistory;
import dev.schemagate.migrator.plan.MigrationPlan;
import dev.schemagate.migrator.resolve.ResolvedMigration;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the pending migrations of a plan one after the other, stopping at the first failure, and
 * then makes them durable with one synchronous commit: the migrations themselves commit without
 * waiting for the WAL flush, and flushing the WAL up to a later record flushes everything before
 * it. Done after a failure too, so that what was applied is durable when the run reports it.
 */
final class MigrationSequence {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationSequence.class);

  private final Statement statement;
  private final SchemaHistory history;
  private final MigrationExecutor executor;

  MigrationSequence(
      Statement statement,
      SchemaHistory history,
      MigratorSettings settings,
      SecretRedactor redactor)
      throws SQLException {
    this.statement = statement;
    this.history = history;
    this.executor = new MigrationExecutor(statement.getConnection(), history, settings, redactor);
  }

  void applyAll(MigrationPlan plan, RunProgress progress)
      throws MigrationFailedException, SQLException {
    if (plan.pending().isEmpty()) {
      LOG.info("Nothing to apply: another runner applied everything while this one waited");
      return;
    }
    LOG.info(
        "Applying {} pending migrations ({} to {})",
        plan.pending().size(),
        plan.pending().getFirst().version(),
        plan.pending().getLast().version());
    String lastUnflushed = null;
    try {
      for (ResolvedMigration migration : plan.pending()) {
        if (apply(migration, plan)) {
          lastUnflushed = migration.version().toString();
        }
        progress.applied.add(migration.version().toString());
        progress.pending--;
      }
    } catch (MigrationFailedException e) {
      if (lastUnflushed != null) {
        flushQuietly(lastUnflushed);
      }
      throw e;
    }
    if (lastUnflushed != null) {
      statement.execute(history.durabilityBarrierSql(lastUnflushed));
    }
  }

  /** Applies one migration; returns whether its commit still needs a flush. */
  private boolean apply(ResolvedMigration migration, MigrationPlan plan)
      throws MigrationFailedException {
    String version = migration.version().toString();
    long started = System.nanoTime();
    LOG.atInfo()
        .addKeyValue("version", version)
        .addKeyValue("file", migration.script())
        .log("Applying {} ({})", version, migration.script());
    boolean unflushed = executor.apply(migration, plan.retried().contains(migration.version()));
    long ms = (System.nanoTime() - started) / 1_000_000;
    LOG.atInfo()
        .addKeyValue("version", version)
        .addKeyValue("file", migration.script())
        .addKeyValue("durationMs", ms)
        .log("Applied {} ({}) in {} ms", version, migration.script(), ms);
    return unflushed;
  }

  private void flushQuietly(String version) {
    try {
      statement.execute(history.durabilityBarrierSql(version));
    } catch (SQLException e) {
      LOG.warn("Could not confirm that the earlier migrations are flushed: {}", e.getMessage());
    }
  }
}
