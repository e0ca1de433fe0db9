package dev.schemagate.migrator.lock;

import dev.schemagate.migrator.config.Durations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The migration lock: a session-level PostgreSQL advisory lock held on a connection of its own for
 * the whole run, so a runner that crashes releases it with its session. Waiting runners block in
 * {@code pg_advisory_lock} in slices bounded by {@code lock_timeout}: they get the lock the moment
 * it is released, and between slices they log who holds it.
 */
public final class MigrationLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);
  private static final Duration LOG_EVERY = Duration.ofSeconds(5);
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final Statement statement;
  private final AdvisoryLockKey key;

  private MigrationLock(Statement statement, AdvisoryLockKey key) {
    this.statement = statement;
    this.key = key;
  }

  /**
   * Takes the lock for {@code schema} on {@code connection}, waiting at most {@code timeout}.
   *
   * @throws LockTimeoutException when another session still holds it after {@code timeout}
   */
  public static MigrationLock acquire(Connection connection, String schema, Duration timeout)
      throws SQLException, LockTimeoutException {
    AdvisoryLockKey key = AdvisoryLockKey.forSchema(schema);
    Statement statement = connection.createStatement();
    try {
      if (tryLock(statement, connection, key)) {
        return new MigrationLock(statement, key);
      }
      waitForLock(statement, key, schema, timeout);
      return new MigrationLock(statement, key);
    } catch (SQLException | LockTimeoutException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /**
   * Whether no session holds the lock of {@code schema} right now: takes it and lets it go at once,
   * in one statement, on {@code statement}'s session (which must not hold it).
   */
  public static boolean isFree(Statement statement, String schema) throws SQLException {
    long key = AdvisoryLockKey.forSchema(schema).value();
    try (ResultSet rs =
        statement.executeQuery(
            "SELECT CASE WHEN pg_try_advisory_lock("
                + key
                + ") THEN pg_advisory_unlock("
                + key
                + ") ELSE false END")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  /**
   * One round trip that also makes this session safe to hold the lock for long: no statement
   * timeout, and no idle-session timeout (PostgreSQL 14+), which would end the session and drop the
   * lock while migrations run on the other connection.
   */
  private static boolean tryLock(Statement statement, Connection connection, AdvisoryLockKey key)
      throws SQLException {
    boolean hasIdleSessionTimeout = connection.getMetaData().getDatabaseMajorVersion() >= 14;
    String sql =
        "SELECT pg_try_advisory_lock("
            + key.value()
            + "), set_config('statement_timeout', '0', false)"
            + (hasIdleSessionTimeout ? ", set_config('idle_session_timeout', '0', false)" : "");
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static void waitForLock(
      Statement statement, AdvisoryLockKey key, String schema, Duration timeout)
      throws SQLException, LockTimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String holders = describe(holders(statement, key));
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new LockTimeoutException(
            "the migration lock of schema "
                + schema
                + " was not obtained within "
                + Durations.format(timeout)
                + "; it is held by "
                + holders);
      }
      LOG.atInfo()
          .addKeyValue("schema", schema)
          .addKeyValue("holders", holders)
          .log(
              "Waiting for the migration lock of schema {}: held by {}; giving up in {}",
              schema,
              holders,
              Durations.format(Duration.ofMillis(Math.max(1, remaining / 1_000_000))));
      long slice = Math.max(1, Math.min(LOG_EVERY.toMillis(), remaining / 1_000_000));
      try {
        statement.execute(
            "SET lock_timeout = " + slice + "; SELECT pg_advisory_lock(" + key.value() + ")");
        return;
      } catch (SQLException e) {
        if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          throw e;
        }
      }
    }
  }

  /** The sessions holding the lock for {@code key}, as far as this user may see them. */
  static List<LockHolder> holders(Statement statement, AdvisoryLockKey key) throws SQLException {
    String sql =
        "SELECT a.pid, a.application_name, host(a.client_addr), a.usename, a.backend_start"
            + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND l.classid = "
            + key.classId()
            + "::bigint::oid AND l.objid = "
            + key.objectId()
            + "::bigint::oid";
    List<LockHolder> holders = new ArrayList<>();
    try (ResultSet rs = statement.executeQuery(sql)) {
      while (rs.next()) {
        holders.add(
            new LockHolder(
                rs.getInt(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getObject(5, OffsetDateTime.class)));
      }
    }
    return holders;
  }

  private static String describe(List<LockHolder> holders) {
    if (holders.isEmpty()) {
      return "a session that has just released it or that this user cannot see";
    }
    return holders.stream().map(LockHolder::describe).collect(Collectors.joining("; "));
  }

  /** Releases the lock. Closing the session would release it as well. */
  @Override
  public void close() throws SQLException {
    try {
      statement.execute("SELECT pg_advisory_unlock(" + key.value() + ")");
    } finally {
      statement.close();
    }
  }
}
