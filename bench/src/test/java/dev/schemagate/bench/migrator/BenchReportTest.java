package dev.schemagate.bench.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  private static ToolTimings timings(String tool, double apply, double noop) {
    return new ToolTimings(tool, new Samples(List.of(apply)), new Samples(List.of(noop)));
  }

  @Test
  void ratioComparesMedians() {
    Samples migrator = new Samples(List.of(100.0, 300.0, 200.0));
    Samples flyway = new Samples(List.of(800.0, 900.0, 1000.0));
    assertThat(BenchReport.ratio(migrator, flyway)).isEqualTo(200.0 / 900.0);
  }

  @Test
  void tableSaysWhetherTheGoalIsMetForEachMeasurement() {
    String table =
        BenchReport.table(
            List.of("header"), timings("migrator", 1000, 100), timings("Flyway", 2500, 150));
    assertThat(table).startsWith("header\n");
    assertThat(table).contains("0.40   goal <= 0.50: met");
    assertThat(table).contains("0.67   goal <= 0.50: MISSED");
  }

  @Test
  void tableShowsTheFloorWithoutARatioForIt() {
    String table =
        BenchReport.table(
            List.of(),
            timings("migrator", 1000, 100),
            timings("Flyway", 2500, 150),
            timings("floor", 800, 10));
    assertThat(table).contains("  floor ").containsOnlyOnce("0.40   goal");
  }

  @Test
  void tableWorksForOneTool() {
    String table = BenchReport.table(List.of(), timings("migrator", 1000, 100), null);
    assertThat(table).contains("migrator").doesNotContain("ratio");
  }
}
