package dev.schemagate.migrator.info;

import dev.schemagate.migrator.history.AppliedMigration;
import dev.schemagate.migrator.plan.MigrationPlan;
import dev.schemagate.migrator.plan.PlannedMigration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Renders a plan as a plain-text table, one row per version. Pure. */
public final class InfoTable {

  private static final String[] HEADERS = {
    "Version", "Description", "Type", "State", "Applied at (UTC)", "Script"
  };
  private static final DateTimeFormatter APPLIED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final int MAX_DESCRIPTION = 40;

  private InfoTable() {}

  /** The table, lines separated by {@code \n}, ending with a summary line. */
  public static String render(MigrationPlan plan, String schema) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADERS);
    for (PlannedMigration entry : plan.entries()) {
      rows.add(
          new String[] {
            entry.version(),
            shorten(entry.description()),
            entry.type(),
            entry.state().label(),
            entry.applied().map(InfoTable::appliedAt).orElse(""),
            entry.script()
          });
    }
    int[] widths = new int[HEADERS.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, HEADERS, widths);
    String[] rule = new String[HEADERS.length];
    for (int i = 0; i < rule.length; i++) {
      rule[i] = "-".repeat(widths[i]);
    }
    appendRow(out, rule, widths);
    for (String[] row : rows.subList(1, rows.size())) {
      appendRow(out, row, widths);
    }
    long applied = plan.entries().stream().filter(e -> e.applied().isPresent()).count();
    out.append('\n')
        .append("Schema ")
        .append(schema)
        .append(": ")
        .append(plan.entries().size())
        .append(" versions, ")
        .append(applied)
        .append(" in history, ")
        .append(plan.pending().size())
        .append(" pending, ")
        .append(plan.problems().size())
        .append(" problems\n");
    plan.problems()
        .forEach(
            p -> out.append("  ").append(p.kind()).append(": ").append(p.message()).append('\n'));
    return out.toString();
  }

  private static String appliedAt(AppliedMigration row) {
    return row.appliedAt() == null
        ? ""
        : APPLIED_AT.format(row.appliedAt().withOffsetSameInstant(ZoneOffset.UTC));
  }

  private static String shorten(String description) {
    return description.length() <= MAX_DESCRIPTION
        ? description
        : description.substring(0, MAX_DESCRIPTION - 3) + "...";
  }

  private static void appendRow(StringBuilder out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      line.append(cells[i]).append(" ".repeat(widths[i] - cells[i].length()));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
