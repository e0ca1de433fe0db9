package dev.schemagate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Deployment gated by this migration. Filled by the rollout gate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentGateStatus {

  /** Whether the gate holds a Deployment's rollout. */
  public enum State {
    Held,
    Released
  }

  @JsonPropertyDescription("Deployment name (same namespace).")
  private String name;

  @JsonPropertyDescription("Image of the gated container.")
  private String image;

  @JsonPropertyDescription("Held (paused by Schemagate until the migration succeeds) or Released.")
  private State state;

  public DeploymentGateStatus() {}

  public DeploymentGateStatus(String name, String image, State state) {
    this.name = name;
    this.image = image;
    this.state = state;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public State getState() {
    return state;
  }

  public void setState(State state) {
    this.state = state;
  }
}
