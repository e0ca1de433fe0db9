package dev.schemagate.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.operator.webhook.WebhookSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {

  static final RuntimeEnvironment LOCAL = new RuntimeEnvironment(false, Optional.empty(), "laptop");
  static final RuntimeEnvironment POD =
      new RuntimeEnvironment(true, Optional.of("schemagate-system"), "schemagate-operator-abc");

  @Test
  void defaultsOutsideACluster() {
    Settings settings = Settings.fromEnvironment(Map.of(), LOCAL);
    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.namespace()).isEqualTo("default");
    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(settings.podStartTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(settings.identity()).isEqualTo("laptop");
    assertThat(settings.webhook().enabled()).isFalse();
    assertThat(settings.webhook().port()).isEqualTo(8443);
    assertThat(settings.webhook().url()).isNull();
    assertThat(settings.webhook().serviceName()).isEqualTo("schemagate-webhook");
    assertThat(settings.webhook().servicePort()).isEqualTo(443);
    assertThat(settings.webhook().namespace()).isEqualTo("default");
    assertThat(settings.webhook().configurationName()).isEqualTo("schemagate");
    assertThat(settings.webhook().secretName()).isEqualTo("schemagate-webhook-tls");
    assertThat(settings.webhook().certDirectory()).isNull();
    assertThat(settings.webhook().failurePolicy()).isEqualTo("Fail");
    assertThat(settings.webhook().timeoutSeconds()).isEqualTo(5);
    assertThat(settings.webhook().certCheckInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(settings.webhook().watchedNamespaces()).isEmpty();
  }

  @Test
  void defaultsInACluster() {
    Settings settings = Settings.fromEnvironment(Map.of(), POD);
    assertThat(settings.namespace()).isEqualTo("schemagate-system");
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.webhook().enabled()).isTrue();
    assertThat(settings.identity()).isEqualTo("schemagate-operator-abc");
  }

  @Test
  void everyVariableIsRead() {
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("SCHEMAGATE_NAMESPACES", " shop, billing ,,"),
            Map.entry("SCHEMAGATE_NAMESPACE", "ops"),
            Map.entry("SCHEMAGATE_HTTP_PORT", "9090"),
            Map.entry("SCHEMAGATE_LEADER_ELECTION", "FALSE"),
            Map.entry("SCHEMAGATE_LOG_FORMAT", "text"),
            Map.entry("SCHEMAGATE_POD_START_TIMEOUT", "1h30m"),
            Map.entry("SCHEMAGATE_WEBHOOK_ENABLED", "true"),
            Map.entry("SCHEMAGATE_WEBHOOK_PORT", "9443"),
            Map.entry("SCHEMAGATE_WEBHOOK_URL", "https://10.0.0.5:9443"),
            Map.entry("SCHEMAGATE_WEBHOOK_SERVICE", "gate"),
            Map.entry("SCHEMAGATE_WEBHOOK_SERVICE_PORT", "8443"),
            Map.entry("SCHEMAGATE_WEBHOOK_CONFIG_NAME", "gate-config"),
            Map.entry("SCHEMAGATE_WEBHOOK_SECRET", "gate-tls"),
            Map.entry("SCHEMAGATE_WEBHOOK_CERT_DIR", "/certs"),
            Map.entry("SCHEMAGATE_WEBHOOK_CERT_CHECK_INTERVAL", "5m"),
            Map.entry("SCHEMAGATE_WEBHOOK_FAILURE_POLICY", "ignore"),
            Map.entry("SCHEMAGATE_WEBHOOK_TIMEOUT_SECONDS", "10"));
    Settings settings = Settings.fromEnvironment(env, POD);
    assertThat(settings.namespaces()).isEqualTo(Set.of("shop", "billing"));
    assertThat(settings.namespace()).isEqualTo("ops");
    assertThat(settings.httpPort()).isEqualTo(9090);
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(settings.podStartTimeout()).isEqualTo(Duration.ofMinutes(90));
    assertThat(settings.webhook())
        .isEqualTo(
            new WebhookSettings(
                true,
                9443,
                URI.create("https://10.0.0.5:9443"),
                "gate",
                8443,
                "ops",
                "gate-config",
                "gate-tls",
                Path.of("/certs"),
                "Ignore",
                10,
                Duration.ofMinutes(5),
                Set.of("shop", "billing")));
    // Every variable the operator reads is in that environment: a new one needs a line above.
    assertThat(env.keySet())
        .containsAll(Arrays.stream(Setting.values()).map(Setting::variable).toList());
  }

  @Test
  void aCertDirectoryIsCheckedEveryMinuteByDefault() {
    Settings settings =
        Settings.fromEnvironment(Map.of("SCHEMAGATE_WEBHOOK_CERT_DIR", "/certs"), POD);
    assertThat(settings.webhook().certCheckInterval()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void watchedNamespacesFollowTheWithers() {
    Settings settings = Settings.forTests().withNamespaces(Set.of("shop"));
    assertThat(settings.webhook().watchedNamespaces()).containsExactly("shop");
  }

  @Test
  void durationsInSeveralSpellings() {
    assertThat(Settings.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Settings.duration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Settings.duration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Settings.duration("120")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Settings.duration("PT5M")).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void everyBadValueIsReportedAtOnce() {
    Map<String, String> env =
        Map.of(
            "SCHEMAGATE_HTTP_PORT", "http",
            "SCHEMAGATE_LEADER_ELECTION", "yes",
            "SCHEMAGATE_LOG_FORMAT", "xml",
            "SCHEMAGATE_POD_START_TIMEOUT", "soon",
            "SCHEMAGATE_WEBHOOK_TIMEOUT_SECONDS", "60",
            "SCHEMAGATE_WEBHOOK_URL", "http://insecure",
            "SCHEMAGATE_WEBHOOK_SERVICE_PORT", "0",
            "SCHEMAGATE_WEBHOOK_FAILURE_POLICY", "Deny",
            "SCHEMAGATE_WEBHOOK_CERT_CHECK_INTERVAL", "hourly");
    assertThatThrownBy(() -> Settings.fromEnvironment(env, LOCAL))
        .isInstanceOfSatisfying(
            SettingsException.class,
            e ->
                assertThat(e.problems())
                    .hasSize(9)
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("SCHEMAGATE_HTTP_PORT=\"http\": must be a number"))
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("SCHEMAGATE_LEADER_ELECTION")
                                .contains("true or false"))
                    .anySatisfy(p -> assertThat(p).contains("SCHEMAGATE_POD_START_TIMEOUT")));
  }

  @Test
  void zeroDurationsAndOutOfRangePortsAreRejected() {
    assertThatThrownBy(
            () -> Settings.fromEnvironment(Map.of("SCHEMAGATE_POD_START_TIMEOUT", "0s"), LOCAL))
        .hasMessageContaining("longer than zero");
    assertThatThrownBy(
            () -> Settings.fromEnvironment(Map.of("SCHEMAGATE_HTTP_PORT", "70000"), LOCAL))
        .hasMessageContaining("port number");
  }
}
