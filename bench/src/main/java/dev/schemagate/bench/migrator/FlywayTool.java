package dev.schemagate.bench.migrator;

import dev.schemagate.bench.flyway.FlywayRunner;
import java.nio.file.Path;

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
  public void migrate(RunTarget target, Path dir) {
    FlywayRunner.migrate(target.jdbcUrl(), target.user(), target.password(), target.schema(), dir);
  }
}
