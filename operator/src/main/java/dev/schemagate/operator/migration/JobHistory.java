package dev.schemagate.operator.migration;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Which finished migration Jobs fall beyond spec.historyLimit. Running Jobs are never chosen. */
public final class JobHistory {

  private JobHistory() {}

  /**
   * Names of finished Jobs older than the newest {@code limit} finished ones, never one in {@code
   * keep} (the Job the status describes, the Job of the current spec).
   */
  public static List<String> beyondLimit(
      Collection<RunOutcome> outcomes, int limit, Set<String> keep) {
    List<RunOutcome> finishedNewestFirst =
        outcomes.stream().filter(RunOutcome::finished).sorted(newestFirst()).toList();
    return finishedNewestFirst.stream()
        .skip(limit)
        .map(RunOutcome::jobName)
        .filter(name -> !keep.contains(name))
        .toList();
  }

  static Comparator<RunOutcome> newestFirst() {
    return Comparator.comparing(
            (RunOutcome o) -> Objects.requireNonNullElse(o.createdAt(), Instant.EPOCH))
        .thenComparing(o -> Objects.requireNonNullElse(o.startTime(), ""))
        .thenComparing(RunOutcome::jobName)
        .reversed();
  }
}
