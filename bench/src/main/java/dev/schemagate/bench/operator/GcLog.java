package dev.schemagate.bench.operator;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the heap after the last explicit full collection from a unified JVM GC log ({@code
 * -Xlog:gc}): the line of {@code jcmd <pid> GC.run}, e.g. {@code [12.3s][info][gc] GC(41) Pause
 * Full (System.gc()) 61M->38M(98M) 45.2ms}. Pure.
 */
final class GcLog {

  private static final Pattern SYSTEM_GC =
      Pattern.compile(
          "GC\\((\\d+)\\).*\\((?:System\\.gc\\(\\)|Diagnostic Command)\\)\\s+"
              + "(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  private GcLog() {}

  /** One explicit collection: its number, and the heap before, after and committed, in KiB. */
  record Collection(int number, long beforeKib, long afterKib, long committedKib) {
    double afterMib() {
      return afterKib / 1024.0;
    }

    double committedMib() {
      return committedKib / 1024.0;
    }
  }

  /** The last explicit collection (jcmd GC.run or System.gc()) in the log, if any. */
  static Optional<Collection> lastExplicit(String log) {
    Collection last = null;
    for (String line : log.split("\n")) {
      Matcher m = SYSTEM_GC.matcher(line);
      if (m.find()) {
        last =
            new Collection(
                Integer.parseInt(m.group(1)),
                kib(m.group(2), m.group(3)),
                kib(m.group(4), m.group(5)),
                kib(m.group(6), m.group(7)));
      }
    }
    return Optional.ofNullable(last);
  }

  private static long kib(String amount, String unit) {
    long value = Long.parseLong(amount);
    return switch (unit) {
      case "K" -> value;
      case "M" -> value * 1024;
      default -> value * 1024 * 1024;
    };
  }
}
