package dev.schemagate.bench.migrator;

import java.nio.file.Path;
import java.util.List;

/** The main class of a forked run: one tool, one migrate, then exit (see {@link ForkedTool}). */
public final class SingleRun {

  private SingleRun() {}

  /** Arguments: tool name, JDBC URL, user, migrations directory; password from the environment. */
  public static void main(String[] args) {
    String password = System.getenv().getOrDefault(ForkedTool.PASSWORD_ENV, "");
    MigrationTool tool =
        List.of(new SchemagateMigratorTool(), new FlywayTool(), new JdbcFloorTool()).stream()
            .filter(t -> t.name().equals(args[0]))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown tool " + args[0]));
    tool.migrate(args[1], args[2], password, Path.of(args[3]));
    System.exit(0);
  }
}
