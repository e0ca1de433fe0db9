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
 *
 * <p>A runner that dies loses its lock at once, but its work session on the server may still be
 * applying its last migration (the server notices the dead client only when it next talks to it)
 * and may commit it. So the work session of every runner holds a second advisory lock shared (the
 * same key in the two-integer form), and the runner that gets the migration lock then waits until
 * it can take that one exclusively, that is until no earlier runner's work session is left, before
 * it reads the history.
 */
public final class MigrationLock implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationLock.class);
  private static final Duration LOG_EVERY = Duration.ofSeconds(5);
  private static final String LOCK_NOT_AVAILABLE = "55P03";
  private static final int WHOLE = AdvisoryLockKey.WHOLE;
  private static final int FENCE = AdvisoryLockKey.TWO_INTEGERS;

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
    long deadline = System.nanoTime() + timeout.toNanos();
    Statement statement = connection.createStatement();
    try {
      if (!tryLock(statement, connection, key)) {
        waitUntilGranted(
            statement, key, WHOLE, "the migration lock of schema " + schema, deadline, timeout);
      }
      MigrationLock lock = new MigrationLock(statement, key);
      if (!isKeyFree(statement, key.arguments(FENCE))) {
        waitUntilGranted(
            statement,
            key,
            FENCE,
            "the end of a stopped runner's session on schema " + schema,
            deadline,
            timeout);
        statement.execute("SELECT pg_advisory_unlock(" + key.arguments(FENCE) + ")");
      }
      return lock;
    } catch (SQLException | LockTimeoutException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /**
   * Marks {@code workStatement}'s session as this runner's work session (see the class comment)
   * until the returned {@link Work} is closed, which must happen before this lock is released, or
   * until the session ends.
   */
  public Work work(Statement workStatement) throws SQLException {
    String fence = key.arguments(FENCE);
    workStatement.execute("SELECT pg_advisory_lock_shared(" + fence + ")");
    return new Work(workStatement, fence);
  }

  /** The work session's share of the lock; see {@link #work}. */
  public static final class Work implements AutoCloseable {

    private final Statement statement;
    private final String fence;

    private Work(Statement statement, String fence) {
      this.statement = statement;
      this.fence = fence;
    }

    /** Lets go before the lock does, so the next runner need not wait for this session to end. */
    @Override
    public void close() {
      try {
        statement.execute("SELECT pg_advisory_unlock_shared(" + fence + ")");
      } catch (SQLException e) {
        // the session is gone or broken, and its end releases the share
      }
    }
  }

  /**
   * Whether no session holds the lock of {@code schema} right now: takes it and lets it go at once,
   * in one statement, on {@code statement}'s session (which must not hold it).
   */
  public static boolean isFree(Statement statement, String schema) throws SQLException {
    return isKeyFree(statement, AdvisoryLockKey.forSchema(schema).arguments(WHOLE));
  }

  /** Like {@link #isFree}, for the key written as {@code pg_advisory_lock}'s arguments. */
  private static boolean isKeyFree(Statement statement, String keyArguments) throws SQLException {
    try (ResultSet rs =
        statement.executeQuery(
            "SELECT CASE WHEN pg_try_advisory_lock("
                + keyArguments
                + ") THEN pg_advisory_unlock("
                + keyArguments
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

  private static void waitUntilGranted(
      Statement statement,
      AdvisoryLockKey key,
      int form,
      String what,
      long deadline,
      Duration timeout)
      throws SQLException, LockTimeoutException {
    while (true) {
      String heldBy = describe(holders(statement, key, form));
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new LockTimeoutException(
            "gave up waiting for "
                + what
                + " after "
                + Durations.format(timeout)
                + "; held by "
                + heldBy);
      }
      LOG.atInfo()
          .addKeyValue("holders", heldBy)
          .log(
              "Waiting for {}: held by {}; giving up in {}",
              what,
              heldBy,
              Durations.format(Duration.ofMillis(Math.max(1, remaining / 1_000_000))));
      long slice = Math.max(1, Math.min(LOG_EVERY.toMillis(), remaining / 1_000_000));
      try {
        statement.execute(
            "SET lock_timeout = "
                + slice
                + "; SELECT pg_advisory_lock("
                + key.arguments(form)
                + ")");
        return;
      } catch (SQLException e) {
        if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
          throw e;
        }
      }
    }
  }

  /** The sessions holding {@code key} in {@code form}, as far as this user may see them. */
  private static List<LockHolder> holders(Statement statement, AdvisoryLockKey key, int form)
      throws SQLException {
    String sql =
        "SELECT a.pid, a.application_name, host(a.client_addr), a.usename, a.backend_start"
            + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = "
            + form
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
