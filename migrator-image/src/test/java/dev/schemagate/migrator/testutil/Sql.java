package dev.schemagate.migrator.testutil;

import dev.schemagate.migrator.lock.AdvisoryLockKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Small queries tests make to check what a run did. */
public final class Sql {

  private Sql() {}

  /** The first column of every row of {@code query}, as text. */
  public static List<String> column(String query) {
    try (Connection connection = TestPostgres.get().connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(query)) {
      List<String> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot run " + query, e);
    }
  }

  /** The single value {@code query} returns, as text. */
  public static String value(String query) {
    List<String> values = column(query);
    if (values.size() != 1) {
      throw new IllegalStateException(query + " returned " + values.size() + " rows");
    }
    return values.getFirst();
  }

  /** Whether relation {@code schema.name} exists. */
  public static boolean relationExists(String schema, String name) {
    return value("SELECT to_regclass('\"" + schema + "\".\"" + name + "\"') IS NOT NULL")
        .equals("t");
  }

  /** The versions in the history table of {@code schema}, in order of application. */
  public static List<String> historyVersions(String schema) {
    return column(
        "SELECT version FROM \""
            + schema
            + "\".schemagate_migrations WHERE success ORDER BY string_to_array(version, '.')::numeric[]");
  }

  /** How many sessions wait for the migration lock of {@code schema} right now. */
  public static int migrationLockWaiters(String schema) {
    long key = AdvisoryLockKey.forSchema(schema).value();
    return Integer.parseInt(
        value(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND objsubid = 1 AND objid = "
                + (key & 0xFFFF_FFFFL)
                + "::bigint::oid AND classid = "
                + (key >>> 32)
                + "::bigint::oid"));
  }
}
