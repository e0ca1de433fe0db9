package dev.schemagate.bench.operator;

import java.time.Duration;
import java.util.Locale;

/**
 * Who used the machine during a phase: wall-clock time, CPU time of the operator's process and of
 * this JVM (mock API server, benchmark clients and watches), and the mock's busy time. On a shared
 * 2-core machine this shows whether the operator or the mock set the pace.
 */
record Usage(
    long wallNanos, long operatorCpuNanos, long benchCpuNanos, TimedDispatcher.Snapshot mock) {

  /**
   * @param operator null when no operator process runs yet
   */
  static Usage now(MockApiServer api, OperatorJvm operator) {
    return new Usage(
        System.nanoTime(),
        operator == null ? 0 : cpuNanos(ProcessHandle.of(operator.pid()).orElse(null)),
        cpuNanos(ProcessHandle.current()),
        api.timing().snapshot());
  }

  String describeSince(Usage earlier) {
    double wall = (wallNanos - earlier.wallNanos) / 1e9;
    return String.format(
            Locale.ROOT,
            "CPU: operator %.1f s, bench JVM (mock server + clients) %.1f s, in %.1f s wall on %d"
                + " CPUs; ",
            (operatorCpuNanos - earlier.operatorCpuNanos) / 1e9,
            (benchCpuNanos - earlier.benchCpuNanos) / 1e9,
            wall,
            Runtime.getRuntime().availableProcessors())
        + mock.describeSince(earlier.mock)
        + "\n    requests: "
        + mock.kindsSince(earlier.mock);
  }

  private static long cpuNanos(ProcessHandle process) {
    if (process == null) {
      return 0;
    }
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
