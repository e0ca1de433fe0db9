package dev.schemagate.migrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.migrator.lock.AdvisoryLockKey;
import dev.schemagate.migrator.testutil.MigrationDir;
import dev.schemagate.migrator.testutil.MigratorJar;
import dev.schemagate.migrator.testutil.Sql;
import dev.schemagate.migrator.testutil.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight migrator processes (separate JVMs running the shaded jar, as eight pods would) start at
 * once against one database and all wait for the migration lock, which the test holds until they
 * do: every migration is applied exactly once and every process exits 0.
 */
class ConcurrentProcessesIT {

  private static final int PROCESSES = 8;
  private static final int MIGRATIONS = 25;

  @TempDir Path temp;

  @Test
  void eightProcessesApplyEveryMigrationExactlyOnce() throws Exception {
    String schema = TestPostgres.freshSchema("concurrent");
    MigrationDir dir = MigrationDir.in(temp);
    dir.file(
        "V1__log.sql",
        "CREATE TABLE apply_log (version int, backend int, at timestamptz DEFAULT clock_timestamp());");
    for (int v = 2; v <= MIGRATIONS; v++) {
      String sleep = v % 5 == 0 ? "SELECT pg_sleep(0.1);\n" : "";
      dir.file(
          "V" + v + "__step_" + v + ".sql",
          "CREATE TABLE step_"
              + v
              + " (id int PRIMARY KEY);\n"
              + sleep
              + "INSERT INTO apply_log (version, backend) VALUES ("
              + v
              + ", pg_backend_pid());\n");
    }

    List<Process> processes = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    List<ProcessBuilder> builders = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      Path out = temp.resolve("out-" + i + ".json");
      ProcessBuilder builder =
          MigratorJar.migrate(schema, dir, temp.resolve("term-" + i + ".json"))
              .redirectOutput(out.toFile())
              .redirectError(temp.resolve("err-" + i + ".log").toFile());
      builder.environment().put("SCHEMAGATE_LOG_FORMAT", "json");
      builder.environment().put("HOSTNAME", "runner-" + i);
      builders.add(builder);
      outputs.add(out);
    }
    // The test holds the migration lock until all eight wait for it, so that they really contend
    // for it at one moment, whatever each JVM's start-up time.
    try (Connection gate = TestPostgres.get().connect("test-start-gate");
        Statement statement = gate.createStatement()) {
      long key = AdvisoryLockKey.forSchema(schema).value();
      statement.execute("SELECT pg_advisory_lock(" + key + ")");
      for (ProcessBuilder builder : builders) {
        processes.add(builder.start());
      }
      await("all %d processes wait for the lock".formatted(PROCESSES))
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  Sql.migrationLockWaiters(schema) == PROCESSES
                      || processes.stream().anyMatch(p -> !p.isAlive()));
      statement.execute("SELECT pg_advisory_unlock(" + key + ")");
    }
    for (int i = 0; i < PROCESSES; i++) {
      Process process = processes.get(i);
      boolean finished = process.waitFor(180, TimeUnit.SECONDS);
      if (!finished) {
        processes.forEach(Process::destroyForcibly);
      }
      assertThat(finished).as("process %d finished", i).isTrue();
      String log = Files.readString(temp.resolve("err-" + i + ".log"));
      assertThat(process.exitValue()).as("exit of process %d: %s", i, log).isZero();
      // Each runner lets go of its work session's share before its lock: a handover never looks
      // like a stopped runner's session still at work.
      assertThat(log).as("log of process %d", i).doesNotContain("stopped runner");
    }

    ObjectMapper mapper = new ObjectMapper();
    List<String> appliedByAll = new ArrayList<>();
    for (Path out : outputs) {
      JsonNode result = mapper.readTree(Files.readString(out));
      assertThat(result.get("status").asText()).isEqualTo("success");
      result.get("applied").forEach(v -> appliedByAll.add(v.asText()));
    }
    List<String> expected =
        IntStream.rangeClosed(1, MIGRATIONS).mapToObj(Integer::toString).toList();
    assertThat(appliedByAll).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(Sql.historyVersions(schema)).containsExactlyElementsOf(expected);
    assertThat(Sql.value("SELECT count(*) FROM \"" + schema + "\".apply_log"))
        .isEqualTo(Integer.toString(MIGRATIONS - 1));
    assertThat(Sql.value("SELECT count(DISTINCT version) FROM \"" + schema + "\".apply_log"))
        .isEqualTo(Integer.toString(MIGRATIONS - 1));
  }
}
