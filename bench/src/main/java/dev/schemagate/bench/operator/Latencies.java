package dev.schemagate.bench.operator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Summary of latency samples in milliseconds. Percentiles by the nearest-rank method: p99 of 200
 * samples is the 198th smallest, so it is a sample that was actually measured.
 */
record Latencies(double[] sorted) {

  Latencies {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    sorted = sorted.clone();
    Arrays.sort(sorted);
  }

  static Latencies ofMillis(List<Double> millis) {
    return new Latencies(millis.stream().mapToDouble(Double::doubleValue).toArray());
  }

  int count() {
    return sorted.length;
  }

  /** The nearest-rank percentile, {@code p} in (0, 100]. */
  double percentile(double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  double min() {
    return sorted[0];
  }

  double max() {
    return sorted[sorted.length - 1];
  }

  double mean() {
    return Arrays.stream(sorted).average().orElseThrow();
  }

  /** One line: {@code n=200 p50 12.3 p90 … p99 … max … mean … (ms)}. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "n=%d  min %.1f  p50 %.1f  p90 %.1f  p99 %.1f  max %.1f  mean %.1f  (ms)",
        count(),
        min(),
        percentile(50),
        percentile(90),
        percentile(99),
        max(),
        mean());
  }

  /** Whether p50 and p99 are within the goals; e.g. "goal p50 <= 50 ms, p99 <= 250 ms: met". */
  String against(double p50Goal, double p99Goal) {
    boolean p50 = percentile(50) <= p50Goal;
    boolean p99 = percentile(99) <= p99Goal;
    return String.format(
        Locale.ROOT,
        "goal p50 <= %.0f ms, p99 <= %.0f ms: %s",
        p50Goal,
        p99Goal,
        p50 && p99
            ? "met"
            : "MISSED ("
                + (p50
                    ? ""
                    : String.format(Locale.ROOT, "p50 over by %.1f ms", percentile(50) - p50Goal))
                + (!p50 && !p99 ? ", " : "")
                + (p99
                    ? ""
                    : String.format(Locale.ROOT, "p99 over by %.1f ms", percentile(99) - p99Goal))
                + ")");
  }
}
