package dev.schemagate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Why the last run failed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FailureDetails {

  @JsonPropertyDescription(
      "Machine-readable cause: BackoffLimitExceeded, DeadlineExceeded, ErrImagePull,"
          + " ImagePullBackOff, CreateContainerConfigError, OOMKilled, PodStartTimeout, ...")
  private String reason;

  @JsonPropertyDescription("What went wrong, for humans.")
  private String message;

  @JsonPropertyDescription("The migration that failed (file or version), from the migrator.")
  private String migration;

  @JsonPropertyDescription("SQLSTATE of the failing statement, from the migrator.")
  private String sqlState;

  @JsonPropertyDescription("The end of the migration container's log (at most 2 KiB).")
  private String logTail;

  public FailureDetails() {}

  public FailureDetails(String reason, String message) {
    this.reason = reason;
    this.message = message;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getMigration() {
    return migration;
  }

  public void setMigration(String migration) {
    this.migration = migration;
  }

  public String getSqlState() {
    return sqlState;
  }

  public void setSqlState(String sqlState) {
    this.sqlState = sqlState;
  }

  public String getLogTail() {
    return logTail;
  }

  public void setLogTail(String logTail) {
    this.logTail = logTail;
  }
}
