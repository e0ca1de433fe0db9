package dev.schemagate.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.testutil.MockCluster;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl get dbm} shows Phase, Image, Ready, Age (the API contract), although the CRD
 * generator sorts printer columns by jsonPath: the build reorders them.
 */
class CrdPrinterColumnsTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @Test
  void theCommittedCrdListsTheColumnsInContractOrder() throws IOException {
    try (InputStream committed = Files.newInputStream(MockCluster.CRD)) {
      assertContractOrder(SERIALIZATION.unmarshal(committed, CustomResourceDefinition.class));
    }
  }

  @Test
  void theCrdInTheJarListsThemInTheSameOrder() throws IOException {
    try (InputStream packaged =
        getClass()
            .getResourceAsStream("/META-INF/fabric8/databasemigrations.schemagate.dev-v1.yml")) {
      assertThat(packaged).isNotNull();
      assertContractOrder(SERIALIZATION.unmarshal(packaged, CustomResourceDefinition.class));
    }
  }

  private static void assertContractOrder(CustomResourceDefinition crd) {
    List<CustomResourceColumnDefinition> columns =
        crd.getSpec().getVersions().getFirst().getAdditionalPrinterColumns();
    assertThat(columns)
        .extracting(CustomResourceColumnDefinition::getName)
        .containsExactly("Phase", "Image", "Ready", "Age");
    assertThat(columns)
        .extracting(CustomResourceColumnDefinition::getJsonPath)
        .containsExactly(
            ".status.phase",
            ".status.imageShort",
            ".status.conditions[?(@.type==\"Ready\")].status",
            ".metadata.creationTimestamp");
  }
}
