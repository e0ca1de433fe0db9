package dev.schemagate.bench.migrator;

import dev.schemagate.migrator.cli.MigratorCli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Schemagate migrator, through the same entry point as its command line, minus System.exit. */
public final class SchemagateMigratorTool implements MigrationTool {

  @Override
  public String name() {
    return "migrator";
  }

  @Override
  public String historyTable() {
    return "schemagate_migrations";
  }

  @Override
  public void migrate(String jdbcUrl, String user, String password, Path dir) {
    List<String> args =
        new ArrayList<>(List.of("migrate", "--url", jdbcUrl, "--dir", dir.toString()));
    if (!user.isEmpty()) {
      args.addAll(List.of("--user", user));
    }
    if (!password.isEmpty()) {
      args.addAll(List.of("--password", password));
    }
    int exitCode = MigratorCli.execute(args.toArray(String[]::new));
    if (exitCode != 0) {
      throw new IllegalStateException("the migrator exited with " + exitCode);
    }
  }
}
