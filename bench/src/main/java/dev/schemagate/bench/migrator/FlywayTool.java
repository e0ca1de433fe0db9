package dev.schemagate.bench.migrator;

import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Flyway with its defaults, configured through its Java API as an application would. */
public final class FlywayTool implements MigrationTool {

  @Override
  public String name() {
    return "Flyway";
  }

  @Override
  public String historyTable() {
    return "flyway_schema_history";
  }

  @Override
  public void migrate(String jdbcUrl, String user, String password, Path dir) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(jdbcUrl, user, password)
            .locations("filesystem:" + dir.toAbsolutePath())
            .load()
            .migrate();
    if (!result.success) {
      throw new IllegalStateException("Flyway reported failure");
    }
  }
}
