package dev.schemagate.migrator.run;

import dev.schemagate.migrator.sql.SqlLiterals;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * After a {@code lock_timeout}, finds which relation the migration most likely waited for:
 * PostgreSQL does not say, so look for locks other sessions hold on relations whose names occur in
 * the failed SQL.
 */
final class LockWaitDiagnosis {

  private static final int MAX_NAMES = 500;
  private static final int MAX_REPORTED = 3;

  /** A relation locked by another session. */
  record LockedRelation(String relation, String mode, int pid, String applicationName) {

    String describe() {
      return "relation "
          + relation
          + " is locked by pid "
          + pid
          + " (application "
          + (applicationName == null || applicationName.isEmpty() ? "unknown" : applicationName)
          + ", "
          + mode
          + ")";
    }
  }

  private LockWaitDiagnosis() {}

  /** What the diagnosis found: a sentence and the first relation, or nothing. */
  record Finding(String sentence, String relation) {}

  /**
   * The locked relations among {@code names}, those in {@code schema} (the run's) first, then in
   * {@code public}, or null when none is found.
   */
  static Finding describe(Statement statement, Collection<String> names, String schema) {
    try {
      List<LockedRelation> locked = find(statement, names, schema);
      if (locked.isEmpty()) {
        return null;
      }
      return new Finding(
          "waited for a lock held by another session; "
              + locked.stream().map(LockedRelation::describe).collect(Collectors.joining("; ")),
          locked.getFirst().relation());
    } catch (SQLException e) {
      return null;
    }
  }

  static List<LockedRelation> find(Statement statement, Collection<String> names, String schema)
      throws SQLException {
    if (names.isEmpty()) {
      return List.of();
    }
    String array =
        names.stream()
            .limit(MAX_NAMES)
            .map(SqlLiterals::literal)
            .collect(Collectors.joining(", ", "ARRAY[", "]::text[]"));
    // A name may exist in several schemas; the run's own (its search_path) comes first.
    String sql =
        "SELECT relation, mode, pid, application_name FROM (SELECT DISTINCT ON (c.oid, l.pid)"
            + " format('%I.%I', n.nspname, c.relname) AS relation, l.mode, l.pid,"
            + " a.application_name, n.nspname = "
            + SqlLiterals.literal(schema)
            + " AS in_schema, n.nspname = 'public' AS in_public"
            + " FROM pg_locks l"
            + " JOIN pg_class c ON c.oid = l.relation"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND c.relname::text = ANY ("
            + array
            + ") ORDER BY c.oid, l.pid) locked ORDER BY in_schema DESC, in_public DESC LIMIT "
            + MAX_REPORTED;
    List<LockedRelation> result = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        result.add(
            new LockedRelation(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
      }
    }
    return result;
  }
}
