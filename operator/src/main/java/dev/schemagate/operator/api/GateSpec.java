package dev.schemagate.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How a gated Deployment is compared with this migration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GateSpec {

  @JsonPropertyDescription(
      "Name of the container of gated Deployments that carries the application image; default:"
          + " the first container.")
  private String container;

  public String getContainer() {
    return container;
  }

  public void setContainer(String container) {
    this.container = container;
  }
}
