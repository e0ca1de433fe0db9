package dev.schemagate.migrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.schemagate.migrator.testutil.CliRun;
import dev.schemagate.migrator.testutil.MigrationDir;
import dev.schemagate.migrator.testutil.MigratorRunner;
import dev.schemagate.migrator.testutil.Sql;
import dev.schemagate.migrator.testutil.TestPostgres;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoIT {

  @TempDir Path temp;

  @Test
  void showsEveryStateAsTableAndJsonWithoutChangingAnything() throws Exception {
    String schema = TestPostgres.freshSchema("info");
    MigrationDir dir = MigrationDir.in(temp);
    MigratorRunner migrator = MigratorRunner.forSchema(schema, dir);
    dir.file("V1__one.sql", "SELECT 1;")
        .file("V2__two.sql", "SELECT 2;")
        .file("V3__three.sql", "SELECT 3;")
        .file("V5__five.sql", "SELECT 5;");
    assertThat(migrator.run("migrate").exitCode()).isZero();

    dir.file("V2__two.sql", "SELECT 'changed';")
        .delete("V3__three.sql")
        .file("V4__four.sql", "SELECT 4;")
        .file("V6__six.sql", "SELECT 6;");
    long historyRows = Sql.historyVersions(schema).size();

    CliRun table = migrator.run("info");
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.stdout())
        .containsPattern("1 +one +transactional +applied +\\d{4}-\\d\\d-\\d\\d")
        .containsPattern("2 +two +transactional +checksum-mismatch")
        .containsPattern("3 +three +- +missing-file")
        .containsPattern("4 +four +transactional +out-of-order")
        .containsPattern("6 +six +transactional +pending")
        .contains("Version", "State", "Applied at (UTC)");
    assertThat(table.terminationResult().get("pendingCount").asInt()).isEqualTo(1);

    CliRun json = migrator.run("info", "--json");
    assertThat(json.exitCode()).isZero();
    assertThat(json.stdout().strip().lines()).hasSize(1);
    JsonNode document = new ObjectMapper().readTree(json.stdout());
    Map<String, String> states = new LinkedHashMap<>();
    document
        .get("migrations")
        .forEach(m -> states.put(m.get("version").asText(), m.get("state").asText()));
    assertThat(states)
        .containsExactly(
            Map.entry("1", "applied"),
            Map.entry("2", "checksum-mismatch"),
            Map.entry("3", "missing-file"),
            Map.entry("4", "out-of-order"),
            Map.entry("5", "applied"),
            Map.entry("6", "pending"));
    assertThat(document.get("pendingCount").asInt()).isEqualTo(1);
    assertThat(document.get("problems")).hasSize(3);
    JsonNode first = document.get("migrations").get(0);
    assertThat(first.get("appliedBy").asText()).isEqualTo("test-host");
    assertThat(first.get("appliedAt").asText()).endsWith("Z");

    assertThat(Sql.historyVersions(schema)).hasSize((int) historyRows);
  }

  @Test
  void freshDatabaseShowsEverythingPendingAndCreatesNothing() {
    String schema = TestPostgres.freshSchema("info");
    MigrationDir dir = MigrationDir.in(temp).file("V1__one.sql", "SELECT 1;");
    CliRun run = MigratorRunner.forSchema(schema, dir).run("info");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.stdout()).containsPattern("1 +one +transactional +pending");
    assertThat(Sql.value("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'"))
        .isEqualTo("0");
  }
}
