package dev.schemagate.migrator.run;

import static dev.schemagate.migrator.sql.SqlLiterals.identifier;
import static dev.schemagate.migrator.sql.SqlLiterals.literal;

import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.history.SchemaHistory;
import dev.schemagate.migrator.resolve.ResolvedMigration;
import dev.schemagate.migrator.sql.SqlLexer;
import dev.schemagate.migrator.sql.SqlScript;
import dev.schemagate.migrator.sql.SqlStatement;
import dev.schemagate.migrator.sql.TextPosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one migration on the work connection.
 *
 * <p>A transactional migration travels as one simple-protocol message: {@code BEGIN}, the session
 * settings, the file exactly as written, the history row, {@code COMMIT}. One round trip; the
 * server splits the statements with its own lexer; all or nothing. It commits with {@code
 * synchronous_commit = off} and {@link MigrationSequence} makes the run durable with one
 * synchronous commit at the end, so a run pays for one WAL flush instead of one per migration.
 *
 * <p>A no-transaction migration runs statement by statement (split by {@link SqlLexer}), each in
 * its own implicit transaction, so {@code CREATE INDEX CONCURRENTLY} works; its history row follows
 * when all succeeded, or a row with {@code success = false} when one failed, so that the next run
 * retries it.
 */
final class MigrationExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationExecutor.class);
  private static final int MAX_NOTICES_LOGGED = 20;
  private static final String QUERY_CANCELED = "57014";
  private static final String SERVER_SIDE_DURATION_MS =
      "(extract(epoch FROM clock_timestamp() - now()) * 1000)::integer";

  private final Connection connection;
  private final SchemaHistory history;
  private final MigratorSettings settings;
  private final FailureDescriber describer;
  private final String searchPath;

  /** What precedes the file in a transactional migration's message. */
  private final String transactionPrefix;

  private final int transactionPrefixLength;

  MigrationExecutor(
      Connection connection,
      SchemaHistory history,
      MigratorSettings settings,
      SecretRedactor redactor) {
    this.connection = connection;
    this.history = history;
    this.settings = settings;
    this.describer = new FailureDescriber(redactor, settings.dbLockTimeout());
    this.searchPath =
        settings.schema().equals("public")
            ? identifier("public")
            : identifier(settings.schema()) + ", public";
    this.transactionPrefix =
        "BEGIN;\nSELECT "
            + sessionSettings(true)
            + ", set_config('synchronous_commit', 'off', true);\n";
    this.transactionPrefixLength = transactionPrefix.codePointCount(0, transactionPrefix.length());
  }

  /**
   * Applies {@code migration}.
   *
   * @return whether it committed without waiting for the WAL flush (the run must end with {@link
   *     SchemaHistory#durabilityBarrierSql})
   */
  boolean apply(ResolvedMigration migration, boolean replacesFailedRow)
      throws MigrationFailedException {
    if (migration.transactional()) {
      applyInTransaction(migration, replacesFailedRow);
      return true;
    }
    applyStatementByStatement(migration, replacesFailedRow);
    return false;
  }

  private void applyInTransaction(ResolvedMigration migration, boolean replacesFailedRow)
      throws MigrationFailedException {
    String suffix =
        "\n;\n"
            + history.recordSql(
                migration, settings.appliedBy(), SERVER_SIDE_DURATION_MS, true, replacesFailedRow)
            + ";\nCOMMIT";
    try (Statement statement = connection.createStatement()) {
      statement.setEscapeProcessing(false);
      try {
        InFlight.started(statement);
        statement.execute(transactionPrefix + migration.sql() + suffix);
        InFlight.finished();
        logNotices(migration, statement.getWarnings());
      } catch (SQLException e) {
        InFlight.finished();
        rollbackQuietly(statement);
        int fileLength = migration.sql().codePointCount(0, migration.sql().length());
        FailureDescriber.SentText sent =
            new FailureDescriber.SentText(transactionPrefixLength, fileLength, 1);
        Set<String> names = new LinkedHashSet<>();
        SqlLexer.split(migration.sql()).statements().forEach(s -> names.addAll(s.identifiers()));
        throw failed(migration, e, sent, statement, names);
      }
    } catch (SQLException e) {
      throw failed(migration, e, new FailureDescriber.SentText(0, 0, 1), null, Set.of());
    }
  }

  private void applyStatementByStatement(ResolvedMigration migration, boolean replacesFailedRow)
      throws MigrationFailedException {
    SqlScript script = SqlLexer.split(migration.sql());
    long started = System.nanoTime();
    try (Statement statement = connection.createStatement()) {
      statement.setEscapeProcessing(false);
      SqlStatement current = null;
      try {
        statement.execute("SELECT " + sessionSettings(false));
        InFlight.started(statement);
        for (SqlStatement sql : script.statements()) {
          current = sql;
          LOG.debug("{}: {}", migration.script(), sql.text());
          statement.execute(sql.text());
          logNotices(migration, statement.getWarnings());
          statement.clearWarnings();
        }
        InFlight.finished();
      } catch (SQLException e) {
        InFlight.finished();
        rollbackQuietly(statement);
        FailureDescriber.SentText sent =
            current == null
                ? new FailureDescriber.SentText(0, 0, 1)
                : new FailureDescriber.SentText(
                    0,
                    current.text().codePointCount(0, current.text().length()),
                    TextPosition.codePointPosition(migration.sql(), current.start()));
        MigrationFailedException failure =
            failed(
                migration, e, sent, statement, current == null ? Set.of() : current.identifiers());
        recordFailureQuietly(statement, migration, started, replacesFailedRow);
        throw failure;
      }
      statement.execute(
          history.recordSql(
              migration,
              settings.appliedBy(),
              String.valueOf(elapsedMs(started)),
              true,
              replacesFailedRow));
    } catch (SQLException e) {
      throw failed(migration, e, new FailureDescriber.SentText(0, 0, 1), null, Set.of());
    }
  }

  /** {@code set_config} calls for lock_timeout, statement_timeout and search_path. */
  private String sessionSettings(boolean local) {
    return "set_config('lock_timeout', "
        + literal(Long.toString(settings.dbLockTimeout().toMillis()))
        + ", "
        + local
        + "), set_config('statement_timeout', "
        + literal(Long.toString(settings.statementTimeout().toMillis()))
        + ", "
        + local
        + "), set_config('search_path', "
        + literal(searchPath)
        + ", "
        + local
        + ")";
  }

  private MigrationFailedException failed(
      ResolvedMigration migration,
      SQLException error,
      FailureDescriber.SentText sent,
      Statement statement,
      Set<String> names) {
    LockWaitDiagnosis.Finding lockWait = null;
    if (statement != null && FailureDescriber.LOCK_NOT_AVAILABLE.equals(error.getSQLState())) {
      lockWait = LockWaitDiagnosis.describe(statement, names, settings.schema());
    }
    MigrationFailure failure = describer.describe(migration, error, sent, lockWait);
    if (InFlight.wasCancelled() && QUERY_CANCELED.equals(error.getSQLState())) {
      failure =
          failure.withMessage(
              "the migrator was stopped (e.g. SIGTERM at a Job deadline) while this migration ran,"
                  + " so the server cancelled it"
                  + (migration.transactional()
                      ? " and rolled it back"
                      : "; statements before the cancelled one stay applied")
                  + "; the next run applies it again");
    }
    return new MigrationFailedException(failure);
  }

  private void recordFailureQuietly(
      Statement statement, ResolvedMigration migration, long started, boolean replacesFailedRow) {
    try {
      statement.execute(
          history.recordSql(
              migration,
              settings.appliedBy(),
              String.valueOf(elapsedMs(started)),
              false,
              replacesFailedRow));
    } catch (SQLException e) {
      LOG.warn(
          "Could not record the failure of {} in the history table: {}",
          migration.script(),
          e.getMessage());
    }
  }

  private static void rollbackQuietly(Statement statement) {
    try {
      statement.execute("ROLLBACK");
    } catch (SQLException e) {
      // The connection is gone; the server rolls back on its own.
    }
  }

  private static void logNotices(ResolvedMigration migration, SQLWarning warning) {
    for (int n = 0; warning != null; warning = warning.getNextWarning(), n++) {
      if (n == MAX_NOTICES_LOGGED) {
        LOG.info("{}: more notices not shown", migration.script());
        return;
      }
      LOG.info("{}: {}", migration.script(), warning.getMessage());
    }
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
