package dev.schemagate.migrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.migrator.testutil.CliRun;
import dev.schemagate.migrator.testutil.MigrationDir;
import dev.schemagate.migrator.testutil.MigratorRunner;
import dev.schemagate.migrator.testutil.Sql;
import dev.schemagate.migrator.testutil.TestPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every validation rule stops the run with exit code 3, names the files and applies nothing. */
class ValidationIT {

  @TempDir Path temp;

  private String schema;
  private MigrationDir dir;
  private MigratorRunner migrator;

  @BeforeEach
  void appliedBaseline() {
    schema = TestPostgres.freshSchema("validate");
    dir = MigrationDir.in(temp);
    migrator = MigratorRunner.forSchema(schema, dir);
    dir.file("V1__a.sql", "CREATE TABLE a (id int);").file("V2__b.sql", "CREATE TABLE b (id int);");
    CliRun baseline = migrator.run("migrate");
    assertThat(baseline.exitCode()).as(baseline.toString()).isZero();
    assertThat(migrator.run("validate").exitCode()).isZero();
  }

  @Test
  void changedFileAfterItWasApplied() {
    dir.file("V2__b.sql", "CREATE TABLE b (id bigint);")
        .file("V3__c.sql", "CREATE TABLE c (id int);");
    assertRejected("checksum-mismatch", "V2__b.sql", "changed after it was applied");
  }

  @Test
  void appliedFileThatIsGone() {
    dir.delete("V2__b.sql").file("V3__c.sql", "CREATE TABLE c (id int);");
    assertRejected(
        "missing-file", "V2__b.sql", "no file in the migrations directory has that version");
  }

  @Test
  void newFileOlderThanTheNewestApplied() {
    dir.file("V1_5__late.sql", "CREATE TABLE late (id int);")
        .file("V3__c.sql", "CREATE TABLE c (id int);");
    assertRejected("out-of-order", "V1_5__late.sql", "older than the newest applied version 2");
  }

  @Test
  void twoFilesWithOneVersion() {
    dir.file("V3__c.sql", "CREATE TABLE c (id int);")
        .file("000003_d.up.sql", "CREATE TABLE d (id int);");
    CliRun run =
        assertRejected("duplicate-version", "V3__c.sql", "version 3 is used by more than one file");
    assertThat(run.result().get("problems").get(0).get("files"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("V3__c.sql", "000003_d.up.sql");
  }

  @Test
  void transactionControlInATransactionalFile() {
    dir.file("V3__c.sql", "BEGIN;\nCREATE TABLE c (id int);\nCOMMIT;");
    assertRejected("transaction-control", "V3__c.sql", "BEGIN is not allowed");
  }

  @Test
  void unterminatedDollarQuote() {
    dir.file("V3__c.sql", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1;");
    assertRejected("unterminated-sql", "V3__c.sql", "unterminated dollar-quoted string");
  }

  @Test
  void allProblemsAreReportedTogether() {
    dir.file("V2__b.sql", "CREATE TABLE b (id bigint);")
        .file("V1_5__late.sql", "SELECT 1;")
        .file("V4__x.sql", "SELECT 1;")
        .file("V4__y.sql", "SELECT 1;");
    CliRun run = migrator.run("migrate");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.result().get("problems"))
        .extracting(p -> p.get("kind").asText())
        .containsExactlyInAnyOrder("checksum-mismatch", "out-of-order", "duplicate-version");
  }

  private CliRun assertRejected(String kind, String file, String message) {
    CliRun run = migrator.run("migrate");
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    JsonNode result = run.result();
    assertThat(result.get("status").asText()).isEqualTo("validation_failed");
    assertThat(result.get("applied")).isEmpty();
    assertThat(result.get("message").asText()).contains(file);
    JsonNode problem = result.get("problems").get(0);
    assertThat(problem.get("kind").asText()).isEqualTo(kind);
    assertThat(problem.get("files")).extracting(JsonNode::asText).contains(file);
    assertThat(problem.get("message").asText()).contains(file, message);
    assertThat(run.stderr()).contains(file);
    assertThat(run.terminationResult().get("status").asText()).isEqualTo("validation_failed");
    assertThat(Sql.historyVersions(schema)).containsExactly("1", "2");
    assertThat(Sql.relationExists(schema, "c")).isFalse();

    CliRun validate = migrator.run("validate");
    assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(3);
    assertThat(validate.result().get("problems").get(0).get("kind").asText()).isEqualTo(kind);
    return run;
  }
}
