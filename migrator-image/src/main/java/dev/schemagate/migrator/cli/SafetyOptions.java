package dev.schemagate.migrator.cli;

import static dev.schemagate.migrator.cli.CommandSpecs.text;

import picocli.CommandLine.Model.CommandSpec;

/** Timeouts that keep a run from hanging or from blocking the application. */
final class SafetyOptions {

  String lockTimeout;
  String dbLockTimeout;
  String statementTimeout;

  /** Adds {@code --lock-timeout}, {@code --db-lock-timeout} and {@code --statement-timeout}. */
  SafetyOptions addTo(CommandSpec spec) {
    spec.addOption(
        text(
            "--lock-timeout",
            "<duration>",
            v -> lockTimeout = v,
            "How long to wait for the migration lock held by another runner before giving up with"
                + " exit code 4, e.g. 30s, 5m, PT10M. Env: "
                + EnvVars.LOCK_TIMEOUT
                + ". Default: "
                + EnvVars.DEFAULT_LOCK_TIMEOUT
                + "."));
    spec.addOption(
        text(
            "--db-lock-timeout",
            "<duration>",
            v -> dbLockTimeout = v,
            "PostgreSQL lock_timeout for each migration: a statement waiting longer for a table"
                + " lock fails instead of queueing the application's queries behind it. Env: "
                + EnvVars.DB_LOCK_TIMEOUT
                + ". Default: "
                + EnvVars.DEFAULT_DB_LOCK_TIMEOUT
                + "."));
    spec.addOption(
        text(
            "--statement-timeout",
            "<duration>",
            v -> statementTimeout = v,
            "PostgreSQL statement_timeout for each migration; 0 means none. Env: "
                + EnvVars.STATEMENT_TIMEOUT
                + ". Default: 0 (none)."));
    return this;
  }
}
