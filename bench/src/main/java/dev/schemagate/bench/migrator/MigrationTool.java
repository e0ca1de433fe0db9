package dev.schemagate.bench.migrator;

import java.nio.file.Path;

/** One of the benchmarked tools (or the floor), run in this JVM or in a new one. */
public interface MigrationTool {

  /** A short name for the report. */
  String name();

  /** The table in which the tool records applied migrations (in the run's schema). */
  String historyTable();

  /**
   * Applies every pending migration in {@code dir} to {@code target}'s schema, exactly as a user
   * would start the tool: configuration, connection, validation, the migrations, the history.
   * Throws if the tool reports a failure.
   */
  void migrate(RunTarget target, Path dir);
}
