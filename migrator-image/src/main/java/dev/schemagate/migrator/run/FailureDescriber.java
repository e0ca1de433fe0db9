package dev.schemagate.migrator.run;

import dev.schemagate.migrator.config.Durations;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.resolve.ResolvedMigration;
import dev.schemagate.migrator.sql.TextPosition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns the exception from a failed migration into a {@link MigrationFailure}, mapping the server's
 * error position (counted in the text that was sent) back to a position in the file.
 */
final class FailureDescriber {

  /** SQLSTATE lock_not_available: {@code lock_timeout} expired. */
  static final String LOCK_NOT_AVAILABLE = "55P03";

  private static final Pattern RELATION_IN_CONTEXT = Pattern.compile("relation \"([^\"]+)\"");

  /**
   * Where the file's text sits inside the text that was sent.
   *
   * @param sentOffset code points sent before the part taken from the file
   * @param length code points taken from the file
   * @param firstFilePosition 1-based code point position in the file of the first one sent
   */
  record SentText(int sentOffset, int length, int firstFilePosition) {

    Integer filePosition(int serverPosition) {
      if (serverPosition <= sentOffset || serverPosition > sentOffset + length) {
        return null;
      }
      return firstFilePosition + serverPosition - sentOffset - 1;
    }
  }

  private final SecretRedactor redactor;
  private final Duration lockTimeout;

  FailureDescriber(SecretRedactor redactor, Duration lockTimeout) {
    this.redactor = redactor;
    this.lockTimeout = lockTimeout;
  }

  MigrationFailure describe(
      ResolvedMigration migration,
      SQLException error,
      SentText sent,
      LockWaitDiagnosis.Finding lockWait) {
    ServerErrorMessage server =
        error instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
    String message;
    Integer position = null;
    String detail = null;
    String hint = null;
    String where = null;
    if (server != null) {
      message = server.getMessage();
      if (server.getPosition() > 0) {
        position = sent.filePosition(server.getPosition());
      }
      detail = server.getDetail();
      hint = server.getHint();
      where = server.getWhere();
    } else {
      message = error.getMessage();
    }
    String relation = null;
    if (LOCK_NOT_AVAILABLE.equals(error.getSQLState())) {
      message = message + " (lock_timeout " + Durations.format(lockTimeout) + ")";
      relation = relationFrom(where);
      if (lockWait != null) {
        message = message + ": " + lockWait.sentence();
        relation = relation != null ? relation : lockWait.relation();
      } else if (relation != null) {
        message = message + " while waiting for relation " + relation;
      }
    }
    TextPosition at = position == null ? null : TextPosition.ofCodePoint(migration.sql(), position);
    return new MigrationFailure(
        migration.version().toString(),
        migration.script(),
        error.getSQLState(),
        redactor.redact(message),
        position,
        at == null ? null : at.line(),
        at == null ? null : at.column(),
        redactor.redact(detail),
        redactor.redact(hint),
        redactor.redact(where),
        relation);
  }

  /** A failure that PostgreSQL did not report, such as a file the lexer rejects. */
  static MigrationFailure ofMessage(ResolvedMigration migration, String message) {
    return new MigrationFailure(
        migration.version().toString(),
        migration.script(),
        null,
        message,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  static String relationFrom(String where) {
    if (where == null) {
      return null;
    }
    Matcher m = RELATION_IN_CONTEXT.matcher(where);
    return m.find() ? m.group(1) : null;
  }
}
