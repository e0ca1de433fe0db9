package dev.schemagate.bench.operator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Tells when the in-process operator has nothing left to do, from JOSDK's own metrics: no reconcile
 * running and no new event for a few checks in a row. Used between the steps of a benchmark run
 * (outside the clock), so that a measured step does not queue behind leftovers of the previous one.
 */
final class OperatorIdle {

  private static final String EVENTS = "operator.sdk.events.received";
  private static final String EXECUTIONS =
      "operator.sdk.reconciliations.executions.databasemigration";
  private static final String RECONCILE_TIMER = "operator.sdk.controllers.execution.reconcile";
  private static final int QUIET_CHECKS = 3;
  private static final long CHECK_MILLIS = 10;

  private final MeterRegistry registry;

  OperatorIdle(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Returns once idle; fails after {@code timeout}. */
  void await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    double events = events();
    int quiet = 0;
    while (quiet < QUIET_CHECKS) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the operator did not become idle within " + timeout);
      }
      sleep(CHECK_MILLIS);
      double now = events();
      quiet = now == events && executions() == 0 ? quiet + 1 : 0;
      events = now;
    }
  }

  /** Reconciles run so far and their mean duration, e.g. "812 reconciles, mean 1.9 ms". */
  String reconcileSummary() {
    long count = 0;
    double totalMillis = 0;
    for (Timer timer : registry.find(RECONCILE_TIMER).timers()) {
      count += timer.count();
      totalMillis += timer.totalTime(TimeUnit.MILLISECONDS);
    }
    return String.format(
        java.util.Locale.ROOT,
        "%d reconciles, mean %.2f ms",
        count,
        count == 0 ? 0.0 : totalMillis / count);
  }

  private double events() {
    return registry.find(EVENTS).counters().stream().mapToDouble(Counter::count).sum();
  }

  private double executions() {
    Gauge gauge = registry.find(EXECUTIONS).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
