package dev.schemagate.migrator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.schemagate.migrator.testutil.CliRun;
import dev.schemagate.migrator.testutil.MigrationDir;
import dev.schemagate.migrator.testutil.MigratorRunner;
import dev.schemagate.migrator.testutil.Sql;
import dev.schemagate.migrator.testutil.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many in-process runs (as a benchmark makes them) leave no pool, thread or session behind. */
class RepeatedRunsIT {

  @TempDir Path temp;

  @Test
  void inProcessRunsLeakNothing() {
    MigrationDir dir = MigrationDir.in(temp);
    for (int i = 1; i <= 20; i++) {
      dir.file(
          "V" + i + "__t" + i + ".sql",
          "CREATE TABLE t" + i + " (id int); INSERT INTO t" + i + " VALUES (1);");
    }
    for (int round = 0; round < 5; round++) {
      MigratorRunner migrator = MigratorRunner.forSchema(TestPostgres.freshSchema("repeat"), dir);
      CliRun apply = migrator.run("migrate", "--log-format", "json");
      assertThat(apply.exitCode()).as(apply.toString()).isZero();
      CliRun noop = migrator.run("migrate", "--log-format", "json");
      assertThat(noop.exitCode()).as(noop.toString()).isZero();
      assertThat(migrator.run("info").exitCode()).isZero();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(
                      Sql.value(
                          "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'schemagate-migrator'"))
                  .isEqualTo("0");
              assertThat(poolThreads()).isEmpty();
            });
  }

  private static Set<String> poolThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith("schemagate"))
        .collect(Collectors.toSet());
  }
}
