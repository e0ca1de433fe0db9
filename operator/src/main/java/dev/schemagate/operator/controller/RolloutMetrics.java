package dev.schemagate.operator.controller;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Rollout gate metrics: the histogram {@code schemagate_rollout_held_seconds}, how long gated
 * Deployments waited for their migration: from the start of the hold ({@code
 * schemagate.dev/held-since}, set by the webhook or the backstop) to the operator's release.
 */
public final class RolloutMetrics {

  private final Timer held;

  public RolloutMetrics(MeterRegistry registry) {
    this.held =
        Timer.builder("schemagate.rollout.held")
            .description(
                "Time a gated Deployment's rollout was held before its migration succeeded and the"
                    + " operator released it")
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
                Duration.ofHours(1),
                Duration.ofHours(6),
                Duration.ofHours(24))
            .register(registry);
  }

  /** A hold the operator lifted after {@code duration}; negative durations (clock skew) count 0. */
  public void released(Duration duration) {
    held.record(duration.isNegative() ? Duration.ZERO : duration);
  }
}
