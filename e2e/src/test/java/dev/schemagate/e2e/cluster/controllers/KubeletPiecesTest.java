package dev.schemagate.e2e.cluster.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeletPiecesTest {

  static final Pod POD =
      new PodBuilder()
          .withNewMetadata()
          .withName("orders-abc-xyz12")
          .withNamespace("shop")
          .withUid("u-1")
          .addToLabels("app", "orders")
          .endMetadata()
          .withNewSpec()
          .withNodeName("node")
          .endSpec()
          .build();

  static final ContainerEnv.Lookup LOOKUP =
      new ContainerEnv.Lookup() {
        @Override
        public Optional<Map<String, String>> secret(String namespace, String name) {
          return name.equals("db")
              ? Optional.of(Map.of("PGUSER", "app", "PGPASSWORD", "s3cret"))
              : Optional.empty();
        }

        @Override
        public Optional<Map<String, String>> configMap(String namespace, String name) {
          return name.equals("settings") ? Optional.of(Map.of("MODE", "fast")) : Optional.empty();
        }
      };

  @Test
  void environmentInKubeletOrder() throws Exception {
    Container container =
        new ContainerBuilder()
            .addNewEnvFrom()
            .withNewSecretRef("db", false)
            .endEnvFrom()
            .addNewEnvFrom()
            .withPrefix("CFG_")
            .withNewConfigMapRef("settings", false)
            .endEnvFrom()
            .addNewEnv()
            .withName("PGUSER")
            .withValue("override-$(CFG_MODE)-$$")
            .endEnv()
            .addNewEnv()
            .withName("PASS")
            .withNewValueFrom()
            .withNewSecretKeyRef("PGPASSWORD", "db", false)
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("POD")
            .withNewValueFrom()
            .withNewFieldRef("v1", "metadata.name")
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("OPTIONAL")
            .withNewValueFrom()
            .withNewSecretKeyRef("missing", "nope", true)
            .endValueFrom()
            .endEnv()
            .build();

    Map<String, String> env =
        ContainerEnv.resolve(POD, container, Map.of("SCHEMAGATE_MIGRATIONS_DIR", "/m"), LOOKUP);

    assertThat(env)
        .containsEntry("SCHEMAGATE_MIGRATIONS_DIR", "/m")
        .containsEntry("PGUSER", "override-fast-$")
        .containsEntry("PGPASSWORD", "s3cret")
        .containsEntry("PASS", "s3cret")
        .containsEntry("CFG_MODE", "fast")
        .containsEntry("POD", "orders-abc-xyz12")
        .doesNotContainKey("OPTIONAL");
  }

  @Test
  void aMissingSecretIsAContainerConfigError() {
    Container missing =
        new ContainerBuilder().addNewEnvFrom().withNewSecretRef("gone", false).endEnvFrom().build();
    assertThatThrownBy(() -> ContainerEnv.resolve(POD, missing, Map.of(), LOOKUP))
        .isInstanceOf(ContainerEnv.ConfigError.class)
        .hasMessage("secret \"gone\" not found");
    Container missingKey =
        new ContainerBuilder()
            .addNewEnv()
            .withName("X")
            .withNewValueFrom()
            .withNewSecretKeyRef("NOPE", "db", false)
            .endValueFrom()
            .endEnv()
            .build();
    assertThatThrownBy(() -> ContainerEnv.resolve(POD, missingKey, Map.of(), LOOKUP))
        .hasMessage("couldn't find key NOPE in Secret shop/db");
  }

  @Test
  void commandAndArgsMapOntoTheMigrator() {
    ImageCatalog catalog = new ImageCatalog();
    assertThat(ContainerLaunch.migratorArgs(null, null, catalog)).containsExactly("migrate");
    assertThat(ContainerLaunch.migratorArgs(List.of(), List.of("info", "--json"), catalog))
        .containsExactly("info", "--json");
    assertThat(ContainerLaunch.migratorArgs(List.of("/app/migrate"), List.of("--verbose"), catalog))
        .containsExactly("--verbose");
    assertThat(ContainerLaunch.migratorArgs(List.of("/app/migrate", "migrate"), List.of(), catalog))
        .containsExactly("migrate");
    assertThatThrownBy(() -> ContainerLaunch.migratorArgs(List.of("/bin/sh"), List.of(), catalog))
        .hasMessageContaining("executable file not found");
    catalog.addMigratorCommand("/bin/sh");
    assertThat(ContainerLaunch.migratorArgs(List.of("/bin/sh"), List.of(), catalog))
        .containsExactly("migrate");
    assertThat(catalog.register("img", Path.of("dir")).migrations("img")).isPresent();
  }

  @Test
  void terminationMessageFromTheFileElseTheLogTailOnError() {
    String log = "line\n".repeat(100) + "boom";
    assertThat(
            TerminationMessages.message("{\"status\":\"failed\"}", log, 1, "FallbackToLogsOnError"))
        .isEqualTo("{\"status\":\"failed\"}");
    String fallback = TerminationMessages.message("", log, 1, "FallbackToLogsOnError");
    assertThat(fallback).endsWith("boom").hasLineCount(80);
    assertThat(TerminationMessages.message("", log, 0, "FallbackToLogsOnError")).isEmpty();
    assertThat(TerminationMessages.message("", log, 1, "File")).isEmpty();
    assertThat(TerminationMessages.message("x".repeat(5000), "", 1, "File")).hasSize(4096);
  }

  @Test
  void templateHashIgnoresWhatTheApiTypesCannotTellApart() {
    PodTemplateSpec plain =
        new PodTemplateSpecBuilder()
            .withNewMetadata()
            .addToLabels("app", "orders")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("v1")
            .endContainer()
            .endSpec()
            .build();
    PodTemplateSpec withEmptyResources =
        new PodTemplateSpecBuilder(plain)
            .editSpec()
            .editFirstContainer()
            .withNewResources()
            .endResources()
            .endContainer()
            .endSpec()
            .build();
    PodTemplateSpec other =
        new PodTemplateSpecBuilder(plain)
            .editSpec()
            .editFirstContainer()
            .withImage("v2")
            .endContainer()
            .endSpec()
            .build();

    assertThat(TemplateHash.of(plain))
        .isEqualTo(TemplateHash.of(withEmptyResources))
        .matches("[bcdfghjklmnpqrstvwxz2456789]+");
    assertThat(TemplateHash.of(plain)).isNotEqualTo(TemplateHash.of(other));
  }
}
