package dev.schemagate.operator.gate;

import java.util.List;

/**
 * What the gate needs to know about one DatabaseMigration.
 *
 * @param succeededImages {@code status.succeededImages}: images a gated Deployment may roll out to
 * @param gateContainer {@code spec.gate.container}, or null/blank for "the first container"
 */
public record GateTarget(List<String> succeededImages, String gateContainer) {

  public GateTarget {
    succeededImages = succeededImages == null ? List.of() : List.copyOf(succeededImages);
  }

  public boolean allows(String image) {
    return image != null && succeededImages.contains(image);
  }
}
