package dev.schemagate.migrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.migrator.testutil.CliRun;
import dev.schemagate.migrator.testutil.MigrationDir;
import dev.schemagate.migrator.testutil.MigratorRunner;
import dev.schemagate.migrator.testutil.Sql;
import dev.schemagate.migrator.testutil.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} on a throwaway server, and on top of a given one. */
class CheckIT {

  private static final Path EXAMPLES = Path.of("..", "examples", "migrations");

  @TempDir Path temp;

  @Test
  void bundledExamplesApplyToAThrowawayServer() {
    assertThat(Files.isDirectory(EXAMPLES)).as(EXAMPLES.toAbsolutePath().toString()).isTrue();
    CliRun run =
        MigratorRunner.withEnvironment(
                Map.of("SCHEMAGATE_DB_URL", "jdbc:postgresql://must-not-be-used/x"))
            .run("check", "--dir", EXAMPLES.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode result = run.result();
    assertThat(result.get("status").asText()).isEqualTo("success");
    assertThat(result.get("command").asText()).isEqualTo("check");
    assertThat(result.get("applied"))
        .extracting(JsonNode::asText)
        .containsExactly("1", "1.1", "2", "3", "4", "5");
    assertThat(result.get("target").asText()).doesNotContain("must-not-be-used");
    Matcher serverStart = Pattern.compile("ready on \\S+ after (\\d+) ms").matcher(run.stderr());
    assertThat(serverStart.find()).as(run.stderr()).isTrue();
    assertThat(result.get("durationMs").asLong())
        .as("the whole command, the server's start included")
        .isGreaterThan(Long.parseLong(serverStart.group(1)));
  }

  @Test
  void brokenMigrationFailsTheCheck() {
    MigrationDir dir =
        MigrationDir.in(temp)
            .file("V1__ok.sql", "CREATE TABLE t (id int);")
            .file("V2__typo.sql", "ALTER TABLE t ADD COLUMN note txet;");
    CliRun run = MigratorRunner.withEnvironment(Map.of()).run("check", "--dir", dir.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    JsonNode result = run.result();
    assertThat(result.get("status").asText()).isEqualTo("failed");
    assertThat(result.get("command").asText()).isEqualTo("check");
    assertThat(result.get("applied")).extracting(JsonNode::asText).containsExactly("1");
    assertThat(result.get("failure").get("version").asText()).isEqualTo("2");
    assertThat(result.get("failure").get("file").asText()).isEqualTo("V2__typo.sql");
    assertThat(result.get("failure").get("sqlState").asText()).isEqualTo("42704");
  }

  @Test
  void filesThatCannotBeAppliedInOneOrderFailTheCheckAsValidation() {
    MigrationDir dir =
        MigrationDir.in(temp)
            .file("V1__users.sql", "CREATE TABLE users (id int);")
            .file("V1__orders.sql", "CREATE TABLE orders (id int);");
    CliRun run = MigratorRunner.withEnvironment(Map.of()).run("check", "--dir", dir.toString());
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    JsonNode result = run.result();
    assertThat(result.get("status").asText()).isEqualTo("validation_failed");
    assertThat(result.get("command").asText()).isEqualTo("check");
    assertThat(result.get("applied")).isEmpty();
    assertThat(result.get("problems").get(0).get("files"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("V1__users.sql", "V1__orders.sql");
  }

  @Test
  void withUrlAppliesOnTopOfTheGivenServer() {
    String schema = TestPostgres.freshSchema("check");
    TestPostgres.get()
        .execute("CREATE SCHEMA " + schema + "; CREATE TABLE " + schema + ".existing (id int)");
    MigrationDir dir =
        MigrationDir.in(temp).file("V1__on_top.sql", "ALTER TABLE existing ADD COLUMN note text;");
    CliRun run =
        MigratorRunner.withEnvironment(Map.of())
            .run(
                "check",
                "--url",
                TestPostgres.get().jdbcUrl(),
                "--schema",
                schema,
                "--dir",
                dir.toString());
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.historyVersions(schema)).containsExactly("1");
  }
}
