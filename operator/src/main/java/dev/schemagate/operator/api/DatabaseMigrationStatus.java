package dev.schemagate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * Observed state of a DatabaseMigration: the current or last run, and what is allowed to roll out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DatabaseMigrationStatus {

  /** At most this many images are kept in {@link #succeededImages}. */
  public static final int MAX_SUCCEEDED_IMAGES = 20;

  @JsonPropertyDescription("metadata.generation of the spec this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription("Phase of the current or last run: Pending, Running, Succeeded, Failed.")
  private Phase phase;

  @JsonPropertyDescription("Image of the current or last run.")
  private String image;

  @JsonPropertyDescription("Short form of image (name@12 hex of the digest), for kubectl get.")
  private String imageShort;

  @JsonPropertyDescription("Name of the Job of the current or last run.")
  private String jobName;

  @JsonPropertyDescription("When the run's Job started (RFC 3339).")
  private String startTime;

  @JsonPropertyDescription("When the run finished (RFC 3339).")
  private String completionTime;

  @JsonPropertyDescription(
      "Images whose migration succeeded, newest first (at most 20). Gated Deployments may roll"
          + " out to these.")
  private List<String> succeededImages;

  @JsonPropertyDescription("Why the run failed; only when phase is Failed.")
  private FailureDetails failure;

  @JsonPropertyDescription("Deployments gated by this migration.")
  private List<DeploymentGateStatus> deployments;

  @JsonPropertyDescription("Ready, Reconciling and Stalled (kstatus conventions).")
  private List<Condition> conditions;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public String getImageShort() {
    return imageShort;
  }

  public void setImageShort(String imageShort) {
    this.imageShort = imageShort;
  }

  public String getJobName() {
    return jobName;
  }

  public void setJobName(String jobName) {
    this.jobName = jobName;
  }

  public String getStartTime() {
    return startTime;
  }

  public void setStartTime(String startTime) {
    this.startTime = startTime;
  }

  public String getCompletionTime() {
    return completionTime;
  }

  public void setCompletionTime(String completionTime) {
    this.completionTime = completionTime;
  }

  public List<String> getSucceededImages() {
    return succeededImages;
  }

  public void setSucceededImages(List<String> succeededImages) {
    this.succeededImages = succeededImages;
  }

  public FailureDetails getFailure() {
    return failure;
  }

  public void setFailure(FailureDetails failure) {
    this.failure = failure;
  }

  public List<DeploymentGateStatus> getDeployments() {
    return deployments;
  }

  public void setDeployments(List<DeploymentGateStatus> deployments) {
    this.deployments = deployments;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /** Whether a gated Deployment may roll out to this image. */
  public boolean hasSucceeded(String image) {
    return succeededImages != null && image != null && succeededImages.contains(image);
  }

  /** A condition by type, or null. */
  public Condition condition(String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** A copy of the succeeded images, never null. */
  public List<String> succeededImagesCopy() {
    return succeededImages == null ? new ArrayList<>() : new ArrayList<>(succeededImages);
  }
}
