package dev.schemagate.bench.migrator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Formats the comparison table; pure, so the arithmetic is unit-tested. */
public final class BenchReport {

  /** The goal from the issue: the migrator needs at most half of Flyway's time. */
  public static final double GOAL_RATIO = 0.5;

  private BenchReport() {}

  public static double ratio(Samples migrator, Samples flyway) {
    return migrator.median() / flyway.median();
  }

  /** The table for any number of tools; the ratio line needs both {@code migrator} and Flyway. */
  public static String table(List<String> header, ToolTimings migrator, ToolTimings flyway) {
    return table(header, migrator, flyway, null);
  }

  /** The same, with the floor (plain JDBC) when it was measured; any of the three may be null. */
  public static String table(
      List<String> header, ToolTimings migrator, ToolTimings flyway, ToolTimings floor) {
    StringBuilder out = new StringBuilder();
    header.forEach(line -> out.append(line).append('\n'));
    out.append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "%-24s %10s %10s %10s   %s%n",
            "",
            "median ms",
            "min ms",
            "max ms",
            "runs"));
    section(out, "apply all (fresh)", migrator, flyway, floor, true);
    section(out, "no-op (second run)", migrator, flyway, floor, false);
    return out.toString();
  }

  private static void section(
      StringBuilder out,
      String title,
      ToolTimings migrator,
      ToolTimings flyway,
      ToolTimings floor,
      boolean apply) {
    out.append(title).append('\n');
    for (ToolTimings t : Arrays.asList(migrator, flyway, floor)) {
      if (t != null) {
        Samples s = apply ? t.apply() : t.noop();
        out.append(
            String.format(
                Locale.ROOT,
                "  %-22s %10.1f %10.1f %10.1f   %s%n",
                t.tool(),
                s.median(),
                s.min(),
                s.max(),
                s.millis().stream()
                    .map(v -> String.format(Locale.ROOT, "%.0f", v))
                    .collect(Collectors.joining(" "))));
      }
    }
    if (migrator != null && flyway != null) {
      double ratio =
          apply ? ratio(migrator.apply(), flyway.apply()) : ratio(migrator.noop(), flyway.noop());
      out.append(
          String.format(
              Locale.ROOT,
              "  %-22s %10.2f   goal <= %.2f: %s%n",
              "ratio migrator/Flyway",
              ratio,
              GOAL_RATIO,
              ratio <= GOAL_RATIO ? "met" : "MISSED"));
    }
  }
}
