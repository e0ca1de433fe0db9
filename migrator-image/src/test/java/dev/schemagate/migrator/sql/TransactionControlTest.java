package dev.schemagate.migrator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransactionControlTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "BEGIN",
        "begin transaction isolation level serializable",
        "START TRANSACTION",
        "COMMIT",
        "commit work",
        "END",
        "ROLLBACK",
        "ROLLBACK WORK",
        "ABORT",
        "PREPARE TRANSACTION 'x'",
        "/* c */ Commit"
      })
  void recognisesTransactionControl(String sql) {
    assertThat(TransactionControl.find(SqlLexer.split(sql).statements())).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SAVEPOINT s",
        "ROLLBACK TO SAVEPOINT s",
        "ROLLBACK TO s",
        "rollback work to savepoint s",
        "RELEASE SAVEPOINT s",
        "DO $$ BEGIN COMMIT; END $$",
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END",
        "SELECT 'COMMIT'",
        "-- COMMIT\nSELECT 1",
        "PREPARE p AS SELECT 1",
        "START_TIME"
      })
  void leavesEverythingElseAlone(String sql) {
    assertThat(TransactionControl.find(SqlLexer.split(sql).statements())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"start transaction", "prepare transaction 'p'"})
  void describesInUpperCase(String sql) {
    assertThat(TransactionControl.describe(SqlLexer.split(sql).statements().getFirst()))
        .endsWith("TRANSACTION")
        .isUpperCase();
  }
}
