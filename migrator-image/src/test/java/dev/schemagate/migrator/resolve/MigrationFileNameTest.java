package dev.schemagate.migrator.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationFileNameTest {

  @ParameterizedTest
  @CsvSource({
    "V1__init.sql, 1, init",
    "V1.2__add_orders.sql, 1.2, add orders",
    "V2_1__c.sql, 2.1, c",
    "V20240101120000__Timestamped_Name.sql, 20240101120000, Timestamped Name",
    "000001_create_users.up.sql, 1, create users",
    "42_x.y.up.sql, 42, x.y",
    "V3__with__double.sql, 3, with  double"
  })
  void recognisesBothStyles(String name, String version, String description) {
    assertThat(MigrationFileName.classify(name))
        .isEqualTo(new MigrationFileName.Versioned(Version.parse(version), description));
  }

  @Test
  void downFilesAreSkipped() {
    assertThat(MigrationFileName.classify("000001_create_users.down.sql"))
        .isInstanceOf(MigrationFileName.Down.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"README.md", "notes.txt", ".V1__hidden.sql", "V1__x.sql.bak"})
  void ignoresFilesThatAreNotSql(String name) {
    assertThat(MigrationFileName.classify(name)).isInstanceOf(MigrationFileName.NotSql.class);
  }

  @ParameterizedTest
  @CsvSource({
    "R__views.sql, repeatable",
    "U1__undo.sql, undo",
    "v1__lower.sql, upper-case V",
    "V1_single_underscore.sql, two underscores",
    "schema.sql, expected",
    "V__noversion.sql, expected",
    "V1__.sql, expected",
    "1_.up.sql, expected",
    "V1.x__bad.sql, expected",
    "V6__upper.SQL, lower case",
    "000007_up.up.Sql, lower case"
  })
  void everyOtherSqlNameIsAnErrorWithAHint(String name, String hint) {
    assertThat(MigrationFileName.classify(name))
        .isInstanceOfSatisfying(
            MigrationFileName.Unrecognized.class, u -> assertThat(u.hint()).contains(hint));
  }
}
