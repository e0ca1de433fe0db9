package dev.schemagate.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.api.DatabaseMigrationValidator;
import dev.schemagate.operator.api.ImageReference;
import dev.schemagate.operator.api.SchemagateConstants.Annotations;
import dev.schemagate.operator.api.SchemagateConstants.Labels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  @Test
  void imagesArePinnedAndDistinct() {
    assertThat(ImageReference.isDigestPinned(Workload.image("a"))).isTrue();
    assertThat(Workload.image("a"))
        .isEqualTo(Workload.image("a"))
        .isNotEqualTo(Workload.image("b"));
  }

  @Test
  void theMigrationIsValid() {
    assertThat(
            DatabaseMigrationValidator.validate(
                Workload.migration("ns", "app-0001", Workload.image("x"))))
        .isEmpty();
  }

  @Test
  void aHeldDeploymentLooksAsTheWebhookStoresIt() {
    String image = Workload.image("x");
    Deployment held = Workload.heldDeployment("ns", "app-0001", image);

    assertThat(held.getSpec().getPaused()).isTrue();
    assertThat(held.getMetadata().getLabels()).containsEntry(Labels.MIGRATION, "app-0001");
    assertThat(held.getMetadata().getAnnotations())
        .containsEntry(Annotations.HELD_FOR, image)
        .containsKey(Annotations.HELD_SINCE);
    assertThat(held.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .isEqualTo(image);
  }

  @Test
  void anUngatedDeploymentHasNoGateLabelAndIsNotPaused() {
    Deployment plain = Workload.ungatedDeployment("ns", "web-00001", Workload.image("w"));

    assertThat(plain.getMetadata().getLabels()).doesNotContainKey(Labels.MIGRATION);
    assertThat(plain.getSpec().getPaused()).isNull();
  }
}
