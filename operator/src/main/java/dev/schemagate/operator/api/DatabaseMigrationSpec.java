package dev.schemagate.operator.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** What the database must be ready for, and how to run the migration that gets it there. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseMigrationSpec {

  public static final int DEFAULT_BACKOFF_LIMIT = 0;
  public static final long DEFAULT_ACTIVE_DEADLINE_SECONDS = 1800;
  public static final int DEFAULT_HISTORY_LIMIT = 3;

  @Required
  @Pattern(ImageReference.DIGEST_PINNED_PATTERN)
  @JsonPropertyDescription(
      "The application image, pinned by digest (name@sha256:<64 hex>). Its migration runs once;"
          + " gated Deployments roll out to it only after the run succeeded.")
  private String image;

  @JsonPropertyDescription("How to run the migration; every field is optional.")
  private MigratorSpec migrator;

  @Min(0)
  @Max(10)
  @Default("0")
  @JsonPropertyDescription("Retries of the migration Job (Job backoffLimit). Fail fast by default.")
  private Integer backoffLimit;

  @Min(60)
  @Default("1800")
  @JsonPropertyDescription(
      "Seconds after which a running migration fails (Job activeDeadlineSeconds), so a hung"
          + " migration cannot hold a rollout forever.")
  private Long activeDeadlineSeconds;

  @JsonPropertyDescription("How gated Deployments are matched against this migration.")
  private GateSpec gate;

  @Min(1)
  @Max(50)
  @Default("3")
  @JsonPropertyDescription("Finished migration Jobs kept; older ones are deleted.")
  private Integer historyLimit;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public MigratorSpec getMigrator() {
    return migrator;
  }

  public void setMigrator(MigratorSpec migrator) {
    this.migrator = migrator;
  }

  public Integer getBackoffLimit() {
    return backoffLimit;
  }

  public void setBackoffLimit(Integer backoffLimit) {
    this.backoffLimit = backoffLimit;
  }

  public Long getActiveDeadlineSeconds() {
    return activeDeadlineSeconds;
  }

  public void setActiveDeadlineSeconds(Long activeDeadlineSeconds) {
    this.activeDeadlineSeconds = activeDeadlineSeconds;
  }

  public GateSpec getGate() {
    return gate;
  }

  public void setGate(GateSpec gate) {
    this.gate = gate;
  }

  public Integer getHistoryLimit() {
    return historyLimit;
  }

  public void setHistoryLimit(Integer historyLimit) {
    this.historyLimit = historyLimit;
  }

  // The API server applies the CRD defaults; these cover servers (and tests) that do not.

  @JsonIgnore
  public int backoffLimitOrDefault() {
    return Objects.requireNonNullElse(backoffLimit, DEFAULT_BACKOFF_LIMIT);
  }

  @JsonIgnore
  public long activeDeadlineSecondsOrDefault() {
    return Objects.requireNonNullElse(activeDeadlineSeconds, DEFAULT_ACTIVE_DEADLINE_SECONDS);
  }

  @JsonIgnore
  public int historyLimitOrDefault() {
    return Objects.requireNonNullElse(historyLimit, DEFAULT_HISTORY_LIMIT);
  }

  @JsonIgnore
  public MigratorSpec migratorOrEmpty() {
    return migrator != null ? migrator : new MigratorSpec();
  }
}
