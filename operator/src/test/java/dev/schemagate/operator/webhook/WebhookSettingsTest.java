package dev.schemagate.operator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The record's own checks and derived values; reading the environment is {@code SettingsTest}. */
class WebhookSettingsTest {

  private static WebhookSettings with(URI url, Path certDirectory, String policy, int timeout) {
    return new WebhookSettings(
        true,
        8443,
        url,
        "schemagate-webhook",
        443,
        "ops",
        "schemagate",
        "schemagate-webhook-tls",
        certDirectory,
        policy,
        timeout,
        null,
        Set.of());
  }

  @Test
  void defaults() {
    WebhookSettings settings = WebhookSettings.defaults("schemagate-system");

    assertThat(settings.enabled()).isTrue();
    assertThat(settings.port()).isEqualTo(8443);
    assertThat(settings.url()).isNull();
    assertThat(settings.serviceName()).isEqualTo("schemagate-webhook");
    assertThat(settings.servicePort()).isEqualTo(443);
    assertThat(settings.namespace()).isEqualTo("schemagate-system");
    assertThat(settings.configurationName()).isEqualTo("schemagate");
    assertThat(settings.secretName()).isEqualTo("schemagate-webhook-tls");
    assertThat(settings.certDirectory()).isNull();
    assertThat(settings.failurePolicy()).isEqualTo("Fail");
    assertThat(settings.timeoutSeconds()).isEqualTo(5);
    assertThat(settings.certCheckInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.watchedNamespaces()).isEmpty();
    assertThat(settings.operatorOwnsConfiguration()).isFalse();
  }

  @Test
  void aCertDirectoryIsPolledMoreOften() {
    assertThat(with(null, Path.of("/certs"), "Fail", 5).certCheckInterval())
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void theOperatorOwnsTheConfigurationOnlyWhenRegisteredByUrl() {
    WebhookSettings byUrl = with(URI.create("https://10.0.0.7:9443"), null, "Fail", 5);

    assertThat(byUrl.operatorOwnsConfiguration()).isTrue();
    assertThat(byUrl.effectiveUrl()).hasToString("https://10.0.0.7:9443/mutate-deployments");
  }

  @Test
  void aUrlWithAPathIsUsedAsIs() {
    WebhookSettings settings = with(URI.create("https://gate.example.com/custom"), null, "Fail", 5);

    assertThat(settings.effectiveUrl()).hasToString("https://gate.example.com/custom");
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> with(null, null, "Deny", 5)).hasMessageContaining("Fail or Ignore");
    assertThatThrownBy(() -> with(null, null, "Fail", 31)).hasMessageContaining("1-30");
    assertThatThrownBy(() -> with(URI.create("http://10.0.0.7:9443"), null, "Fail", 5))
        .hasMessageContaining("https");
    assertThatThrownBy(() -> WebhookSettings.defaults(" ")).hasMessageContaining("namespace");
  }
}
