package dev.schemagate.migrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.migrator.testutil.CliRun;
import dev.schemagate.migrator.testutil.MigratorRunner;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line without a database: help, usage errors, configuration errors. */
class MigratorCliTest {

  @TempDir Path dir;

  private static CliRun run(Map<String, String> env, String... args) {
    return MigratorRunner.withEnvironment(env).run(args);
  }

  @Test
  void helpDocumentsCommandsEnvironmentAndExitCodes() {
    CliRun run = run(Map.of(), "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout())
        .contains("migrate", "info", "validate", "check")
        .contains(
            "SCHEMAGATE_DB_URL", "PGHOST", "PGPASSWORD", "PGSSLMODE", "SCHEMAGATE_MIGRATIONS_DIR")
        .contains("SCHEMAGATE_SCHEMA", "SCHEMAGATE_TERMINATION_LOG", "SCHEMAGATE_LOG_FORMAT")
        .contains(
            "0   success",
            "1   a migration failed",
            "2   usage",
            "3   validation",
            "4   the migration lock");
  }

  @Test
  void everyCommandHasHelpWithItsOptions() {
    for (String command : new String[] {"migrate", "info", "validate", "check"}) {
      CliRun run = run(Map.of(), command, "--help");
      assertThat(run.exitCode()).as(command).isZero();
      assertThat(run.stdout()).as(command).contains("--url", "--dir", "--schema", "--log-format");
    }
    assertThat(run(Map.of(), "migrate", "--help").stdout())
        .contains("--lock-timeout", "--db-lock-timeout", "--statement-timeout", "--password");
    assertThat(run(Map.of(), "info", "--help").stdout()).contains("--json");
  }

  @Test
  void versionIsPrinted() {
    CliRun run = run(Map.of(), "--version");
    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout()).startsWith("schemagate-migrator");
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = run(Map.of());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("Usage:");
    assertThat(run.result().get("status").asText()).isEqualTo("error");
    assertThat(run.result().get("message").asText()).contains("no command given");
    assertThat(run.terminationResult().get("status").asText()).isEqualTo("error");
  }

  @Test
  void unknownOptionIsAUsageErrorWithAResult() {
    CliRun run = run(Map.of(), "migrate", "--bogus", "--password", "sentinel-secret-1");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--bogus");
    assertThat(run.result().get("status").asText()).isEqualTo("error");
    assertThat(run.result().get("command").asText()).isEqualTo("migrate");
    assertThat(run.terminationResult().get("status").asText()).isEqualTo("error");
    assertThat(run.everything()).doesNotContain("sentinel-secret-1");
  }

  @Test
  void unknownCommandIsAUsageError() {
    CliRun run = run(Map.of(), "migrat");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("migrate");
  }

  @Test
  void missingDatabaseConfigurationIsExitTwo() {
    CliRun run = run(Map.of("SCHEMAGATE_MIGRATIONS_DIR", dir.toString()), "migrate");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.result().get("status").asText()).isEqualTo("error");
    assertThat(run.result().get("message").asText()).contains("no database configured");
  }

  @Test
  void badDurationNamesTheOption() {
    CliRun run =
        run(
            Map.of("SCHEMAGATE_DB_URL", "jdbc:postgresql://localhost/x"),
            "migrate",
            "--lock-timeout",
            "soon");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.result().get("message").asText()).contains("--lock-timeout", "soon");
  }

  @Test
  void badLogFormatIsExitTwo() {
    CliRun run = run(Map.of(), "migrate", "--log-format", "xml");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.result().get("message").asText()).contains("log format");
  }

  @Test
  void missingDirectoryIsExitTwoBeforeConnecting() {
    CliRun run =
        run(
            Map.of("SCHEMAGATE_DB_URL", "jdbc:postgresql://localhost:1/x"),
            "migrate",
            "--dir",
            dir.resolve("absent").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.result().get("message").asText()).contains("absent");
  }

  @Test
  void unreachableDatabaseIsExitTwoWithoutThePassword() {
    CliRun run =
        run(
            Map.of(
                "SCHEMAGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/x?password=sentinel-in-url-2",
                "PGPASSWORD", "sentinel-in-env-3"),
            "migrate",
            "--dir",
            dir.toString(),
            "--connect-timeout",
            "0",
            "--log-format",
            "json");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.result().get("message").asText()).contains("127.0.0.1:1/x");
    assertThat(run.everything()).doesNotContain("sentinel-in-url-2", "sentinel-in-env-3");
  }

  @Test
  void readOnlyCommandsThatCannotConnectNameSchemaAndTarget() {
    for (String command : new String[] {"info", "validate"}) {
      CliRun run =
          run(
              Map.of("SCHEMAGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/x", "PGUSER", "app"),
              command,
              "--dir",
              dir.toString(),
              "--schema",
              "shop",
              "--connect-timeout",
              "0");
      assertThat(run.exitCode()).as(command).isEqualTo(2);
      assertThat(run.result().get("command").asText()).isEqualTo(command);
      assertThat(run.result().get("schema").asText()).isEqualTo("shop");
      assertThat(run.result().get("target").asText()).isEqualTo("app@127.0.0.1:1/x");
    }
  }

  @Test
  void refusedConnectionsAreRetriedUntilTheConnectTimeout() {
    long started = System.nanoTime();
    CliRun run =
        run(
            Map.of("SCHEMAGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/x"),
            "migrate",
            "--dir",
            dir.toString(),
            "--connect-timeout",
            "2s",
            "--log-format",
            "json");
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("Cannot reach 127.0.0.1:1").contains("retrying for up to 2s");
    // A lower bound only: it retried for the timeout rather than giving up at once.
    assertThat(elapsedMs).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void jsonLogsAreOneObjectPerLine() {
    CliRun run = run(Map.of(), "migrate", "--log-format", "json", "--dir", dir.toString());
    assertThat(run.stderr().lines())
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
  }
}
