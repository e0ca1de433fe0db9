package dev.schemagate.migrator.history;

import static dev.schemagate.migrator.sql.SqlLiterals.identifier;
import static dev.schemagate.migrator.sql.SqlLiterals.literal;

import dev.schemagate.migrator.resolve.ResolvedMigration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The history table {@code <schema>.schemagate_migrations}: one row per applied version. All SQL
 * that touches it lives here. The SQL text is built with quoted literals rather than bind
 * parameters so that a history row can travel in the same round trip as the migration it records.
 */
public final class SchemaHistory {

  /** The table's name. */
  public static final String TABLE = "schemagate_migrations";

  private static final String UNDEFINED_TABLE = "42P01";
  private static final String INVALID_SCHEMA = "3F000";

  private static final String COLUMNS =
      "version, description, script, checksum, applied_at, execution_ms, applied_by, success";

  private final String schemaName;
  private final String table;

  public SchemaHistory(String schema) {
    this.schemaName = identifier(schema);
    this.table = schemaName + "." + identifier(TABLE);
  }

  /** The quoted, schema-qualified table name. */
  public String table() {
    return table;
  }

  /**
   * Reads the history without changing anything; empty when the table does not exist yet. One round
   * trip: the query itself tells whether the table exists.
   */
  public List<AppliedMigration> read(Statement statement) throws SQLException {
    try {
      return select(statement);
    } catch (SQLException e) {
      if (UNDEFINED_TABLE.equals(e.getSQLState()) || INVALID_SCHEMA.equals(e.getSQLState())) {
        return List.of();
      }
      throw e;
    }
  }

  /** Creates the schema and the table when missing, then reads the history. */
  public List<AppliedMigration> createIfMissingAndRead(Statement statement) throws SQLException {
    Existence existence = existence(statement);
    if (existence.table()) {
      return select(statement);
    }
    // Checked first because CREATE SCHEMA IF NOT EXISTS still needs the CREATE privilege on the
    // database, which a migration user often lacks for a schema that already exists.
    String createSchema =
        existence.schema() ? "" : "CREATE SCHEMA IF NOT EXISTS " + schemaName + ";\n";
    statement.execute(
        createSchema
            + "CREATE TABLE IF NOT EXISTS "
            + table
            + " (\n"
            + "  version text PRIMARY KEY,\n"
            + "  description text NOT NULL,\n"
            + "  script text NOT NULL,\n"
            + "  checksum text NOT NULL,\n"
            + "  applied_at timestamptz NOT NULL DEFAULT now(),\n"
            + "  execution_ms integer NOT NULL,\n"
            + "  applied_by text NOT NULL,\n"
            + "  success boolean NOT NULL\n"
            + ")");
    return List.of();
  }

  /**
   * SQL that records {@code migration}. A plain INSERT (not an upsert) so that applying a version
   * twice fails on the primary key; a row left by an earlier failed attempt is deleted first.
   *
   * @param executionMs a SQL expression for the duration in milliseconds
   * @param replacesFailedRow whether the history holds a failed row for this version
   */
  public String recordSql(
      ResolvedMigration migration,
      String appliedBy,
      String executionMs,
      boolean success,
      boolean replacesFailedRow) {
    String version = literal(migration.version().toString());
    String delete =
        replacesFailedRow
            ? "DELETE FROM " + table + " WHERE version = " + version + " AND NOT success;\n"
            : "";
    return delete
        + "INSERT INTO "
        + table
        + " ("
        + COLUMNS
        + ") VALUES ("
        + version
        + ", "
        + literal(migration.description())
        + ", "
        + literal(migration.script())
        + ", "
        + literal(migration.checksum())
        + ", now(), "
        + executionMs
        + ", "
        + literal(appliedBy)
        + ", "
        + success
        + ")";
  }

  /**
   * An update that writes (and so must flush) WAL without changing anything. Committed with the
   * session's {@code synchronous_commit}, it makes every earlier commit durable too.
   */
  public String durabilityBarrierSql(String version) {
    return "UPDATE " + table + " SET success = success WHERE version = " + literal(version);
  }

  private record Existence(boolean schema, boolean table) {}

  private Existence existence(Statement statement) throws SQLException {
    try (ResultSet rs =
        statement.executeQuery(
            "SELECT to_regnamespace("
                + literal(schemaName)
                + ") IS NOT NULL, to_regclass("
                + literal(table)
                + ") IS NOT NULL")) {
      rs.next();
      return new Existence(rs.getBoolean(1), rs.getBoolean(2));
    }
  }

  private List<AppliedMigration> select(Statement statement) throws SQLException {
    List<AppliedMigration> rows = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery("SELECT " + COLUMNS + " FROM " + table)) {
      while (rs.next()) {
        rows.add(
            new AppliedMigration(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getObject(5, OffsetDateTime.class),
                rs.getInt(6),
                rs.getString(7),
                rs.getBoolean(8)));
      }
    }
    return rows;
  }
}
