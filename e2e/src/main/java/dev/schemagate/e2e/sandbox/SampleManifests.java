package dev.schemagate.e2e.sandbox;

import dev.schemagate.e2e.stack.Manifests;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The manifests the sandbox writes for its user: the shop app at three versions, each a
 * DatabaseMigration and its gated Deployment, ready for {@code kubectl apply -f}.
 */
final class SampleManifests {

  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  private SampleManifests() {}

  static Path write(Path file, ShopNamespace shop, String image) throws IOException {
    String yaml =
        YAML.asYaml(Manifests.migration(shop.namespace(), DemoStory.APP, image, shop.secret()))
            + YAML.asYaml(
                Manifests.deployment(shop.namespace(), DemoStory.APP, image, DemoStory.APP, 2));
    Files.writeString(file, yaml);
    return file;
  }
}
