package dev.schemagate.migrator.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything one run needs to know, already validated.
 *
 * @param connection where to connect
 * @param directory the migrations directory
 * @param schema the schema that holds the history table and is first on the search path
 * @param lockTimeout how long to wait for another runner's advisory lock
 * @param dbLockTimeout PostgreSQL {@code lock_timeout} for each migration
 * @param statementTimeout PostgreSQL {@code statement_timeout} for each migration; zero means none
 * @param appliedBy who applies: the pod or host name, recorded in the history table
 */
public record MigratorSettings(
    ConnectionSettings connection,
    Path directory,
    String schema,
    Duration lockTimeout,
    Duration dbLockTimeout,
    Duration statementTimeout,
    String appliedBy) {

  /** Checks a schema name, which must be a valid PostgreSQL identifier once quoted. */
  public static String checkSchema(String schema) {
    if (schema == null || schema.isEmpty()) {
      throw new ConfigurationException("the schema name is empty");
    }
    if (schema.indexOf('\0') >= 0
        || schema.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63) {
      throw new ConfigurationException(
          "the schema name must be at most 63 bytes without NUL characters: " + schema);
    }
    return schema;
  }

  /** This run against another server (used by {@code check}). */
  public MigratorSettings withConnection(ConnectionSettings other) {
    return new MigratorSettings(
        other, directory, schema, lockTimeout, dbLockTimeout, statementTimeout, appliedBy);
  }
}
