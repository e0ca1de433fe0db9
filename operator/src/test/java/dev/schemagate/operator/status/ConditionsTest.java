package dev.schemagate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  static final Instant T1 = Instant.parse("2025-01-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2025-01-01T11:00:00Z");

  @Test
  void aNewConditionTransitionsNow() {
    List<Condition> result =
        Conditions.withTransitionTimes(
            null, List.of(Conditions.of("Ready", false, "R", "m", 1L)), T1);
    assertThat(result.getFirst().getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
    assertThat(result.getFirst().getObservedGeneration()).isEqualTo(1L);
  }

  @Test
  void theTransitionTimeStaysWhileTheStatusStaysEvenIfReasonAndMessageChange() {
    List<Condition> before =
        Conditions.withTransitionTimes(
            null, List.of(Conditions.of("Ready", false, "Pending", "a", 1L)), T1);
    List<Condition> after =
        Conditions.withTransitionTimes(
            before, List.of(Conditions.of("Ready", false, "Running", "b", 2L)), T2);
    assertThat(after.getFirst().getLastTransitionTime()).isEqualTo("2025-01-01T10:00:00Z");
    assertThat(after.getFirst().getReason()).isEqualTo("Running");
    assertThat(after.getFirst().getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void aStatusChangeMovesTheTransitionTime() {
    List<Condition> before =
        Conditions.withTransitionTimes(
            null, List.of(Conditions.of("Ready", false, "Pending", "a", 1L)), T1);
    List<Condition> after =
        Conditions.withTransitionTimes(
            before, List.of(Conditions.of("Ready", true, "Succeeded", "b", 1L)), T2);
    assertThat(after.getFirst().getLastTransitionTime()).isEqualTo("2025-01-01T11:00:00Z");
  }

  @Test
  void longMessagesAreTruncated() {
    Condition condition = Conditions.of("Stalled", true, "R", "x".repeat(5000), 1L);
    assertThat(condition.getMessage()).hasSize(Conditions.MAX_MESSAGE_LENGTH).endsWith("…");
  }
}
