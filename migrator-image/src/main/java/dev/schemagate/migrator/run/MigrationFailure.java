package dev.schemagate.migrator.run;

/**
 * Why a migration failed, as the result JSON reports it. Fields PostgreSQL did not provide are
 * null.
 *
 * @param version the migration's version
 * @param file the migration's file name
 * @param sqlState the SQLSTATE, e.g. {@code 42P01}
 * @param message the server's message (for a lock timeout, with the relation waited for)
 * @param position 1-based character position of the error in the file
 * @param line 1-based line of {@code position}
 * @param column 1-based column of {@code position}
 * @param detail the server's DETAIL
 * @param hint the server's HINT
 * @param where the server's CONTEXT (e.g. the PL/pgSQL line)
 * @param relation for a lock timeout, the relation that was locked by another session
 */
public record MigrationFailure(
    String version,
    String file,
    String sqlState,
    String message,
    Integer position,
    Integer line,
    Integer column,
    String detail,
    String hint,
    String where,
    String relation) {

  /** This failure with another message. */
  public MigrationFailure withMessage(String replacement) {
    return new MigrationFailure(
        version,
        file,
        sqlState,
        replacement,
        position,
        line,
        column,
        detail,
        hint,
        where,
        relation);
  }

  /** {@code V3__x.sql (version 3) line 4, column 7: [42P01] relation "x" does not exist}. */
  public String describe() {
    StringBuilder out = new StringBuilder(file).append(" (version ").append(version).append(')');
    if (line != null) {
      out.append(" line ").append(line).append(", column ").append(column);
    }
    out.append(": ");
    if (sqlState != null) {
      out.append('[').append(sqlState).append("] ");
    }
    return out.append(message).toString();
  }
}
