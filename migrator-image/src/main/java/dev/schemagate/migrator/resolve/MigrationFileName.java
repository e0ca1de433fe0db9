package dev.schemagate.migrator.resolve;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a file name in the migrations directory means. Pure; no file is read. */
public sealed interface MigrationFileName {

  /**
   * Flyway style, {@code V1.2__add_orders.sql}; version parts separated by {@code .} or {@code _}.
   */
  Pattern FLYWAY = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

  /** golang-migrate style, {@code 000001_add_orders.up.sql}. */
  Pattern GOLANG_UP = Pattern.compile("(\\d+)_(.+)\\.up\\.sql");

  /** golang-migrate down migrations; ignored, Schemagate only goes forward. */
  Pattern GOLANG_DOWN = Pattern.compile("(\\d+)_(.+)\\.down\\.sql");

  /** A file that is a migration. */
  record Versioned(Version version, String description) implements MigrationFileName {}

  /** A {@code .down.sql} file, skipped. */
  record Down() implements MigrationFileName {}

  /** A {@code .sql} file whose name fits no pattern: a configuration error. */
  record Unrecognized(String hint) implements MigrationFileName {}

  /** Not SQL at all (a README), or a dot file (an editor's or a copy tool's): ignored. */
  record NotSql() implements MigrationFileName {}

  /** Classifies {@code fileName}. */
  static MigrationFileName classify(String fileName) {
    if (fileName.startsWith(".")) {
      return new NotSql();
    }
    if (!fileName.endsWith(".sql")) {
      return fileName.toLowerCase(Locale.ROOT).endsWith(".sql")
          ? new Unrecognized("the extension must be .sql in lower case")
          : new NotSql();
    }
    // Only the pattern that can match is tried: golang-migrate names start with a digit, Flyway
    // names with V (hundreds of files, each matched in a JVM that has compiled nothing yet).
    char first = fileName.charAt(0);
    if (first >= '0' && first <= '9') {
      if (GOLANG_DOWN.matcher(fileName).matches()) {
        return new Down();
      }
      Matcher golang = GOLANG_UP.matcher(fileName);
      if (golang.matches()) {
        return versioned(golang.group(1), golang.group(2));
      }
    } else if (first == 'V') {
      Matcher flyway = FLYWAY.matcher(fileName);
      if (flyway.matches()) {
        return versioned(flyway.group(1), flyway.group(2));
      }
    }
    return new Unrecognized(hintFor(fileName));
  }

  private static Versioned versioned(String version, String description) {
    return new Versioned(Version.parse(version), description.replace('_', ' ').trim());
  }

  private static String hintFor(String fileName) {
    if (fileName.startsWith("R__")) {
      return "repeatable migrations (R__) are not supported";
    }
    if (fileName.startsWith("U") && fileName.contains("__")) {
      return "undo migrations are not supported; Schemagate only goes forward";
    }
    if (fileName.startsWith("v") && fileName.contains("__")) {
      return "the prefix is an upper-case V";
    }
    if (fileName.matches("V\\d+(?:[._]\\d+)*_[^_].*")) {
      return "Flyway names need two underscores between version and description";
    }
    return "expected V<version>__<description>.sql or <number>_<description>.up.sql";
  }
}
