package dev.schemagate.migrator.info;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.migrator.history.AppliedMigration;
import dev.schemagate.migrator.plan.MigrationPlan;
import dev.schemagate.migrator.plan.MigrationPlanner;
import dev.schemagate.migrator.resolve.ResolvedMigration;
import dev.schemagate.migrator.resolve.Version;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class InfoTableTest {

  @Test
  void showsEveryVersionWithItsStateAndASummary() {
    ResolvedMigration one =
        new ResolvedMigration(
            Version.parse("1"),
            "create customers",
            "V1__create_customers.sql",
            "a",
            "SELECT 1;",
            true);
    ResolvedMigration two =
        new ResolvedMigration(
            Version.parse("2"),
            "index",
            "V2__index.sql",
            "b",
            "-- schemagate:no-transaction\nSELECT 1;",
            false);
    AppliedMigration applied =
        new AppliedMigration(
            "1",
            "create customers",
            "V1__create_customers.sql",
            "a",
            OffsetDateTime.of(2024, 5, 1, 12, 0, 0, 0, ZoneOffset.ofHours(2)),
            5,
            "pod-1",
            true);
    MigrationPlan plan = MigrationPlanner.plan(List.of(one, two), List.of(applied));

    String table = InfoTable.render(plan, "shop");

    assertThat(table.lines().toList())
        .containsExactly(
            "Version  Description       Type            State    Applied at (UTC)     Script",
            "-------  ----------------  --------------  -------  -------------------  ------------------------",
            "1        create customers  transactional   applied  2024-05-01 10:00:00  V1__create_customers.sql",
            "2        index             no-transaction  pending                       V2__index.sql",
            "",
            "Schema shop: 2 versions, 1 in history, 1 pending, 0 problems");
  }
}
