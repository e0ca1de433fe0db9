package dev.schemagate.migrator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.migrator.history.AppliedMigration;
import dev.schemagate.migrator.resolve.ResolvedMigration;
import dev.schemagate.migrator.resolve.Version;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationPlannerTest {

  private static ResolvedMigration file(String version, String name) {
    return file(version, name, "SELECT " + version + ";");
  }

  private static ResolvedMigration file(String version, String name, String sql) {
    return new ResolvedMigration(
        Version.parse(version),
        name,
        name,
        "sum-of-" + sql,
        sql,
        !sql.startsWith("-- schemagate:no-transaction"));
  }

  private static AppliedMigration applied(ResolvedMigration file) {
    return row(file.version().toString(), file.script(), file.checksum(), true);
  }

  private static AppliedMigration row(String version, String script, String checksum, boolean ok) {
    return new AppliedMigration(
        version, script, script, checksum, OffsetDateTime.now(), 3, "host", ok);
  }

  private static List<String> states(MigrationPlan plan) {
    return plan.entries().stream().map(e -> e.version() + ":" + e.state().label()).toList();
  }

  @Test
  void freshDatabaseHasEverythingPendingInOrder() {
    MigrationPlan plan =
        MigrationPlanner.plan(
            List.of(
                file("2", "V2__b.sql"), file("1.10", "V1_10__a.sql"), file("1.9", "V1_9__a.sql")),
            List.of());
    assertThat(plan.isValid()).isTrue();
    assertThat(plan.pending())
        .extracting(m -> m.version().toString())
        .containsExactly("1.9", "1.10", "2");
    assertThat(states(plan)).containsExactly("1.9:pending", "1.10:pending", "2:pending");
  }

  @Test
  void appliedFilesAreNotPendingAgain() {
    ResolvedMigration one = file("1", "V1__a.sql");
    ResolvedMigration two = file("2", "V2__b.sql");
    MigrationPlan plan = MigrationPlanner.plan(List.of(one, two), List.of(applied(one)));
    assertThat(plan.pending()).containsExactly(two);
    assertThat(states(plan)).containsExactly("1:applied", "2:pending");
    assertThat(plan.isUpToDate()).isFalse();
    assertThat(
            MigrationPlanner.plan(List.of(one, two), List.of(applied(one), applied(two)))
                .isUpToDate())
        .isTrue();
  }

  @Test
  void changedFileIsAChecksumMismatchNamingTheFile() {
    ResolvedMigration one = file("1", "V1__a.sql");
    MigrationPlan plan =
        MigrationPlanner.plan(List.of(one), List.of(row("1", "V1__a.sql", "old-sum", true)));
    assertThat(plan.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo("checksum-mismatch");
              assertThat(p.files()).containsExactly("V1__a.sql");
              assertThat(p.message()).contains("V1__a.sql", "changed after it was applied");
            });
    assertThat(states(plan)).containsExactly("1:checksum-mismatch");
  }

  @Test
  void appliedVersionWithoutFileIsMissing() {
    MigrationPlan plan =
        MigrationPlanner.plan(
            List.of(file("2", "V2__b.sql")),
            List.of(
                row("1", "V1__gone.sql", "x", true),
                row("2", "V2__b.sql", "sum-of-SELECT 2;", true)));
    assertThat(plan.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo("missing-file");
              assertThat(p.message()).contains("V1__gone.sql", "version 1");
            });
    assertThat(states(plan)).containsExactly("1:missing-file", "2:applied");
  }

  @Test
  void newFileOlderThanTheNewestAppliedIsOutOfOrder() {
    ResolvedMigration one = file("1", "V1__a.sql");
    ResolvedMigration late = file("1.5", "V1_5__late.sql");
    ResolvedMigration two = file("2", "V2__b.sql");
    MigrationPlan plan =
        MigrationPlanner.plan(List.of(one, late, two), List.of(applied(one), applied(two)));
    assertThat(plan.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo("out-of-order");
              assertThat(p.message()).contains("V1_5__late.sql", "newest applied version 2");
            });
    assertThat(states(plan)).containsExactly("1:applied", "1.5:out-of-order", "2:applied");
  }

  @Test
  void twoFilesWithOneVersionAreDuplicatesNamingBoth() {
    MigrationPlan plan =
        MigrationPlanner.plan(
            List.of(file("1", "V1__a.sql"), file("1", "000001_b.up.sql")), List.of());
    assertThat(plan.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo("duplicate-version");
              assertThat(p.files()).containsExactlyInAnyOrder("V1__a.sql", "000001_b.up.sql");
            });
    assertThat(states(plan)).containsExactly("1:duplicate-version", "1:duplicate-version");
  }

  @Test
  void failedNoTransactionAttemptIsRetried() {
    ResolvedMigration one = file("1", "V1__a.sql");
    ResolvedMigration two =
        file(
            "2",
            "V2__idx.sql",
            "-- schemagate:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (c);");
    MigrationPlan plan =
        MigrationPlanner.plan(
            List.of(one, two), List.of(applied(one), row("2", "V2__idx.sql", "other", false)));
    assertThat(plan.isValid()).isTrue();
    assertThat(plan.pending()).containsExactly(two);
    assertThat(plan.retried()).containsExactly(Version.parse("2"));
    assertThat(states(plan)).containsExactly("1:applied", "2:failed");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ResolvedMigration one = file("1", "V1__a.sql");
    ResolvedMigration three = file("3", "V3__c.sql");
    MigrationPlan plan =
        MigrationPlanner.plan(
            List.of(
                file("1", "V1__changed.sql", "SELECT 'changed';"),
                file("2", "V2__late.sql"),
                three,
                file("4", "V4__x.sql"),
                file("4", "V4__y.sql")),
            List.of(applied(one), applied(three), row("5", "V5__gone.sql", "x", true)));
    assertThat(plan.problems())
        .extracting(ValidationProblem::kind)
        .containsExactlyInAnyOrder(
            "checksum-mismatch", "out-of-order", "duplicate-version", "missing-file");
  }

  @Test
  void pendingFilesThatWouldBreakTheRunAreProblems() {
    MigrationPlan plan =
        MigrationPlanner.plan(
            List.of(
                file("1", "V1__commit.sql", "CREATE TABLE t (id int);\nCOMMIT;"),
                file("2", "V2__open.sql", "SELECT $$ never closed"),
                file("3", "V3__ok.sql", "-- schemagate:no-transaction\nBEGIN; SELECT 1; COMMIT;")),
            List.of());
    assertThat(plan.problems()).hasSize(2);
    assertThat(plan.problems().get(0).kind()).isEqualTo("transaction-control");
    assertThat(plan.problems().get(0).message()).contains("V1__commit.sql line 2", "COMMIT");
    assertThat(plan.problems().get(1).kind()).isEqualTo("unterminated-sql");
    assertThat(plan.problems().get(1).message())
        .contains("V2__open.sql", "unterminated dollar-quoted string", "line 1, column 8");
  }

  @Test
  void appliedFilesAreNotRelexed() {
    ResolvedMigration broken = file("1", "V1__old.sql", "SELECT 'unterminated");
    MigrationPlan plan = MigrationPlanner.plan(List.of(broken), List.of(applied(broken)));
    assertThat(plan.isUpToDate()).isTrue();
  }
}
