package dev.schemagate.migrator.cli;

import picocli.CommandLine.Option;

/** Timeouts that keep a run from hanging or from blocking the application. */
final class SafetyOptions {

  @Option(
      names = "--lock-timeout",
      paramLabel = "<duration>",
      description =
          "How long to wait for the migration lock held by another runner before giving up with"
              + " exit code 4, e.g. 30s, 5m, PT10M. Env: "
              + EnvVars.LOCK_TIMEOUT
              + ". Default: "
              + EnvVars.DEFAULT_LOCK_TIMEOUT
              + ".")
  String lockTimeout;

  @Option(
      names = "--db-lock-timeout",
      paramLabel = "<duration>",
      description =
          "PostgreSQL lock_timeout for each migration: a statement waiting longer for a table"
              + " lock fails instead of queueing the application's queries behind it. Env: "
              + EnvVars.DB_LOCK_TIMEOUT
              + ". Default: "
              + EnvVars.DEFAULT_DB_LOCK_TIMEOUT
              + ".")
  String dbLockTimeout;

  @Option(
      names = "--statement-timeout",
      paramLabel = "<duration>",
      description =
          "PostgreSQL statement_timeout for each migration; 0 means none. Env: "
              + EnvVars.STATEMENT_TIMEOUT
              + ". Default: 0 (none).")
  String statementTimeout;
}
