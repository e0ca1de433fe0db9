package dev.schemagate.migrator.plan;

/** The state of one version, as {@code info} shows it. */
public enum MigrationState {
  APPLIED("applied"),
  PENDING("pending"),
  /** Recorded as failed part-way (no-transaction files only); the next run retries it. */
  FAILED("failed"),
  CHECKSUM_MISMATCH("checksum-mismatch"),
  MISSING_FILE("missing-file"),
  OUT_OF_ORDER("out-of-order"),
  DUPLICATE_VERSION("duplicate-version");

  private final String label;

  MigrationState(String label) {
    this.label = label;
  }

  /** The lower-case name used in output. */
  public String label() {
    return label;
  }
}
