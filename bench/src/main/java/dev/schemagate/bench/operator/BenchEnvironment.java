package dev.schemagate.bench.operator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a benchmark ran on, for the report: JVM, flags, CPUs, memory, machine load. */
final class BenchEnvironment {

  private BenchEnvironment() {}

  static List<String> describe() {
    Runtime rt = Runtime.getRuntime();
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "Bench JVM:  %s %s (%s), %d CPUs, max heap %d MiB, flags %s",
            System.getProperty("java.vm.name"),
            Runtime.version(),
            System.getProperty("java.vendor"),
            rt.availableProcessors(),
            rt.maxMemory() / (1024 * 1024),
            ManagementFactory.getRuntimeMXBean().getInputArguments()));
    lines.add(
        String.format(
            Locale.ROOT,
            "Machine:    %s %s, %s, load average %s",
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            memTotal(),
            loadAverage()));
    return lines;
  }

  /** The 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown". */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kib = Long.parseLong(line.replaceAll("\\D+", ""));
          return (kib / 1024) + " MiB RAM";
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "RAM unknown";
  }

  /** bench/results when run from the repository root, else the given fallback. */
  static Path resultsDirectory(Path requested) throws IOException {
    Path dir = requested;
    if (dir == null) {
      dir =
          Files.isRegularFile(Path.of("bench", "pom.xml"))
              ? Path.of("bench", "results")
              : Path.of(System.getProperty("java.io.tmpdir"), "schemagate-bench-results");
    }
    return Files.createDirectories(dir);
  }

  static String stamp() {
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }
}
