package dev.schemagate.bench.migrator;

/**
 * The timed runs of one tool: applying every migration to a fresh schema (or database), and the
 * no-op re-run.
 */
public record ToolTimings(String tool, Samples apply, Samples noop) {}
