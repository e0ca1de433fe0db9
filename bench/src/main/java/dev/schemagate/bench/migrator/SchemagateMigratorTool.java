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
  public void migrate(RunTarget target, Path dir) {
    List<String> args = new ArrayList<>(arguments(target, dir));
    if (!target.password().isEmpty()) {
      args.addAll(List.of("--password", target.password()));
    }
    int exitCode = MigratorCli.execute(args.toArray(String[]::new));
    if (exitCode != 0) {
      throw new IllegalStateException("the migrator exited with " + exitCode);
    }
  }

  /** The command line a user would type, without the password (which belongs in PGPASSWORD). */
  static List<String> arguments(RunTarget target, Path dir) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "migrate",
                "--url",
                target.jdbcUrl(),
                "--schema",
                target.schema(),
                "--dir",
                dir.toString()));
    if (!target.user().isEmpty()) {
      args.addAll(List.of("--user", target.user()));
    }
    return args;
  }
}
