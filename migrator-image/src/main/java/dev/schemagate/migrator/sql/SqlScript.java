package dev.schemagate.migrator.sql;

import java.util.List;
import java.util.Optional;

/**
 * A script split into statements.
 *
 * @param source the text that was split
 * @param statements the statements in order; empty statements (only whitespace, comments or
 *     semicolons) are left out
 * @param unterminated set when the script ends inside a string, quoted identifier, dollar quote or
 *     block comment; the last statement then runs to the end of the script
 */
public record SqlScript(
    String source, List<SqlStatement> statements, Optional<Unterminated> unterminated) {

  /** A construct that was opened but never closed. */
  public record Unterminated(String what, int start) {

    /**
     * A human description such as {@code unterminated dollar-quoted string at line 3, column 7}.
     */
    public String describe(String source) {
      TextPosition at = TextPosition.ofCharIndex(source, start);
      return "unterminated " + what + " starting at line " + at.line() + ", column " + at.column();
    }
  }
}
