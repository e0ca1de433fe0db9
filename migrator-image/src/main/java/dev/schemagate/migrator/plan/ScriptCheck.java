package dev.schemagate.migrator.plan;

import dev.schemagate.migrator.resolve.ResolvedMigration;
import dev.schemagate.migrator.sql.SqlLexer;
import dev.schemagate.migrator.sql.SqlScript;
import dev.schemagate.migrator.sql.SqlStatement;
import dev.schemagate.migrator.sql.TextPosition;
import dev.schemagate.migrator.sql.TransactionControl;
import java.util.List;
import java.util.Optional;

/**
 * Checks a pending file's SQL before anything runs: it must not end inside a string or comment (the
 * history row sent after it would be swallowed), and a transactional file must not begin or end
 * transactions itself.
 */
final class ScriptCheck {

  private ScriptCheck() {}

  static Optional<ValidationProblem> check(ResolvedMigration migration) {
    SqlScript script = SqlLexer.split(migration.sql());
    String version = migration.version().toString();
    if (script.unterminated().isPresent()) {
      return Optional.of(
          new ValidationProblem(
              "unterminated-sql",
              version,
              List.of(migration.script()),
              migration.script() + ": " + script.unterminated().get().describe(migration.sql())));
    }
    if (!migration.transactional()) {
      return Optional.empty();
    }
    Optional<SqlStatement> control = TransactionControl.find(script.statements());
    return control.map(
        statement -> {
          TextPosition at = TextPosition.ofCharIndex(migration.sql(), statement.start());
          return new ValidationProblem(
              "transaction-control",
              version,
              List.of(migration.script()),
              migration.script()
                  + " line "
                  + at.line()
                  + ": "
                  + TransactionControl.describe(statement)
                  + " is not allowed; each migration already runs in one transaction with its"
                  + " history row. Remove it, or make the first line '"
                  + ResolvedMigration.NO_TRANSACTION_MARKER
                  + "' to control transactions yourself");
        });
  }
}
