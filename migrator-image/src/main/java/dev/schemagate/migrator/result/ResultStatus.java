package dev.schemagate.migrator.result;

/** The outcome of a run, with its exit code. */
public enum ResultStatus {
  SUCCESS("success", 0),
  FAILED("failed", 1),
  ERROR("error", 2),
  VALIDATION_FAILED("validation_failed", 3),
  LOCK_TIMEOUT("lock_timeout", 4);

  private final String label;
  private final int exitCode;

  ResultStatus(String label, int exitCode) {
    this.label = label;
    this.exitCode = exitCode;
  }

  /** The value of the result's {@code status} field. */
  public String label() {
    return label;
  }

  /** The process exit code. */
  public int exitCode() {
    return exitCode;
  }
}
