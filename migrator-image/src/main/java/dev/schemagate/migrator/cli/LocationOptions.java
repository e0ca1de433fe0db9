package dev.schemagate.migrator.cli;

import static dev.schemagate.migrator.cli.CommandSpecs.text;

import picocli.CommandLine.Model.CommandSpec;

/** Which files, which schema. */
final class LocationOptions {

  String dir;
  String schema;

  /** Adds {@code --dir} and {@code --schema}. */
  LocationOptions addTo(CommandSpec spec) {
    spec.addOption(
        text(
            "--dir",
            "<path>",
            v -> dir = v,
            "Directory with the migration files (not searched recursively). Env: "
                + EnvVars.MIGRATIONS_DIR
                + ". Default: "
                + EnvVars.DEFAULT_DIR
                + "."));
    spec.addOption(
        text(
            "--schema",
            "<name>",
            v -> schema = v,
            "Schema for the history table schemagate_migrations, created if missing, and first on"
                + " the search_path of every migration. Env: "
                + EnvVars.SCHEMA
                + ". Default: "
                + EnvVars.DEFAULT_SCHEMA
                + "."));
    return this;
  }
}
