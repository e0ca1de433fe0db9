package dev.schemagate.bench.migrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the benchmark's migrations: {@code count} Flyway-style files, each with three statements
 * (create a table, index it, fill it), so both tools parse the same names and run the same SQL.
 */
public final class MigrationSetGenerator {

  public static final int STATEMENTS_PER_MIGRATION = 3;

  private MigrationSetGenerator() {}

  /** The file name of migration {@code n} (1-based); valid for both Flyway and the migrator. */
  public static String fileName(int n) {
    return "V%d__create_bench_%04d.sql".formatted(n, n);
  }

  /** The SQL of migration {@code n}: exactly {@link #STATEMENTS_PER_MIGRATION} statements. */
  public static String sql(int n) {
    String table = tableName(n);
    return """
        -- schemagate-bench: generated migration %d
        CREATE TABLE %s (
            id         bigint PRIMARY KEY,
            name       text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX %s_name_idx ON %s (name);
        INSERT INTO %s (id, name) SELECT g, 'row ' || g FROM generate_series(1, 10) AS g;
        """
        .formatted(n, table, table, table, table);
  }

  public static String tableName(int n) {
    return "bench_%04d".formatted(n);
  }

  /** Deletes a directory written by {@link #writeTo} (its files and itself, not its parent). */
  public static void delete(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  /** Writes migrations 1..count into {@code dir} (created if missing) and returns it. */
  public static Path writeTo(Path dir, int count) {
    try {
      Files.createDirectories(dir);
      for (int n = 1; n <= count; n++) {
        Files.writeString(dir.resolve(fileName(n)), sql(n), StandardCharsets.UTF_8);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write migrations to " + dir, e);
    }
  }
}
