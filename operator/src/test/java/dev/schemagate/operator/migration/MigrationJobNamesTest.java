package dev.schemagate.operator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MigrationJobNamesTest {

  private static final RunHash HASH = new RunHash("7f3a9c2e" + "0".repeat(56));

  @Test
  void shortNamesGetTheHashSuffix() {
    assertThat(MigrationJobNames.forRun("orders", HASH)).isEqualTo("orders-7f3a9c2e");
  }

  @Test
  void longNamesAreTruncatedToSixtyThreeCharacters() {
    String name = MigrationJobNames.forRun("a".repeat(253), HASH);
    assertThat(name).hasSize(63).endsWith("-7f3a9c2e").startsWith("a".repeat(54));
  }

  @Test
  void aNameOfExactlyTheRoomIsKept() {
    assertThat(MigrationJobNames.forRun("b".repeat(54), HASH)).hasSize(63);
    assertThat(MigrationJobNames.forRun("b".repeat(55), HASH)).hasSize(63);
  }

  @Test
  void truncationNeverLeavesASeparatorBeforeTheSuffix() {
    String name = MigrationJobNames.forRun("a".repeat(53) + "-.xyz", HASH);
    assertThat(name).isEqualTo("a".repeat(53) + "-7f3a9c2e");
    assertThat(name.length()).isLessThanOrEqualTo(63);
  }
}
