package dev.schemagate.helm;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.schemagate.helm.testutil.ChartUnderTest;
import dev.schemagate.helm.testutil.Scenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** values.schema.json turns a mistyped value into an install error instead of a surprise. */
class ValuesSchemaTest {

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "webhook.failurePolicy, Sometimes, failurePolicy",
    "webhook.timeoutSeconds, 31, timeoutSeconds",
    "webhook.timeoutSeconds, 0, timeoutSeconds",
    "logFormat, yaml, logFormat",
    "podStartTimeout, five minutes, podStartTimeout",
    "podStartTimeout, 1.5h, podStartTimeout",
    "image.pullPolicy, Sometimes, pullPolicy",
    "image.digest, latest, digest",
    "replicaCount, 0, replicaCount",
    "watchNamespaces[0], Shop_1, watchNamespaces",
    "webhook.certManager.issuerRef.kind, Foo, issuerRef",
    "webhook.failurPolicy, Fail, failurPolicy",
    "replicas, 3, replicas",
  })
  void rejects(String key, String value, String named) {
    assertThatThrownBy(
            () ->
                ChartUnderTest.template(Scenario.DEFAULTS)
                    .withKubeVersion(ChartUnderTest.KUBE_VERSION)
                    .set(key, value)
                    .call())
        .hasMessageContaining("schema")
        .hasMessageContaining(named);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "webhook.failurePolicy, Ignore",
    "webhook.timeoutSeconds, 30",
    "logFormat, text",
    "podStartTimeout, 90s",
    "podStartTimeout, 1h30m",
    "podStartTimeout, PT5M",
    "podDisruptionBudget.minAvailable, 50%",
    "watchNamespaces[0], shop-1",
  })
  void accepts(String key, String value) {
    assertThatCode(
            () ->
                ChartUnderTest.template(Scenario.DEFAULTS)
                    .withKubeVersion(ChartUnderTest.KUBE_VERSION)
                    .set(key, value)
                    .call())
        .doesNotThrowAnyException();
  }
}
