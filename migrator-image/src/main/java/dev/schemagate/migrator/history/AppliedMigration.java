package dev.schemagate.migrator.history;

import java.time.OffsetDateTime;

/**
 * One row of the history table.
 *
 * @param version canonical version text, as stored
 * @param success false only for a no-transaction migration that failed part-way; it is retried
 */
public record AppliedMigration(
    String version,
    String description,
    String script,
    String checksum,
    OffsetDateTime appliedAt,
    int executionMs,
    String appliedBy,
    boolean success) {}
