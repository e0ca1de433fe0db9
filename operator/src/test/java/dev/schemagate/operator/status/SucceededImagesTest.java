package dev.schemagate.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.migration.RunOutcome;
import dev.schemagate.operator.migration.RunState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SucceededImagesTest {

  static RunOutcome run(String image, RunState state) {
    return new RunOutcome(
        "j-" + image, image, state, null, null, null, null, null, null, false, false);
  }

  @Test
  void newSuccessesGoFirstFailuresNowhere() {
    assertThat(
            SucceededImages.merge(
                List.of("a"),
                List.of(
                    run("b", RunState.SUCCEEDED),
                    run("c", RunState.FAILED),
                    run("d", RunState.SUCCEEDED))))
        .containsExactly("d", "b", "a");
  }

  @Test
  void anImageIsListedOnce() {
    assertThat(SucceededImages.merge(List.of("b", "a"), List.of(run("a", RunState.SUCCEEDED))))
        .containsExactly("a", "b");
  }

  @Test
  void theListIsBoundedToTwenty() {
    List<String> previous = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      previous.add("old" + i);
    }
    List<String> merged = SucceededImages.merge(previous, List.of(run("new", RunState.SUCCEEDED)));
    assertThat(merged).hasSize(20).startsWith("new").doesNotContain("old19");
  }

  @Test
  void emptyStaysAbsent() {
    assertThat(SucceededImages.merge(null, List.of())).isNull();
  }
}
