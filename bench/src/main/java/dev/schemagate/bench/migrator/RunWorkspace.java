package dev.schemagate.bench.migrator;

import dev.schemagate.migrator.sql.SqlLiterals;

/**
 * Fresh, empty places for timed runs, made and thrown away outside the clock. By default each run
 * gets a new schema in one benchmark database (both tools in the same database, each run's tables
 * and history table in its own schema), as the benchmark asks; with {@code
 * --fresh-database} each run gets a database of its own, schema {@code public}.
 */
final class RunWorkspace implements AutoCloseable {

  /** The database that holds the per-run schemas. */
  static final String DATABASE = "schemagate_bench";

  /** Where one run goes. */
  record Place(String database, String schema) {}

  private final BenchServer server;
  private final boolean databasePerRun;

  RunWorkspace(BenchServer server, boolean databasePerRun) {
    this.server = server;
    this.databasePerRun = databasePerRun;
    if (!databasePerRun) {
      server.createDatabase(DATABASE);
    }
  }

  /** What a run gets, for the report. */
  String describe() {
    return databasePerRun
        ? "a fresh database per run (schema public)"
        : "a fresh schema per run, all in database " + DATABASE;
  }

  /** A new, empty place named after {@code name} (lower-case letters, digits, underscores). */
  Place create(String name) {
    if (databasePerRun) {
      server.createDatabase(name);
      return new Place(name, "public");
    }
    String schema = SqlLiterals.identifier(name);
    server.execute(DATABASE, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    server.execute(DATABASE, "CREATE SCHEMA " + schema);
    return new Place(DATABASE, name);
  }

  RunTarget target(Place place) {
    return new RunTarget(
        server.jdbcUrl(place.database()), server.user(), server.password(), place.schema());
  }

  /**
   * Drops {@code place}. After dropping a schema, vacuums the catalogs, so that every run starts
   * with catalogs of the same size instead of those its predecessors left dead rows in.
   */
  void discard(Place place) {
    if (databasePerRun) {
      server.dropDatabase(place.database());
      return;
    }
    server.execute(DATABASE, "DROP SCHEMA " + SqlLiterals.identifier(place.schema()) + " CASCADE");
    server.execute(DATABASE, "VACUUM");
  }

  @Override
  public void close() {
    if (!databasePerRun) {
      server.dropDatabase(DATABASE);
    }
  }
}
