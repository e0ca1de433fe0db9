package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.config.ConnectionSettings;
import dev.schemagate.migrator.config.ConnectionSettingsResolver;
import dev.schemagate.migrator.config.Durations;
import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.RunnerIdentity;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Combines options, environment and defaults into settings; options win, then env, then defaults.
 */
final class SettingsFactory {

  private final CliContext context;

  SettingsFactory(CliContext context) {
    this.context = context;
  }

  MigratorSettings settings(
      ConnectionSettings connection, LocationOptions location, SafetyOptions safety) {
    return new MigratorSettings(
        connection,
        Path.of(pick(location.dir, EnvVars.MIGRATIONS_DIR, EnvVars.DEFAULT_DIR)),
        MigratorSettings.checkSchema(pick(location.schema, EnvVars.SCHEMA, EnvVars.DEFAULT_SCHEMA)),
        duration(
            safety.lockTimeout,
            EnvVars.LOCK_TIMEOUT,
            EnvVars.DEFAULT_LOCK_TIMEOUT,
            "--lock-timeout"),
        duration(
            safety.dbLockTimeout,
            EnvVars.DB_LOCK_TIMEOUT,
            EnvVars.DEFAULT_DB_LOCK_TIMEOUT,
            "--db-lock-timeout"),
        duration(
            safety.statementTimeout,
            EnvVars.STATEMENT_TIMEOUT,
            EnvVars.DEFAULT_STATEMENT_TIMEOUT,
            "--statement-timeout"),
        RunnerIdentity.describe(context.env()));
  }

  /** Read-only commands need no timeouts beyond the defaults. */
  MigratorSettings settings(ConnectionSettings connection, LocationOptions location) {
    return settings(connection, location, new SafetyOptions());
  }

  ConnectionSettings connection(ConnectionOptions options) {
    return new ConnectionSettingsResolver(context.env())
        .resolve(options.url, options.user, options.password, connectTimeout(options));
  }

  Duration connectTimeout(ConnectionOptions options) {
    return duration(
        options.connectTimeout,
        EnvVars.CONNECT_TIMEOUT,
        EnvVars.DEFAULT_CONNECT_TIMEOUT,
        "--connect-timeout");
  }

  private String pick(String option, String variable, String fallback) {
    if (option != null && !option.isBlank()) {
      return option.strip();
    }
    String fromEnv = context.env(variable);
    return fromEnv != null ? fromEnv : fallback;
  }

  private Duration duration(String option, String variable, String fallback, String what) {
    String source = option != null ? what : context.env(variable) != null ? variable : what;
    return Durations.parse(pick(option, variable, fallback), source);
  }
}
