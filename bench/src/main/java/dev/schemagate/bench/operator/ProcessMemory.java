package dev.schemagate.bench.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Resident memory of a process from {@code /proc/<pid>/status} (Linux): VmRSS now and VmHWM, the
 * peak since the process started.
 */
record ProcessMemory(long rssKib, long peakRssKib) {

  static ProcessMemory of(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the memory of process " + pid, e);
    }
  }

  /** Parses the text of {@code /proc/<pid>/status}. */
  static ProcessMemory parse(String status) {
    return new ProcessMemory(
        field(status, "VmRSS:").orElseThrow(() -> new IllegalArgumentException("no VmRSS")),
        field(status, "VmHWM:").orElse(-1));
  }

  private static OptionalLong field(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name)) {
        String digits = line.substring(name.length()).replaceAll("[^0-9]", "");
        return digits.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(digits));
      }
    }
    return OptionalLong.empty();
  }

  double rssMib() {
    return rssKib / 1024.0;
  }

  double peakRssMib() {
    return peakRssKib / 1024.0;
  }
}
