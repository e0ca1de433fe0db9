package dev.schemagate.operator.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.testutil.JobStates;
import org.junit.jupiter.api.Test;

class MigrationResultTest {

  @Test
  void readsTheFailureOfTheMigratorsResult() {
    MigrationResult result =
        MigrationResult.parse(
                JobStates.failedResult(
                    "3", "V3__add_index.sql", "42P01", "relation does not exist"))
            .orElseThrow();
    assertThat(result.status()).isEqualTo("failed");
    assertThat(result.version()).isEqualTo("3");
    assertThat(result.file()).isEqualTo("V3__add_index.sql");
    assertThat(result.migration()).isEqualTo("V3__add_index.sql");
    assertThat(result.sqlState()).isEqualTo("42P01");
    assertThat(result.message()).isEqualTo("relation does not exist");
    assertThat(result.position()).isEqualTo(12);
  }

  @Test
  void toleratesMissingFields() {
    MigrationResult result =
        MigrationResult.parse("{\"status\":\"failed\",\"failure\":{\"version\":\"7\"}}")
            .orElseThrow();
    assertThat(result.migration()).isEqualTo("7");
    assertThat(result.sqlState()).isNull();
    assertThat(result.message()).isNull();
    assertThat(result.position()).isNull();
    assertThat(MigrationResult.parse("{\"status\":\"succeeded\"}").orElseThrow().migration())
        .isNull();
  }

  @Test
  void findsTheResultOnTheLastLineOfALogTail() {
    String log =
        "INFO applying V1\nINFO applying V2\n{\"status\":\"failed\",\"failure\":{\"file\":\"V2__b.sql\"}}\n";
    assertThat(MigrationResult.parse(log).orElseThrow().file()).isEqualTo("V2__b.sql");
  }

  @Test
  void anythingElseIsNoResult() {
    assertThat(MigrationResult.parse(null)).isEmpty();
    assertThat(MigrationResult.parse("  ")).isEmpty();
    assertThat(MigrationResult.parse("Exception in thread main")).isEmpty();
    assertThat(MigrationResult.parse("{not json")).isEmpty();
    assertThat(MigrationResult.parse("{\"no\":\"status\"}")).isEmpty();
    assertThat(MigrationResult.parse("[1,2]")).isEmpty();
  }
}
