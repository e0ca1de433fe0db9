package dev.schemagate.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.LintResult;
import dev.schemagate.helm.testutil.ChartUnderTest;
import dev.schemagate.helm.testutil.Scenario;
import org.junit.jupiter.api.Test;

class ChartLintTest {

  @Test
  void passesStrictLint() {
    LintResult result = ChartUnderTest.lintStrict();

    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    // Strict lint fails on warnings already; only informational notes may remain.
    assertThat(result.getMessages()).allMatch(message -> message.startsWith("[INFO]"));
  }

  @Test
  void rendersOnTheOldestSupportedKubernetesAndRefusesOlderOnes() {
    assertThat(ChartUnderTest.template(Scenario.DEFAULTS).withKubeVersion("1.25.0").call())
        .contains("kind: MutatingWebhookConfiguration");

    assertThatThrownBy(
            () -> ChartUnderTest.template(Scenario.DEFAULTS).withKubeVersion("1.24.9").call())
        .hasMessageContaining("kubeVersion");
  }
}
