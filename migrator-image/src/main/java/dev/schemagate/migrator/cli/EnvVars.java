package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.config.ConnectionSettingsResolver;
import dev.schemagate.migrator.result.ResultPublisher;

/** The environment variables the migrator reads, in one place for code and help text. */
final class EnvVars {

  static final String DB_URL = ConnectionSettingsResolver.DB_URL;
  static final String MIGRATIONS_DIR = "SCHEMAGATE_MIGRATIONS_DIR";
  static final String SCHEMA = "SCHEMAGATE_SCHEMA";
  static final String LOCK_TIMEOUT = "SCHEMAGATE_LOCK_TIMEOUT";
  static final String DB_LOCK_TIMEOUT = "SCHEMAGATE_DB_LOCK_TIMEOUT";
  static final String STATEMENT_TIMEOUT = "SCHEMAGATE_STATEMENT_TIMEOUT";
  static final String CONNECT_TIMEOUT = "SCHEMAGATE_CONNECT_TIMEOUT";
  static final String LOG_FORMAT = "SCHEMAGATE_LOG_FORMAT";
  static final String TERMINATION_LOG = ResultPublisher.TERMINATION_LOG_ENV;

  static final String DEFAULT_DIR = "/migrations";
  static final String DEFAULT_SCHEMA = "public";
  static final String DEFAULT_LOCK_TIMEOUT = "5m";
  static final String DEFAULT_DB_LOCK_TIMEOUT = "10s";
  static final String DEFAULT_STATEMENT_TIMEOUT = "0";
  static final String DEFAULT_CONNECT_TIMEOUT = "30s";

  private EnvVars() {}
}
