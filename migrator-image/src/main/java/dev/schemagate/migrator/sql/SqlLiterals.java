package dev.schemagate.migrator.sql;

/** Quoting of values and names that the migrator itself puts into SQL text. */
public final class SqlLiterals {

  private SqlLiterals() {}

  /**
   * A string literal for {@code value}. Uses an {@code E''} literal when the value contains a
   * backslash, so the result means the same whatever {@code standard_conforming_strings} says.
   */
  public static String literal(String value) {
    requireNoNul(value);
    String quoted = value.replace("'", "''");
    if (value.indexOf('\\') >= 0) {
      return "E'" + quoted.replace("\\", "\\\\") + "'";
    }
    return "'" + quoted + "'";
  }

  /** A quoted identifier for {@code name}, e.g. {@code "My Schema"}. */
  public static String identifier(String name) {
    requireNoNul(name);
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  private static void requireNoNul(String value) {
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("SQL text cannot contain a NUL character");
    }
  }
}
