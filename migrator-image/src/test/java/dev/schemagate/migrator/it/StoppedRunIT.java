package dev.schemagate.migrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.migrator.lock.AdvisoryLockKey;
import dev.schemagate.migrator.run.Connections;
import dev.schemagate.migrator.testutil.CliRun;
import dev.schemagate.migrator.testutil.MigrationDir;
import dev.schemagate.migrator.testutil.MigratorJar;
import dev.schemagate.migrator.testutil.MigratorRunner;
import dev.schemagate.migrator.testutil.Sql;
import dev.schemagate.migrator.testutil.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped with SIGTERM (what the kubelet sends when a Job's deadline passes) still ends with
 * a result on stdout and in the termination-message file, and leaves no migration running on the
 * server behind it.
 */
class StoppedRunIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  private String schema;
  private MigrationDir dir;

  @BeforeEach
  void setUp() {
    schema = TestPostgres.freshSchema("stopped");
    dir = MigrationDir.in(temp);
  }

  @Test
  void aMigrationRunningAtSigtermIsCancelledOnTheServerAndReported() throws Exception {
    dir.file("V1__slow.sql", "CREATE TABLE slow (id int);\nSELECT pg_sleep(30);");

    List<JsonNode> results = stopWhen(() -> migratorSessions("pg_sleep(30)") == 1);

    for (JsonNode result : results) {
      assertThat(result.get("status").asText()).isEqualTo("failed");
      assertThat(result.get("command").asText()).isEqualTo("migrate");
      assertThat(result.get("failure").get("version").asText()).isEqualTo("1");
      assertThat(result.get("failure").get("message").asText())
          .contains("was stopped", "cancelled it and rolled it back");
    }
    assertThat(migratorSessions("pg_sleep(30)")).as("still running on the server").isZero();
    assertThat(Sql.relationExists(schema, "slow")).isFalse();
    assertThat(Sql.historyVersions(schema)).isEmpty();
  }

  @Test
  void aNoTransactionMigrationCancelledAtSigtermIsRecordedAsFailed() throws Exception {
    dir.file(
        "V1__slow.sql",
        "-- schemagate:no-transaction\nCREATE TABLE kept (id int);\nSELECT pg_sleep(30);");

    List<JsonNode> results = stopWhen(() -> migratorSessions("pg_sleep(30)") == 1);

    for (JsonNode result : results) {
      assertThat(result.get("status").asText()).isEqualTo("failed");
      assertThat(result.get("failure").get("message").asText())
          .contains("was stopped", "statements before the cancelled one stay applied");
    }
    assertThat(Sql.relationExists(schema, "kept")).isTrue();
    assertThat(
            Sql.value(
                "SELECT version || ':' || success FROM \"" + schema + "\".schemagate_migrations"))
        .as("recorded as failed, so the next run applies it again")
        .isEqualTo("1:false");
  }

  @Test
  void aRunWaitingForTheLockAtSigtermReportsThatItWasStopped() throws Exception {
    dir.file("V1__a.sql", "CREATE TABLE a (id int);");
    try (Connection holder = TestPostgres.get().connect("test-lock-holder");
        Statement statement = holder.createStatement()) {
      statement.execute(
          "SELECT pg_advisory_lock(" + AdvisoryLockKey.forSchema(schema).value() + ")");

      List<JsonNode> results = stopWhen(() -> migratorSessions("pg_advisory_lock") == 1);

      for (JsonNode result : results) {
        assertThat(result.get("status").asText()).isEqualTo("error");
        assertThat(result.get("command").asText()).isEqualTo("migrate");
        assertThat(result.get("message").asText()).contains("was stopped");
        assertThat(result.get("durationMs").asLong()).isPositive();
      }
    }
  }

  /**
   * A killed runner's last migration goes on in its server session, and may commit, after its lock
   * went with its other session. The next runner must wait for that session instead of applying the
   * same migration again beside it.
   */
  @Test
  void aRunnerStartedRightAfterAKillWaitsForTheKilledRunnersSession() throws Exception {
    dir.file("V1__slow.sql", "CREATE TABLE slow (id int);\nSELECT pg_sleep(3);");
    Process killed = start(temp.resolve("killed-stdout"), temp.resolve("killed-termination"));
    try {
      await("the first runner is applying")
          .atMost(Duration.ofSeconds(30))
          .until(() -> migratorSessions("pg_sleep(3)") == 1);
      killed.destroyForcibly(); // SIGKILL: no hook, no cancel
      assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      killed.destroyForcibly();
    }

    CliRun next = MigratorRunner.forSchema(schema, dir).run("migrate");

    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(next.result().get("applied")).as("applied by the killed runner's session").isEmpty();
    assertThat(next.stderr()).contains("stopped runner");
    assertThat(Sql.historyVersions(schema)).containsExactly("1");
  }

  /** Only a stop before the end says so: help, version and a finished command add nothing. */
  @Test
  void aProcessThatEndsOnItsOwnPublishesNoStoppedResult() {
    dir.file("V1__a.sql", "CREATE TABLE a (id int);");
    MigratorRunner runner = MigratorRunner.forSchema(schema, dir);
    for (String[] args :
        List.of(
            new String[] {"--help"},
            new String[] {"migrate", "--help"},
            new String[] {"--version"})) {
      CliRun run = runner.runJar(args);
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.everything()).as(run.toString()).doesNotContain("was stopped");
      assertThat(run.terminationMessage()).as(run.toString()).isNull();
    }
    for (String command : List.of("migrate", "info", "validate")) {
      CliRun run = runner.runJar(command);
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.everything()).as(run.toString()).doesNotContain("was stopped");
      assertThat(run.terminationResult().get("command").asText()).isEqualTo(command);
    }
  }

  /** Starts {@code migrate}, sends SIGTERM once {@code ready}; the stdout and file results. */
  private List<JsonNode> stopWhen(Callable<Boolean> ready) throws Exception {
    Path out = temp.resolve("stdout");
    Path termination = temp.resolve("termination.json");
    Process process = start(out, termination);
    try {
      await("the migrator got there").atMost(Duration.ofSeconds(30)).until(ready);
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped").isTrue();
    } finally {
      process.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).as("stdout").isNotEmpty();
    return List.of(JSON.readTree(lines.getLast()), JSON.readTree(Files.readString(termination)));
  }

  private Process start(Path out, Path termination) throws IOException {
    return MigratorJar.migrate(schema, dir, termination)
        .redirectOutput(out.toFile())
        .redirectError(temp.resolve(out.getFileName() + ".stderr").toFile())
        .start();
  }

  private static int migratorSessions(String runningQuery) {
    return Integer.parseInt(
        Sql.value(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                + Connections.APPLICATION_NAME
                + "' AND state = 'active' AND query LIKE '%"
                + runningQuery
                + "%'"));
  }
}
