package dev.schemagate.bench.migrator;

import dev.schemagate.migrator.sql.SqlLiterals;

/**
 * Checks, outside the timed section, that a run really did the work: every table exists in the
 * run's schema and the tool recorded every migration exactly once. A tool that skipped work would
 * otherwise look fast.
 */
final class RunVerifier {

  private final BenchServer server;
  private final int migrations;

  RunVerifier(BenchServer server, int migrations) {
    this.server = server;
    this.migrations = migrations;
  }

  void verify(MigrationTool tool, String database, String schema) {
    long tables =
        Long.parseLong(
            server.queryOne(
                database,
                "SELECT count(*) FROM pg_tables WHERE schemaname = "
                    + SqlLiterals.literal(schema)
                    + " AND tablename LIKE 'bench\\_%'"));
    long rows =
        Long.parseLong(
            server.queryOne(
                database,
                "SELECT count(*) FROM "
                    + SqlLiterals.identifier(schema)
                    + "."
                    + tool.historyTable()
                    + " WHERE success"));
    if (tables != migrations || rows != migrations) {
      throw new IllegalStateException(
          "%s left %d of %d tables and %d successful history rows in %s.%s"
              .formatted(tool.name(), tables, migrations, rows, database, schema));
    }
  }
}
