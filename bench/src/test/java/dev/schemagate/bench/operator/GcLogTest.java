package dev.schemagate.bench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcLogTest {

  @Test
  void findsTheLastExplicitFullCollection() {
    String log =
        """
        [4.803s][info][gc] GC(34) Pause Young (Allocation Failure) 21M->16M(24M) 6.350ms
        [40.969s][info][gc] GC(59) Pause Full (Diagnostic Command) 32M->23M(59M) 76.884ms
        [41.100s][info][gc] GC(60) Pause Young (Allocation Failure) 43M->27M(59M) 2.703ms
        [90.002s][info][gc] GC(91) Pause Full (System.gc()) 70M->36M(89M) 101.2ms
        [91.500s][info][gc] GC(92) Pause Young (Allocation Failure) 60M->40M(89M) 3.1ms
        """;

    GcLog.Collection last = GcLog.lastExplicit(log).orElseThrow();

    assertThat(last.number()).isEqualTo(91);
    assertThat(last.beforeKib()).isEqualTo(70 * 1024);
    assertThat(last.afterMib()).isEqualTo(36.0);
    assertThat(last.committedMib()).isEqualTo(89.0);
  }

  @Test
  void understandsKilobytesAndG1sLines() {
    String log =
        "[1.0s][info][gc] GC(3) Pause Full (Diagnostic Command) 9000K->4096K(16384K) 9.1ms";

    GcLog.Collection last = GcLog.lastExplicit(log).orElseThrow();

    assertThat(last.afterKib()).isEqualTo(4096);
    assertThat(last.committedMib()).isEqualTo(16.0);
  }

  @Test
  void noExplicitCollectionNoAnswer() {
    assertThat(
            GcLog.lastExplicit(
                "[1s][info][gc] GC(1) Pause Young (Allocation Failure) 5M->2M(8M) 1ms"))
        .isEmpty();
    assertThat(GcLog.lastExplicit("")).isEmpty();
  }
}
