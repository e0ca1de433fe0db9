package dev.schemagate.operator.controller;

import dev.schemagate.operator.migration.RunOutcome;
import dev.schemagate.operator.migration.RunState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Migration run metrics: {@code schemagate_migration_runs_total{result}} and the histogram {@code
 * schemagate_migration_run_duration_seconds}.
 */
public final class RunMetrics {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  private final Counter succeeded;
  private final Counter failed;
  private final Timer duration;

  public RunMetrics(MeterRegistry registry) {
    this.succeeded = runs(registry, SUCCEEDED);
    this.failed = runs(registry, FAILED);
    this.duration =
        Timer.builder("schemagate.migration.run.duration")
            .description("Time from the start of a migration Job to its end")
            // Buckets that fit migrations: seconds to the default one-hour-ish deadline.
            .serviceLevelObjectives(
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofMinutes(2),
                Duration.ofMinutes(5),
                Duration.ofMinutes(10),
                Duration.ofMinutes(30),
                Duration.ofHours(1))
            .register(registry);
  }

  private static Counter runs(MeterRegistry registry, String result) {
    return Counter.builder("schemagate.migration.runs")
        .description("Finished migration runs by result")
        .tag("result", result)
        .register(registry);
  }

  /** A run that finished (counted once: when its outcome is recorded). */
  public void finished(RunOutcome run) {
    record(run.state() == RunState.SUCCEEDED, run.durationSeconds());
  }

  /** A run whose Job vanished before it finished. */
  public void vanished() {
    record(false, null);
  }

  private void record(boolean success, Double seconds) {
    (success ? succeeded : failed).increment();
    if (seconds != null) {
      duration.record(Duration.ofMillis(Math.round(seconds * 1000)));
    }
  }
}
