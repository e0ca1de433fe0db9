package dev.schemagate.migrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.schemagate.migrator.testutil.CliRun;
import dev.schemagate.migrator.testutil.MigrationDir;
import dev.schemagate.migrator.testutil.MigratorRunner;
import dev.schemagate.migrator.testutil.TestPostgres;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sentinel password must never appear in stdout, stderr or the termination-message file,
 * whichever way it is passed and whatever goes wrong.
 */
class SecretsIT {

  private static final String ROLE = "sentinel_role";
  private static final String SENTINEL = "Sentinel-Pa55\"word'\\x";
  private static final String WRONG = "Wrong-Sentinel-Pa55word";

  @TempDir Path temp;

  private MigrationDir dir;
  private String schema;
  private String baseUrl;

  @BeforeAll
  static void createRole() {
    TestPostgres.get()
        .execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
                + ROLE
                + "') THEN"
                + " CREATE ROLE "
                + ROLE
                + " LOGIN; END IF; END $$;"
                + " ALTER ROLE "
                + ROLE
                + " PASSWORD '"
                + SENTINEL.replace("'", "''")
                + "';"
                + " GRANT CREATE ON DATABASE postgres TO "
                + ROLE);
  }

  @BeforeEach
  void setUp() {
    schema = TestPostgres.freshSchema("secrets");
    dir = MigrationDir.in(temp);
    dir.file("V1__ok.sql", "CREATE TABLE ok (id int);")
        .file("V2__fails.sql", "SELECT * FROM missing_table;");
    String superuserUrl = TestPostgres.get().jdbcUrl();
    int query = superuserUrl.indexOf('?');
    baseUrl = query < 0 ? superuserUrl : superuserUrl.substring(0, query);
  }

  private MigratorRunner runner(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("SCHEMAGATE_SCHEMA", schema);
    all.put("SCHEMAGATE_MIGRATIONS_DIR", dir.path().toString());
    return MigratorRunner.withEnvironment(all);
  }

  @Test
  void passwordFromTheEnvironmentNeverAppears() {
    List<CliRun> runs = new ArrayList<>();
    MigratorRunner migrator =
        runner(Map.of("SCHEMAGATE_DB_URL", baseUrl, "PGUSER", ROLE, "PGPASSWORD", SENTINEL));
    for (String format : new String[] {"text", "json"}) {
      runs.add(migrator.run("migrate", "--log-format", format, "--verbose"));
      runs.add(migrator.run("info", "--log-format", format));
      runs.add(migrator.run("info", "--json", "--log-format", format));
      runs.add(migrator.run("validate", "--log-format", format));
    }
    assertThat(runs.getFirst().exitCode()).as(runs.getFirst().toString()).isEqualTo(1);
    assertThat(runs.getFirst().result().get("target").asText()).startsWith(ROLE + "@");
    assertNoSentinel(runs);
  }

  @Test
  void passwordInTheUrlOrOnTheCommandLineNeverAppears() {
    String encoded = URLEncoder.encode(SENTINEL, StandardCharsets.UTF_8);
    List<CliRun> runs = new ArrayList<>();
    runs.add(
        runner(Map.of("SCHEMAGATE_DB_URL", baseUrl + "?user=" + ROLE + "&password=" + encoded))
            .run("migrate", "--log-format", "json"));
    runs.add(
        runner(Map.of()).run("migrate", "--url", baseUrl, "--user", ROLE, "--password", SENTINEL));
    runs.add(
        runner(Map.of()).run("info", "--url", baseUrl + "?user=" + ROLE + "&password=" + encoded));
    String uri =
        "postgres://"
            + ROLE
            + ":"
            + encoded
            + "@"
            + baseUrl.substring("jdbc:postgresql://".length());
    runs.add(runner(Map.of("SCHEMAGATE_DB_URL", uri)).run("migrate", "--log-format", "text"));
    // Each run logged in with the password (1: V2 fails on the server; info reads the history).
    assertThat(runs).extracting(CliRun::exitCode).containsExactly(1, 1, 0, 1);
    assertNoSentinel(runs);
  }

  /**
   * The same through the jar as a pod runs it: the real stdout and stderr of its own JVM, where
   * anything that bypasses the command line's streams would land (the JDBC driver's own logging,
   * the JVM, the shutdown hook), and its termination-message file.
   */
  @Test
  void passwordNeverAppearsInTheOutputOfARealProcess() {
    List<CliRun> runs = new ArrayList<>();
    MigratorRunner fromEnv =
        runner(Map.of("SCHEMAGATE_DB_URL", baseUrl, "PGUSER", ROLE, "PGPASSWORD", SENTINEL));
    runs.add(fromEnv.runJar("migrate", "--log-format", "json", "--verbose"));
    runs.add(fromEnv.runJar("info", "--log-format", "text"));
    runs.add(
        runner(Map.of())
            .runJar("migrate", "--url", baseUrl, "--user", ROLE, "--password", SENTINEL));
    runs.add(
        runner(Map.of("SCHEMAGATE_DB_URL", baseUrl, "PGUSER", ROLE))
            .runJar("migrate", "--password", SENTINEL, "--bogus-option"));
    assertThat(runs).extracting(CliRun::exitCode).containsExactly(1, 0, 1, 2);
    assertThat(runs.getFirst().result().get("target").asText()).startsWith(ROLE + "@");
    assertNoSentinel(runs);
  }

  @Test
  void wrongPasswordAndUnreachableServerNeverEchoIt() {
    assumeTrue(
        TestPostgres.get().checksPasswords(), "the external test server may not check passwords");
    String encoded = URLEncoder.encode(WRONG, StandardCharsets.UTF_8);
    List<CliRun> runs = new ArrayList<>();
    runs.add(
        runner(Map.of("SCHEMAGATE_DB_URL", baseUrl, "PGUSER", ROLE, "PGPASSWORD", WRONG))
            .run("migrate", "--log-format", "json"));
    runs.add(
        runner(Map.of("SCHEMAGATE_DB_URL", baseUrl + "?user=" + ROLE + "&password=" + encoded))
            .run("migrate", "--log-format", "text"));
    runs.add(
        runner(Map.of("SCHEMAGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/x?password=" + encoded))
            .run("migrate", "--connect-timeout", "0"));
    runs.add(
        runner(Map.of("SCHEMAGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/x"))
            .run("migrate", "--password", WRONG, "--bogus-option"));
    for (CliRun run : runs) {
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    }
    assertThat(runs.getFirst().result().get("message").asText())
        .contains("password authentication failed");
    for (CliRun run : runs) {
      assertThat(run.everything()).as(run.toString()).doesNotContain(WRONG, encoded);
    }
  }

  /**
   * The driver reports a malformed URL through {@code java.util.logging}, which by default writes
   * the URL to the process's stderr as it is; in a real process its warning must arrive as one of
   * the run's own (JSON) log lines, without the password.
   */
  @Test
  void theDriversOwnWarningsAreLogLinesWithoutThePassword() {
    String encoded = URLEncoder.encode(SENTINEL, StandardCharsets.UTF_8);
    String hostAndPort = baseUrl.substring(0, baseUrl.lastIndexOf('/'));
    CliRun run =
        runner(Map.of())
            .runJar(
                "validate",
                "--url",
                hostAndPort + "?user=" + ROLE + "&password=" + encoded,
                "--log-format",
                "json",
                "--connect-timeout",
                "0");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.stderr())
        .as(run.toString())
        .contains("\"loggerName\":\"org.postgresql.Driver\"", "JDBC URL must contain a");
    assertThat(run.stderr().lines().filter(line -> !line.isBlank()))
        .as(run.toString())
        .allMatch(line -> line.startsWith("{\"timestamp\""));
    assertNoSentinel(List.of(run));
  }

  private static void assertNoSentinel(List<CliRun> runs) {
    String encoded = URLEncoder.encode(SENTINEL, StandardCharsets.UTF_8);
    String jsonEscaped = SENTINEL.replace("\\", "\\\\").replace("\"", "\\\"");
    for (CliRun run : runs) {
      assertThat(run.terminationMessage()).as(run.toString()).isNotNull();
      assertThat(run.everything())
          .as(run.toString())
          .doesNotContain(SENTINEL, encoded, jsonEscaped, "Sentinel-Pa55");
    }
  }
}
