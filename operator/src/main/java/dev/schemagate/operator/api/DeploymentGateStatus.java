package dev.schemagate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A Deployment gated by this migration (it carries the label). Filled by the reconciler. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentGateStatus {

  /** Whether the gated image may roll out. */
  public enum State {
    Held,
    Released
  }

  @JsonPropertyDescription("Deployment name (same namespace).")
  private String name;

  @JsonPropertyDescription(
      "Image of the gated container (absent when the Deployment has no such container).")
  private String image;

  @JsonPropertyDescription(
      "Held: the image has no successful migration, so its rollout waits (paused by Schemagate,"
          + " or already by its owner). Released: it has one; the rollout may proceed.")
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
