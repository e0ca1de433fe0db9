package dev.schemagate.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class MigrationEventSourcesTest {

  private static final Deployment BASE =
      new DeploymentBuilder()
          .withNewMetadata()
          .withName("orders")
          .withGeneration(3L)
          .addToLabels("schemagate.dev/migration", "orders")
          .endMetadata()
          .build();

  @Test
  void statusOnlyUpdatesOfGatedDeploymentsTriggerNoReconcile() {
    Deployment statusOnly =
        new DeploymentBuilder(BASE).withNewStatus().withReadyReplicas(2).endStatus().build();

    assertThat(MigrationEventSources.gateRelevant(statusOnly, BASE)).isFalse();
  }

  @Test
  void specLabelAndAnnotationChangesDo() {
    Deployment spec =
        new DeploymentBuilder(BASE).editMetadata().withGeneration(4L).endMetadata().build();
    Deployment label =
        new DeploymentBuilder(BASE).editMetadata().addToLabels("tier", "web").endMetadata().build();
    Deployment annotation =
        new DeploymentBuilder(BASE)
            .editMetadata()
            .addToAnnotations("schemagate.dev/held-for", "x")
            .endMetadata()
            .build();

    assertThat(MigrationEventSources.gateRelevant(spec, BASE)).isTrue();
    assertThat(MigrationEventSources.gateRelevant(label, BASE)).isTrue();
    assertThat(MigrationEventSources.gateRelevant(annotation, BASE)).isTrue();
  }
}
