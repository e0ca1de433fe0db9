package dev.schemagate.operator.faults;

import java.util.logging.Level;
import java.util.logging.Logger;

/** What every fault test does around its run: a quiet mock server, and a seed it can repeat. */
final class FaultRuns {

  /** The mock logs every request at INFO; held here, as java.util.logging holds loggers weakly. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver.MockWebServer");

  private FaultRuns() {}

  /** Only the mock server's warnings: a fault test sends thousands of requests. */
  static void quietMockServer() {
    MOCK_LOG.setLevel(Level.WARNING);
  }

  /**
   * The seed of {@code test}'s random choices: {@code -Dschemagate.faults.seed=N}, or a new one;
   * printed either way, so that a failing run can be repeated.
   */
  static long seed(Class<?> test) {
    long seed = Long.getLong("schemagate.faults.seed", System.nanoTime());
    System.out.println(
        test.getSimpleName() + " seed " + seed + " (-Dschemagate.faults.seed=" + seed + ")");
    return seed;
  }
}
