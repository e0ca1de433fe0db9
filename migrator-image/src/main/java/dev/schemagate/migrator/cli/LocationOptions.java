package dev.schemagate.migrator.cli;

import picocli.CommandLine.Option;

/** Which files, which schema. */
final class LocationOptions {

  @Option(
      names = "--dir",
      paramLabel = "<path>",
      description =
          "Directory with the migration files (not searched recursively). Env: "
              + EnvVars.MIGRATIONS_DIR
              + ". Default: "
              + EnvVars.DEFAULT_DIR
              + ".")
  String dir;

  @Option(
      names = "--schema",
      paramLabel = "<name>",
      description =
          "Schema for the history table schemagate_migrations, created if missing, and first on"
              + " the search_path of every migration. Env: "
              + EnvVars.SCHEMA
              + ". Default: "
              + EnvVars.DEFAULT_SCHEMA
              + ".")
  String schema;
}
