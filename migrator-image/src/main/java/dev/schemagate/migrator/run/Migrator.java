package dev.schemagate.migrator.run;

import dev.schemagate.migrator.config.ConfigurationException;
import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.history.SchemaHistory;
import dev.schemagate.migrator.lock.LockTimeoutException;
import dev.schemagate.migrator.lock.MigrationLock;
import dev.schemagate.migrator.plan.MigrationPlan;
import dev.schemagate.migrator.plan.MigrationPlanner;
import dev.schemagate.migrator.plan.ValidationProblem;
import dev.schemagate.migrator.resolve.MigrationResolver;
import dev.schemagate.migrator.resolve.ResolvedMigration;
import dev.schemagate.migrator.result.ResultStatus;
import dev.schemagate.migrator.result.RunResult;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code migrate}: find the files, take the lock, read the history (only now, so a runner that
 * waited sees what the previous one applied), validate, apply what is pending in order, make it
 * durable, release the lock. Also reads the plan without changing anything, for {@code info} and
 * {@code validate}.
 */
public final class Migrator {

  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);

  private final MigratorSettings settings;
  private final SecretRedactor redactor;
  private final SchemaHistory history;

  public Migrator(MigratorSettings settings, SecretRedactor redactor) {
    this.settings = settings;
    this.redactor = redactor;
    this.history = new SchemaHistory(settings.schema());
  }

  /** The comparison of files and history, read without taking the lock or changing anything. */
  public MigrationPlan inspect() throws SQLException {
    Connections.Opening opening = Connections.openInBackground(settings.connection());
    List<ResolvedMigration> files = resolveOrAbandon(opening);
    try (Connection connection = opening.await();
        Statement statement = connection.createStatement()) {
      return MigrationPlanner.plan(files, history.read(statement));
    }
  }

  /** Applies every pending migration; never throws, every outcome is a result. */
  public RunResult migrate(String command) {
    long started = System.nanoTime();
    RunProgress progress = new RunProgress();
    try {
      Connections.Opening opening = Connections.openInBackground(settings.connection());
      List<ResolvedMigration> files = resolveOrAbandon(opening);
      LOG.info(
          "Migrating schema {} on {}: {} migration files in {}",
          settings.schema(),
          settings.connection().target(),
          files.size(),
          settings.directory());
      try (Connection work = opening.await();
          Statement statement = work.createStatement()) {
        // A first look without the lock: when everything is applied there is nothing to wait
        // for. History only grows, so what is applied now stays applied; but it is durable only
        // once the runner that wrote it has finished (migrations commit without waiting for the
        // WAL flush, and a run ends with one synchronous write before it lets the lock go). So an
        // up-to-date history counts only when, after reading it, no runner holds the lock.
        MigrationPlan plan = MigrationPlanner.plan(files, history.read(statement), false);
        progress.pending = plan.pending().size();
        if (!plan.isUpToDate() || !MigrationLock.isFree(statement, settings.schema())) {
          try (Connection lockConnection = Connections.open(settings.connection());
              MigrationLock lock =
                  MigrationLock.acquire(lockConnection, settings.schema(), settings.lockTimeout());
              MigrationLock.Work asWorker = lock.work(statement)) {
            // Read again under the lock (and after any stopped runner's session has ended): a
            // runner that waited must see what the other applied.
            plan = MigrationPlanner.plan(files, history.createIfMissingAndRead(statement));
            progress.pending = plan.pending().size();
            if (!plan.isValid()) {
              return validationFailed(command, plan, started);
            }
            new MigrationSequence(statement, history, settings, redactor).applyAll(plan, progress);
          }
        } else {
          LOG.info(
              "Schema {} is up to date: {} migrations applied, nothing pending",
              settings.schema(),
              plan.entries().size());
        }
      }
      return result(command, ResultStatus.SUCCESS, progress, null, null, started);
    } catch (MigrationFailedException e) {
      LOG.atError()
          .addKeyValue("version", e.failure().version())
          .addKeyValue("file", e.failure().file())
          .addKeyValue("sqlState", e.failure().sqlState())
          .log("Migration failed: {}", e.failure().describe());
      return result(
          command,
          ResultStatus.FAILED,
          progress,
          "migration " + e.failure().describe(),
          e.failure(),
          started);
    } catch (LockTimeoutException e) {
      LOG.error("{}", e.getMessage());
      return result(command, ResultStatus.LOCK_TIMEOUT, progress, e.getMessage(), null, started);
    } catch (ConfigurationException e) {
      LOG.error("{}", e.getMessage());
      return result(command, ResultStatus.ERROR, progress, e.getMessage(), null, started);
    } catch (SQLException e) {
      String message = databaseError(e);
      LOG.error("{}", message);
      return result(command, ResultStatus.ERROR, progress, message, null, started);
    }
  }

  /** Reads the files while the connection opens; when they cannot be read, gives up on it. */
  private List<ResolvedMigration> resolveOrAbandon(Connections.Opening opening) {
    try {
      return resolve();
    } catch (RuntimeException e) {
      opening.abandon();
      throw e;
    }
  }

  private List<ResolvedMigration> resolve() {
    MigrationResolver.Result found = new MigrationResolver().resolve(settings.directory());
    for (String skipped : found.skippedDownFiles()) {
      LOG.info("Skipping {}: down migrations are not run, Schemagate only goes forward", skipped);
    }
    if (found.migrations().isEmpty()) {
      LOG.warn("No migration files in {}", settings.directory());
    }
    return found.migrations();
  }

  private RunResult validationFailed(String command, MigrationPlan plan, long started) {
    List<ValidationProblem> problems = plan.problems();
    for (ValidationProblem problem : problems) {
      LOG.atError()
          .addKeyValue("kind", problem.kind())
          .addKeyValue("files", problem.files())
          .log("Validation failed: {}", problem.message());
    }
    String message =
        problems.getFirst().message()
            + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "");
    return new RunResult(
        command,
        ResultStatus.VALIDATION_FAILED,
        List.of(),
        plan.pending().size(),
        elapsedMs(started),
        settings.schema(),
        settings.connection().target(),
        "validation failed, nothing was applied: " + message,
        null,
        problems);
  }

  private RunResult result(
      String command,
      ResultStatus status,
      RunProgress progress,
      String message,
      MigrationFailure failure,
      long started) {
    long duration = elapsedMs(started);
    if (status == ResultStatus.SUCCESS) {
      LOG.atInfo()
          .addKeyValue("appliedCount", progress.applied.size())
          .addKeyValue("durationMs", duration)
          .log(
              "Done: applied {} migrations to schema {} in {} ms",
              progress.applied.size(),
              settings.schema(),
              duration);
    }
    return new RunResult(
        command,
        status,
        List.copyOf(progress.applied),
        progress.pending,
        duration,
        settings.schema(),
        settings.connection().target(),
        redactor.redact(message),
        failure,
        List.of());
  }

  /**
   * The result of a read-only command ({@code info}, {@code validate}) that {@link #inspect} could
   * not complete: logged, with the schema and target like every other result.
   */
  public RunResult inspectFailed(String command, SQLException e, long started) {
    String message = databaseError(e);
    LOG.error("{}", message);
    return result(command, ResultStatus.ERROR, new RunProgress(), message, null, started);
  }

  /** A database error that is no migration's fault: connecting, locking, reading history. */
  private String databaseError(SQLException e) {
    String state = e.getSQLState() == null ? "" : " [" + e.getSQLState() + "]";
    return redactor.redact(
        "database error on " + settings.connection().target() + state + ": " + e.getMessage());
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
