package dev.schemagate.operator.api;

/** Phase of the current (or last) migration run. */
public enum Phase {
  /** The run's Job exists but its pod has not started the migration yet. */
  Pending,
  /** The migration container is running. */
  Running,
  /** The migration for {@code status.image} succeeded. */
  Succeeded,
  /** The run failed; it is not retried until the image or the retry annotation changes. */
  Failed
}
