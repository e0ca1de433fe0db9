package dev.schemagate.helm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.helm.testutil.ChartUnderTest;
import dev.schemagate.helm.testutil.Scenario;
import org.junit.jupiter.api.Test;

/** What `helm install` tells the user to do next. */
class NotesTest {

  @Test
  void explainHowToFollowMigrationsAndGateADeployment() {
    String notes = ChartUnderTest.notes(Scenario.DEFAULTS);

    assertThat(notes)
        .contains("kubectl -n schemagate-system rollout status deployment/schemagate")
        .contains("kubectl get dbm -A")
        .contains("schemagate.dev/migration: orders")
        .contains("failurePolicy Fail")
        .contains("kubectl -n schemagate-system delete secret schemagate-webhook-tls");
  }

  @Test
  void useAWatchedNamespaceInTheExample() {
    assertThat(ChartUnderTest.notes(Scenario.NAMESPACED))
        .contains("Watching: namespaces shop, billing.")
        .contains("kubectl -n shop describe dbm orders");
  }

  @Test
  void warnThatWithoutTheWebhookTheGateIsBestEffort() {
    assertThat(ChartUnderTest.notes(Scenario.WEBHOOK_DISABLED))
        .contains("the admission webhook is disabled")
        .contains("best-effort")
        .doesNotContain("failurePolicy");
  }
}
