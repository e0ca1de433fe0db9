package dev.schemagate.bench.operator;

import java.util.Locale;
import java.util.Optional;

/**
 * The operator process's memory at one moment: heap after a forced full collection (from its GC
 * log), and RSS now and at its peak so far.
 *
 * @param heapAfterGcMib -1 when the GC log had no line for the collection
 */
record MemorySample(
    String when, double heapAfterGcMib, double heapCommittedMib, double rssMib, double peakRssMib) {

  static MemorySample take(String when, OperatorJvm operator) {
    Optional<GcLog.Collection> gc = operator.heapAfterFullGc();
    ProcessMemory memory = operator.memory();
    return new MemorySample(
        when,
        gc.map(GcLog.Collection::afterMib).orElse(-1.0),
        gc.map(GcLog.Collection::committedMib).orElse(-1.0),
        memory.rssMib(),
        memory.peakRssMib());
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "Operator memory %s: heap after full GC %s, RSS %.1f MiB (peak so far %.1f MiB)",
        when,
        heapAfterGcMib < 0
            ? "unknown (no GC log line)"
            : String.format(
                Locale.ROOT,
                "%.1f MiB (heap committed %.1f MiB)",
                heapAfterGcMib,
                heapCommittedMib),
        rssMib,
        peakRssMib);
  }
}
