package dev.schemagate.operator.webhook.testutil;

import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/** Gated Deployments for tests: {@code shop/orders}, gated by DatabaseMigration {@code orders}. */
public final class Deployments {

  public static final String NAMESPACE = "shop";
  public static final String NAME = "orders";
  public static final String MIGRATION = "orders";

  public static final String IMAGE_V1 = "registry.example.com/shop/orders@sha256:" + "1".repeat(64);
  public static final String IMAGE_V2 = "registry.example.com/shop/orders@sha256:" + "2".repeat(64);
  public static final String IMAGE_V3 = "registry.example.com/shop/orders@sha256:" + "3".repeat(64);
  public static final String SIDECAR_V1 = "registry.example.com/proxy:1.0";
  public static final String SIDECAR_V2 = "registry.example.com/proxy:2.0";

  private Deployments() {}

  /** A gated Deployment whose first container "app" runs {@code image}, with a sidecar. */
  public static DeploymentBuilder gated(String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(NAMESPACE)
        .withUid("6f1c8a52-0000-4000-8000-000000000001")
        .addToLabels(Labels.MIGRATION, MIGRATION)
        .addToLabels("app", NAME)
        .endMetadata()
        .withNewSpec()
        .withReplicas(3)
        .withNewSelector()
        .addToMatchLabels("app", NAME)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", NAME)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .endContainer()
        .addNewContainer()
        .withName("proxy")
        .withImage(SIDECAR_V1)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec();
  }

  /**
   * {@code deployment} as Schemagate holds it: paused, with the held-for and held-since markers.
   */
  public static DeploymentBuilder heldBySchemagate(DeploymentBuilder deployment, String heldFor) {
    return deployment
        .editMetadata()
        .addToAnnotations(Annotations.HELD_FOR, heldFor)
        .addToAnnotations(Annotations.HELD_SINCE, "2025-01-01T00:00:00Z")
        .endMetadata()
        .editSpec()
        .withPaused(true)
        .endSpec();
  }

  public static Deployment withImage(Deployment deployment, String container, String image) {
    return new DeploymentBuilder(deployment)
        .editSpec()
        .editTemplate()
        .editSpec()
        .editMatchingContainer(c -> c.getName().equals(container))
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
