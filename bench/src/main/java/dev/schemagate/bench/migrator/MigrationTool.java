package dev.schemagate.bench.migrator;

import java.nio.file.Path;

/** One of the benchmarked tools, run in-process so both share the same warm JVM. */
public interface MigrationTool {

  /** A short name for the report. */
  String name();

  /** The table in which the tool records applied migrations (schema {@code public}). */
  String historyTable();

  /**
   * Applies every pending migration in {@code dir} to the database at {@code jdbcUrl}, exactly as a
   * user would start the tool: configuration, connection, validation, the migrations, the history.
   * Throws if the tool reports a failure.
   */
  void migrate(String jdbcUrl, String user, String password, Path dir);
}
