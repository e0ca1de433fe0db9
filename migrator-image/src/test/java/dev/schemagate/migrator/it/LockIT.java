package dev.schemagate.migrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.migrator.lock.AdvisoryLockKey;
import dev.schemagate.migrator.testutil.CliRun;
import dev.schemagate.migrator.testutil.MigrationDir;
import dev.schemagate.migrator.testutil.MigratorRunner;
import dev.schemagate.migrator.testutil.Sql;
import dev.schemagate.migrator.testutil.TestPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockIT {

  @TempDir Path temp;

  private String schema;
  private MigrationDir dir;
  private MigratorRunner migrator;

  @BeforeEach
  void freshSchema() {
    schema = TestPostgres.freshSchema("lock");
    dir = MigrationDir.in(temp);
    migrator = MigratorRunner.forSchema(schema, dir);
    dir.file("V1__a.sql", "CREATE TABLE a (id int);");
  }

  @Test
  void givesUpAfterLockTimeoutNamingTheHolder() throws Exception {
    try (Connection holder = TestPostgres.get().connect("test-lock-holder");
        Statement statement = holder.createStatement()) {
      statement.execute(
          "SELECT pg_advisory_lock(" + AdvisoryLockKey.forSchema(schema).value() + ")");
      int pid = pid(statement);

      long started = System.nanoTime();
      CliRun run = migrator.run("migrate", "--lock-timeout", "2s");
      long waitedMs = (System.nanoTime() - started) / 1_000_000;

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(waitedMs).as("gave up only after the lock timeout").isGreaterThanOrEqualTo(2000);
      JsonNode result = run.result();
      assertThat(result.get("status").asText()).isEqualTo("lock_timeout");
      assertThat(result.get("message").asText()).contains("2s", "pid " + pid, "test-lock-holder");
      assertThat(run.stderr())
          .contains("Waiting for the migration lock", "pid " + pid, "test-lock-holder");
      assertThat(run.terminationResult().get("status").asText()).isEqualTo("lock_timeout");
      assertThat(Sql.relationExists(schema, "a")).isFalse();
    }
  }

  /**
   * What a runner that still holds the lock committed may not be flushed yet, so an up-to-date
   * history only counts once the lock is free; with it free, no wait at all.
   */
  @Test
  void upToDateRunWaitsForARunnerStillHoldingTheLock() throws Exception {
    assertThat(migrator.run("migrate").exitCode()).isZero();
    try (Connection holder = TestPostgres.get().connect("test-lock-holder");
        Statement statement = holder.createStatement()) {
      long key = AdvisoryLockKey.forSchema(schema).value();
      statement.execute("SELECT pg_advisory_lock(" + key + ")");
      CliRun held = migrator.run("migrate", "--lock-timeout", "1s");
      assertThat(held.exitCode()).as(held.toString()).isEqualTo(4);
      assertThat(held.stderr()).contains("test-lock-holder");

      statement.execute("SELECT pg_advisory_unlock(" + key + ")");
      CliRun free = migrator.run("migrate", "--lock-timeout", "0");
      assertThat(free.exitCode()).as(free.toString()).isZero();
      assertThat(free.result().get("applied")).isEmpty();
      assertThat(free.stderr()).contains("up to date");
    }
  }

  @Test
  void otherSchemasAreNotBlocked() throws Exception {
    try (Connection holder = TestPostgres.get().connect();
        Statement statement = holder.createStatement()) {
      statement.execute(
          "SELECT pg_advisory_lock(" + AdvisoryLockKey.forSchema(schema + "_other").value() + ")");
      CliRun run = migrator.run("migrate", "--lock-timeout", "0");
      assertThat(run.exitCode()).as(run.toString()).isZero();
    }
  }

  @Test
  void waitingRunnerProceedsWhenTheLockIsReleasedAndSeesWhatWasApplied() throws Exception {
    dir.file("V2__b.sql", "CREATE TABLE b (id int);");
    try (Connection holder = TestPostgres.get().connect("test-lock-holder");
        Statement statement = holder.createStatement()) {
      long key = AdvisoryLockKey.forSchema(schema).value();
      statement.execute("SELECT pg_advisory_lock(" + key + ")");

      CompletableFuture<CliRun> waiting =
          CompletableFuture.supplyAsync(() -> migrator.run("migrate", "--lock-timeout", "60s"));
      await().atMost(Duration.ofSeconds(30)).until(() -> Sql.migrationLockWaiters(schema) == 1);

      // While it waits, "another runner" applies version 1 and records it.
      statement.execute(
          "CREATE SCHEMA \""
              + schema
              + "\"; CREATE TABLE \""
              + schema
              + "\".a (id int);"
              + " CREATE TABLE \""
              + schema
              + "\".schemagate_migrations (version text PRIMARY KEY,"
              + " description text NOT NULL, script text NOT NULL, checksum text NOT NULL,"
              + " applied_at timestamptz NOT NULL DEFAULT now(), execution_ms integer NOT NULL,"
              + " applied_by text NOT NULL, success boolean NOT NULL);"
              + " INSERT INTO \""
              + schema
              + "\".schemagate_migrations VALUES ('1', 'a', 'V1__a.sql',"
              + " encode(sha256(convert_to('CREATE TABLE a (id int);', 'UTF8')), 'hex'), now(), 1, 'other', true)");
      statement.execute("SELECT pg_advisory_unlock(" + key + ")");

      CliRun run = waiting.get();
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.result().get("applied")).extracting(JsonNode::asText).containsExactly("2");
      assertThat(Sql.historyVersions(schema)).containsExactly("1", "2");
    }
  }

  @Test
  void migrationBlockedByATableLockFailsAfterLockTimeoutNamingTheTable() throws Exception {
    assertThat(migrator.run("migrate").exitCode()).isZero();
    dir.file("V2__alter.sql", "ALTER TABLE a ADD COLUMN note text;");
    try (Connection blocker = TestPostgres.get().connect("test-table-holder");
        Statement statement = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      statement.execute("SELECT * FROM \"" + schema + "\".a FOR UPDATE");
      int pid = pid(statement);

      CliRun run = migrator.run("migrate", "--db-lock-timeout", "1s");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
      JsonNode failure = run.result().get("failure");
      assertThat(failure.get("version").asText()).isEqualTo("2");
      assertThat(failure.get("sqlState").asText()).isEqualTo("55P03");
      assertThat(failure.get("message").asText())
          .contains(
              "lock timeout", "lock_timeout 1s", schema + ".a", "pid " + pid, "test-table-holder");
      assertThat(failure.get("relation").asText()).isEqualTo(schema + ".a");
      assertThat(run.stderr()).contains(schema + ".a");
      blocker.rollback();
    }
    assertThat(Sql.historyVersions(schema)).containsExactly("1");
  }

  @Test
  void aLockOnTheSameNameInAnotherSchemaIsNotBlamed() throws Exception {
    String other = TestPostgres.freshSchema("other");
    // Created first, so it has the lower OID: a diagnosis in OID order would name it.
    TestPostgres.get()
        .execute("CREATE SCHEMA " + other + "; CREATE TABLE " + other + ".a (id int)");
    assertThat(migrator.run("migrate").exitCode()).isZero();
    dir.file("V2__alter.sql", "ALTER TABLE a ADD COLUMN note text;");
    try (Connection elsewhere = TestPostgres.get().connect("test-other-holder");
        Statement otherLock = elsewhere.createStatement();
        Connection blocker = TestPostgres.get().connect("test-table-holder");
        Statement statement = blocker.createStatement()) {
      elsewhere.setAutoCommit(false);
      otherLock.execute("LOCK TABLE " + other + ".a IN ACCESS SHARE MODE");
      blocker.setAutoCommit(false);
      statement.execute("SELECT * FROM \"" + schema + "\".a FOR UPDATE");

      CliRun run = migrator.run("migrate", "--db-lock-timeout", "1s");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
      JsonNode failure = run.result().get("failure");
      assertThat(failure.get("relation").asText()).isEqualTo(schema + ".a");
      assertThat(failure.get("message").asText())
          .contains("relation " + schema + ".a is locked by pid");
      elsewhere.rollback();
      blocker.rollback();
    }
  }

  private static int pid(Statement statement) throws Exception {
    try (var rs = statement.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
