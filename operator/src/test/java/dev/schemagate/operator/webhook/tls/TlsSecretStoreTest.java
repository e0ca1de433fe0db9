package dev.schemagate.operator.webhook.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class TlsSecretStoreTest {

  private static final ServingNames NAMES = ServingNames.forService("webhook", "ops");

  KubernetesClient client;

  private final CertificateRotation rotation = new CertificateRotation(new CertificateIssuer());

  private WebhookCertificates fresh() {
    return rotation.next(Instant.now(), Optional.empty(), NAMES).orElseThrow();
  }

  @Test
  void createsATlsSecretAndReadsItBack() {
    TlsSecretStore store = new TlsSecretStore(client, "ops", "webhook-tls");
    assertThat(store.read()).isEmpty();
    WebhookCertificates certificates = fresh();

    store.createOrAdopt(certificates);

    Secret secret = client.secrets().inNamespace("ops").withName("webhook-tls").get();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(secret.getData()).containsKeys("tls.crt", "tls.key", "ca.crt", "ca.key");
    assertThat(secret.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "schemagate");
    TlsSecretStore.Stored stored = store.read().orElseThrow();
    assertThat(stored.certificates().serving().certificate())
        .isEqualTo(certificates.serving().certificate());
  }

  @Test
  void aReplicaLosingTheCreateRaceAdoptsTheWinner() {
    TlsSecretStore first = new TlsSecretStore(client, "ops", "webhook-tls");
    TlsSecretStore second = new TlsSecretStore(client, "ops", "webhook-tls");
    WebhookCertificates winner = fresh();
    first.createOrAdopt(winner);

    TlsSecretStore.Stored adopted = second.createOrAdopt(fresh());

    assertThat(adopted.certificates().serving().certificate())
        .isEqualTo(winner.serving().certificate());
  }

  @Test
  void aReplicaRenewingOnAStaleVersionAdoptsTheOtherRenewal() {
    TlsSecretStore store = new TlsSecretStore(client, "ops", "webhook-tls");
    TlsSecretStore.Stored original = store.createOrAdopt(fresh());
    WebhookCertificates renewedByOther = fresh();
    store.replaceOrAdopt(renewedByOther, original.resourceVersion());

    TlsSecretStore.Stored result = store.replaceOrAdopt(fresh(), original.resourceVersion());

    assertThat(result.certificates().serving().certificate())
        .isEqualTo(renewedByOther.serving().certificate());
  }

  @Test
  void anUnreadableSecretIsReportedForReplacement() {
    client
        .secrets()
        .inNamespace("ops")
        .resource(
            new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata()
                .withName("webhook-tls")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", "")
                .addToData("tls.key", "")
                .build())
        .create();
    TlsSecretStore store = new TlsSecretStore(client, "ops", "webhook-tls");

    TlsSecretStore.Stored stored = store.read().orElseThrow();

    assertThat(stored.certificates()).isNull();
    TlsSecretStore.Stored replaced = store.replaceOrAdopt(fresh(), stored.resourceVersion());
    assertThat(replaced.certificates()).isNotNull();
    assertThat(store.read().orElseThrow().certificates()).isNotNull();
  }
}
