package dev.schemagate.operator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobHistoryTest {

  static RunOutcome run(String name, RunState state, long createdSecond) {
    return new RunOutcome(
        name,
        "img",
        state,
        Instant.ofEpochSecond(createdSecond),
        null,
        null,
        null,
        null,
        null,
        false,
        true);
  }

  @Test
  void keepsTheNewestFinishedJobs() {
    List<RunOutcome> runs =
        List.of(
            run("j1", RunState.SUCCEEDED, 1),
            run("j2", RunState.FAILED, 2),
            run("j3", RunState.SUCCEEDED, 3),
            run("j4", RunState.RUNNING, 4));
    assertThat(JobHistory.beyondLimit(runs, 1, Set.of())).containsExactly("j2", "j1");
    assertThat(JobHistory.beyondLimit(runs, 3, Set.of())).isEmpty();
  }

  @Test
  void neverChoosesAProtectedJob() {
    List<RunOutcome> runs =
        List.of(run("j1", RunState.SUCCEEDED, 1), run("j2", RunState.FAILED, 2));
    assertThat(JobHistory.beyondLimit(runs, 1, Set.of("j1"))).isEmpty();
  }
}
