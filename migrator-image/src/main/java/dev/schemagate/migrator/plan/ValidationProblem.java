package dev.schemagate.migrator.plan;

import java.util.List;

/**
 * Something that stops a run before any migration is applied.
 *
 * @param kind {@code checksum-mismatch}, {@code missing-file}, {@code out-of-order}, {@code
 *     duplicate-version}, {@code transaction-control} or {@code unterminated-sql}
 * @param version the version concerned
 * @param files the file names concerned
 * @param message a sentence naming the files and saying what to do
 */
public record ValidationProblem(String kind, String version, List<String> files, String message) {}
