package dev.schemagate.migrator.sql;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises statements that begin or end a transaction. A transactional migration must not contain
 * them: the migrator already wraps the file and its history row in one transaction, and a {@code
 * COMMIT} in the middle would make the two independent.
 */
public final class TransactionControl {

  private TransactionControl() {}

  /** The first statement that begins, ends or prepares a transaction, if any. */
  public static Optional<SqlStatement> find(List<SqlStatement> statements) {
    return statements.stream().filter(TransactionControl::isTransactionControl).findFirst();
  }

  /** Whether {@code statement} begins, ends or prepares a transaction (savepoints are fine). */
  public static boolean isTransactionControl(SqlStatement statement) {
    return switch (statement.word(0)) {
      case "begin", "commit", "end", "abort" -> true;
      case "start", "prepare" -> statement.word(1).equals("transaction");
      case "rollback" -> !rollsBackToSavepoint(statement);
      default -> false;
    };
  }

  /** The statement's keywords in upper case, for messages: {@code COMMIT}, {@code START ...}. */
  public static String describe(SqlStatement statement) {
    return switch (statement.word(0)) {
      case "start", "prepare" -> statement.word(0).toUpperCase(Locale.ROOT) + " TRANSACTION";
      default -> statement.word(0).toUpperCase(Locale.ROOT);
    };
  }

  private static boolean rollsBackToSavepoint(SqlStatement statement) {
    // ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name
    String next = statement.word(1);
    if (next.equals("work") || next.equals("transaction")) {
      next = statement.word(2);
    }
    return next.equals("to");
  }
}
