package dev.schemagate.migrator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.migrator.lock.AdvisoryLockKey;
import dev.schemagate.migrator.run.Connections;
import dev.schemagate.migrator.testutil.CliRun;
import dev.schemagate.migrator.testutil.MigrationDir;
import dev.schemagate.migrator.testutil.MigratorJar;
import dev.schemagate.migrator.testutil.MigratorRunner;
import dev.schemagate.migrator.testutil.Sql;
import dev.schemagate.migrator.testutil.TestPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migrator process (the shaded jar, as in a Job's pod) is killed with SIGKILL at a random point
 * of a 30-migration run, 20 times, each time in a fresh schema. After each kill the database must
 * hold whole migrations only (both tables of an applied migration with all their rows; nothing of
 * one that is not in the history), the history must be a prefix of the files with every row
 * successful, the advisory lock must be free once the killed sessions are gone, and the next run
 * must complete. Every other time the next run starts right after the kill, while the killed
 * runner's session may still be applying its last migration, and must complete all the same.
 *
 * <p>Each migration runs in one transaction with its history row, so a kill leaves either all of it
 * or nothing. Files marked {@code -- schemagate:no-transaction} are outside that promise by nature
 * and are not used here. The seed is printed; {@code -Dschemagate.faults.seed=N} repeats the kill
 * points.
 */
class MigratorCrashIT {

  static final int MIGRATIONS = 30;
  static final int KILLS = 20;
  static final int ROWS = 1000;

  @TempDir Path temp;

  @Test
  void killedAtRandomPointsTheDatabaseHoldsWholeMigrationsAndTheNextRunCompletes()
      throws Exception {
    long seed = Long.getLong("schemagate.faults.seed", System.nanoTime());
    System.out.println("MigratorCrashIT seed " + seed + " (-Dschemagate.faults.seed=" + seed + ")");
    SplittableRandom random = new SplittableRandom(seed);
    MigrationDir dir = migrations();

    int midRun = 0;
    int insideTransaction = 0;
    for (int kill = 1; kill <= KILLS; kill++) {
      String schema = TestPostgres.freshSchema("crash");
      Process process = start(schema, dir, temp.resolve("migrator-" + kill + ".log"));
      String point;
      boolean openTransaction;
      try (Connection watcher = TestPostgres.get().connect()) {
        // Mostly a little after the k-th commit (inside migration k+1); sometimes anywhere in the
        // first 1.5 s (JVM start, connecting, taking the lock, validating, the first migrations).
        if (random.nextInt(6) == 0) {
          long delay = random.nextInt(1500);
          Thread.sleep(delay);
          point = "+" + delay + " ms after start";
        } else {
          int after = random.nextInt(MIGRATIONS - 1);
          int extra = random.nextInt(20);
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(5))
              .until(() -> appliedCount(watcher, schema) >= after || !process.isAlive());
          Thread.sleep(extra);
          point = extra + " ms after commit #" + after;
        }
        openTransaction = migratorTransactionOpen(watcher);
      }
      boolean alive = process.isAlive();
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

      // Every other kill, the next runner starts at once, while the killed one's session may
      // still be applying (and may yet commit) its last migration: it must wait for that session
      // rather than apply the same migration beside it. Otherwise the state is checked first.
      boolean nextAtOnce = kill % 2 == 0;
      if (!nextAtOnce) {
        awaitKilledSessionsGone();
      }
      List<String> history = history(schema);
      System.out.printf(
          "MigratorCrashIT: kill %d/%d %s (%s%s): %d of %d migrations applied%s%n",
          kill,
          KILLS,
          point,
          alive ? "process running" : "process had already exited",
          openTransaction ? ", a migration transaction open" : "",
          history.size(),
          MIGRATIONS,
          nextAtOnce ? " so far; the next run starts at once" : "");
      if (alive && history.size() < MIGRATIONS) {
        midRun++;
      }
      if (alive && openTransaction) {
        insideTransaction++;
      }
      if (!nextAtOnce) {
        assertWholeMigrationsOnly(schema, history);
        assertThat(lockHolders(schema)).as("advisory lock of %s", schema).isZero();
      }

      CliRun next = MigratorRunner.forSchema(schema, dir).run("migrate");
      assertThat(next.exitCode()).as("the next run: %s", next).isZero();
      List<String> completed = history(schema);
      assertThat(completed).hasSize(MIGRATIONS);
      assertWholeMigrationsOnly(schema, completed);
    }
    System.out.printf(
        "MigratorCrashIT: %d of %d kills interrupted a run, %d of them (seen just before the kill)"
            + " inside a migration's transaction%n",
        midRun, KILLS, insideTransaction);
    assertThat(midRun).as("kills that interrupted a run").isGreaterThanOrEqualTo(KILLS / 2);
    assertThat(insideTransaction)
        .as("kills inside a migration's transaction")
        .isGreaterThanOrEqualTo(KILLS / 4);
  }

  /** Whether a migrator session is inside a transaction (the lock's session never is). */
  private static boolean migratorTransactionOpen(Connection watcher) throws SQLException {
    try (Statement statement = watcher.createStatement()) {
      return count(
              statement,
              "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                  + Connections.APPLICATION_NAME
                  + "' AND xact_start IS NOT NULL")
          > 0;
    }
  }

  /**
   * Thirty migrations of two tables each, filled with rows, with a short sleep in between: long
   * enough that a kill lands inside a transaction.
   */
  private MigrationDir migrations() {
    MigrationDir dir = MigrationDir.in(temp);
    for (int v = 1; v <= MIGRATIONS; v++) {
      dir.file(
          "V" + v + "__pair_" + v + ".sql",
          """
          CREATE TABLE m%1$d_a (id int PRIMARY KEY, payload text NOT NULL);
          INSERT INTO m%1$d_a SELECT g, md5(g::text) FROM generate_series(1, %2$d) g;
          SELECT pg_sleep(0.02);
          CREATE TABLE m%1$d_b (id int PRIMARY KEY REFERENCES m%1$d_a (id));
          INSERT INTO m%1$d_b SELECT id FROM m%1$d_a;
          """
              .formatted(v, ROWS));
    }
    return dir;
  }

  private static Process start(String schema, MigrationDir dir, Path log) throws IOException {
    ProcessBuilder builder =
        MigratorJar.migrate(schema, dir, Path.of(log + ".termination"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SCHEMAGATE_LOG_FORMAT", "text");
    builder.environment().put("HOSTNAME", "crash-test");
    return builder.start();
  }

  /**
   * A killed client's sessions end when PostgreSQL notices the closed socket: at once when idle,
   * after the running statement otherwise. Until then the lock and an open transaction may remain;
   * that they then go is exactly what a crashed pod relies on.
   */
  private static void awaitKilledSessionsGone() {
    await("the killed migrator's sessions end")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                Sql.value(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                            + Connections.APPLICATION_NAME
                            + "'")
                    .equals("0"));
  }

  /**
   * The history is a prefix of the files, every row successful; an applied migration has both
   * tables with all rows, a pending one has neither. One connection, few queries.
   */
  private static void assertWholeMigrationsOnly(String schema, List<String> history)
      throws SQLException {
    List<String> prefix =
        IntStream.rangeClosed(1, history.size()).mapToObj(Integer::toString).toList();
    assertThat(history).as("history of %s", schema).containsExactlyElementsOf(prefix);
    try (Connection connection = TestPostgres.get().connect();
        Statement statement = connection.createStatement()) {
      if (!history.isEmpty()) {
        assertThat(
                count(
                    statement,
                    "SELECT count(*) FROM \""
                        + schema
                        + "\".schemagate_migrations WHERE NOT success"))
            .as("failed history rows")
            .isZero();
      }
      Set<String> tables = new TreeSet<>();
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT tablename FROM pg_tables WHERE schemaname = '"
                  + schema
                  + "' AND tablename <> 'schemagate_migrations'")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      Set<String> expected = new TreeSet<>();
      for (int v = 1; v <= history.size(); v++) {
        expected.add("m" + v + "_a");
        expected.add("m" + v + "_b");
      }
      assertThat(tables)
          .as("tables of %s with %d migrations applied", schema, history.size())
          .containsExactlyInAnyOrderElementsOf(expected);
      for (String table : expected) {
        assertThat(count(statement, "SELECT count(*) FROM \"" + schema + "\"." + table))
            .as("rows of %s.%s", schema, table)
            .isEqualTo(ROWS);
      }
    }
  }

  private static int count(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Versions of successful history rows in order; empty before the history table exists. */
  private static List<String> history(String schema) {
    return Sql.relationExists(schema, "schemagate_migrations")
        ? Sql.historyVersions(schema)
        : List.of();
  }

  /** Sessions holding the schema's migration lock (pg_locks shows the key as classid/objid). */
  private static int lockHolders(String schema) {
    AdvisoryLockKey key = AdvisoryLockKey.forSchema(schema);
    return Integer.parseInt(
        Sql.value(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND classid = "
                + key.classId()
                + "::bigint::oid AND objid = "
                + key.objectId()
                + "::bigint::oid AND objsubid = 1"));
  }

  /** Committed history rows; 0 before the history table exists. */
  private static int appliedCount(Connection connection, String schema) {
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT count(*) FROM \"" + schema + "\".schemagate_migrations")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      return 0; // not created yet
    }
  }
}
