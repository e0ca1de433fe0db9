package dev.schemagate.migrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.migrator.testutil.CliRun;
import dev.schemagate.migrator.testutil.MigrationDir;
import dev.schemagate.migrator.testutil.MigratorRunner;
import dev.schemagate.migrator.testutil.Sql;
import dev.schemagate.migrator.testutil.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrateIT {

  @TempDir Path temp;

  private String schema;
  private MigrationDir dir;
  private MigratorRunner migrator;

  @BeforeEach
  void freshSchema() {
    schema = TestPostgres.freshSchema("migrate");
    dir = MigrationDir.in(temp);
    migrator = MigratorRunner.forSchema(schema, dir);
  }

  @Test
  void appliesEverythingOnceAndThenNothing() throws Exception {
    String first = "CREATE TABLE customers (id int PRIMARY KEY, email text);";
    dir.file("V1__create_customers.sql", first)
        .file("V1.1__add_name.sql", "ALTER TABLE customers ADD COLUMN name text;")
        .file(
            "000002_create_orders.up.sql",
            "CREATE TABLE orders (id int, customer_id int REFERENCES customers);")
        .file("000002_create_orders.down.sql", "DROP TABLE orders;")
        .file("V10__ten.sql", "INSERT INTO customers (id) VALUES (10);")
        .file("V9__nine.sql", "INSERT INTO customers (id) VALUES (9);");

    CliRun run = migrator.run("migrate");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode result = run.result();
    assertThat(result.get("status").asText()).isEqualTo("success");
    assertThat(result.get("applied"))
        .extracting(JsonNode::asText)
        .containsExactly("1", "1.1", "2", "9", "10");
    assertThat(result.get("pendingCount").asInt()).isZero();
    assertThat(result.get("durationMs").asLong()).isNotNegative();
    assertThat(run.terminationResult()).isEqualTo(result);
    assertThat(run.stdout().strip().lines()).hasSize(1);
    assertThat(run.stderr()).contains("Skipping 000002_create_orders.down.sql");

    // Unqualified names landed in the schema, which is first on the search_path.
    assertThat(Sql.relationExists(schema, "customers")).isTrue();
    assertThat(Sql.relationExists(schema, "orders")).isTrue();
    assertThat(Sql.historyVersions(schema)).containsExactly("1", "1.1", "2", "9", "10");
    List<String> row =
        Sql.column(
            "SELECT concat_ws('|', description, script, checksum, applied_by, success, execution_ms >= 0, applied_at <= now())"
                + " FROM \""
                + schema
                + "\".schemagate_migrations WHERE version = '1'");
    assertThat(row)
        .containsExactly(
            "create customers|V1__create_customers.sql|" + sha256(first) + "|test-host|t|t|t");

    CliRun again = migrator.run("migrate");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.result().get("applied")).isEmpty();
    assertThat(again.result().get("pendingCount").asInt()).isZero();
    assertThat(again.stderr()).contains("up to date");
    assertThat(Sql.historyVersions(schema)).hasSize(5);
  }

  @Test
  void appliesOnlyWhatIsNew() {
    dir.file("V1__a.sql", "CREATE TABLE a (id int);");
    assertThat(migrator.run("migrate").exitCode()).isZero();
    dir.file("V2__b.sql", "CREATE TABLE b (id int);");
    CliRun run = migrator.run("migrate");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.result().get("applied")).extracting(JsonNode::asText).containsExactly("2");
  }

  @Test
  void failingMigrationRollsBackItselfKeepsEarlierOnesAndReportsWhere() {
    dir.file("V1__ok.sql", "CREATE TABLE kept (id int);")
        .file(
            "V2__broken.sql",
            "CREATE TABLE rolled_back (id int);\n"
                + "INSERT INTO rolled_back VALUES (1);\n"
                + "INSERT INTO no_such_table VALUES (1);\n")
        .file("V3__never.sql", "CREATE TABLE never (id int);");

    CliRun run = migrator.run("migrate");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    JsonNode result = run.result();
    assertThat(result.get("status").asText()).isEqualTo("failed");
    assertThat(result.get("applied")).extracting(JsonNode::asText).containsExactly("1");
    assertThat(result.get("pendingCount").asInt()).isEqualTo(2);
    JsonNode failure = result.get("failure");
    assertThat(failure.get("version").asText()).isEqualTo("2");
    assertThat(failure.get("file").asText()).isEqualTo("V2__broken.sql");
    assertThat(failure.get("sqlState").asText()).isEqualTo("42P01");
    assertThat(failure.get("message").asText()).contains("no_such_table");
    assertThat(failure.get("line").asInt()).isEqualTo(3);
    assertThat(failure.get("column").asInt()).isEqualTo(13);
    int expectedPosition =
        "CREATE TABLE rolled_back (id int);\nINSERT INTO rolled_back VALUES (1);\n".length() + 13;
    assertThat(failure.get("position").asInt()).isEqualTo(expectedPosition);
    assertThat(run.terminationResult()).isEqualTo(result);
    assertThat(run.stderr()).contains("V2__broken.sql", "42P01");

    assertThat(Sql.relationExists(schema, "kept")).isTrue();
    assertThat(Sql.relationExists(schema, "rolled_back")).isFalse();
    assertThat(Sql.relationExists(schema, "never")).isFalse();
    assertThat(Sql.historyVersions(schema)).containsExactly("1");

    // Fixing the file lets the next run continue where this one stopped.
    dir.file("V2__broken.sql", "CREATE TABLE rolled_back (id int);");
    CliRun fixed = migrator.run("migrate");
    assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
    assertThat(fixed.result().get("applied"))
        .extracting(JsonNode::asText)
        .containsExactly("2", "3");
  }

  /**
   * Semicolons inside a PL/pgSQL body with a tagged dollar quote, plain dollar quotes, comments
   * (nested, holding quotes and dollar quotes), {@code E''} strings, a DO block and a {@code BEGIN
   * ATOMIC} body: everything a statement splitter can get wrong.
   */
  private static final String TRICKY_SQL =
      """
      CREATE TABLE items (id int PRIMARY KEY, note text, updated_at timestamptz);
      CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $body_1$
      BEGIN
        NEW.updated_at := now(); -- semicolons; everywhere
        IF NEW.note = ';' THEN NEW.note := $$it's a ';'$$; END IF;
        RETURN NEW;
      END;
      $body_1$;
      CREATE TRIGGER items_touch BEFORE INSERT OR UPDATE ON items
        FOR EACH ROW EXECUTE FUNCTION touch();
      /* a /* nested; 'quoted' $$ */ comment; */
      INSERT INTO items (id, note) VALUES (1, ';'), (2, E'back\\\\slash \\' quote;');
      DO $$ BEGIN IF (SELECT count(*) FROM items) <> 2 THEN RAISE EXCEPTION 'bad'; END IF; END $$;
      CREATE FUNCTION item_count() RETURNS bigint LANGUAGE sql
      BEGIN ATOMIC
        SELECT count(*) FROM items;
      END;
      """;

  /** In a transaction the server splits the file itself. */
  @Test
  void plpgsqlFunctionsDoBlocksAndTrickyQuotingApply() {
    dir.file("V1__tricky.sql", TRICKY_SQL);
    assertTrickySqlApplied(migrator.run("migrate"));
  }

  /**
   * Without a transaction the migrator sends statement by statement, as its own lexer splits them,
   * so a wrong split is a syntax error on the server.
   */
  @Test
  void noTransactionFileIsSplitCorrectlyAroundQuotesCommentsAndFunctionBodies() {
    dir.file("V1__tricky.sql", "-- schemagate:no-transaction\n" + TRICKY_SQL);
    assertTrickySqlApplied(migrator.run("migrate"));
  }

  private void assertTrickySqlApplied(CliRun run) {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(Sql.column("SELECT note FROM \"" + schema + "\".items ORDER BY id"))
        .containsExactly("it's a ';'", "back\\slash ' quote;");
    assertThat(Sql.value("SELECT \"" + schema + "\".item_count()")).isEqualTo("2");
  }

  @Test
  void noTransactionFileRunsCreateIndexConcurrently() {
    dir.file(
            "V1__table.sql",
            "CREATE TABLE big (id int, v text); INSERT INTO big SELECT g, g::text FROM generate_series(1, 1000) g;")
        .file(
            "V2__index.sql",
            """
            -- schemagate:no-transaction
            -- two statements, each in its own implicit transaction
            CREATE INDEX CONCURRENTLY big_v_idx ON big (v);
            CREATE INDEX CONCURRENTLY IF NOT EXISTS big_id_idx ON big (id);
            """);

    CliRun run = migrator.run("migrate");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(
            Sql.column(
                "SELECT c.relname || ':' || i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '"
                    + schema
                    + "' AND c.relname LIKE 'big%' ORDER BY 1"))
        .containsExactly("big_id_idx:true", "big_v_idx:true");
  }

  @Test
  void failedNoTransactionFileIsRecordedAndRetried() {
    dir.file("V1__table.sql", "CREATE TABLE t (id int);")
        .file(
            "V2__index.sql",
            "-- schemagate:no-transaction\n"
                + "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_id_idx ON t (id);\n"
                + "SELECT no_such_column FROM t;\n");

    CliRun run = migrator.run("migrate");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    JsonNode failure = run.result().get("failure");
    assertThat(failure.get("sqlState").asText()).isEqualTo("42703");
    assertThat(failure.get("line").asInt()).isEqualTo(3);
    assertThat(failure.get("column").asInt()).isEqualTo(8);
    assertThat(
            Sql.column(
                "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = '\""
                    + schema
                    + "\".t'::regclass"))
        .as("the statement before the failure stays applied")
        .containsExactly(schema + ".t_id_idx");
    assertThat(
            Sql.value(
                "SELECT success FROM \"" + schema + "\".schemagate_migrations WHERE version = '2'"))
        .isEqualTo("f");
    CliRun info = migrator.run("info");
    assertThat(info.stdout()).containsPattern("2 +index +no-transaction +failed");

    dir.file(
        "V2__index.sql",
        "-- schemagate:no-transaction\n"
            + "CREATE INDEX CONCURRENTLY IF NOT EXISTS t_id_idx ON t (id);\n");
    CliRun retry = migrator.run("migrate");
    assertThat(retry.exitCode()).as(retry.toString()).isZero();
    assertThat(retry.result().get("applied")).extracting(JsonNode::asText).containsExactly("2");
    assertThat(
            Sql.value(
                "SELECT success FROM \"" + schema + "\".schemagate_migrations WHERE version = '2'"))
        .isEqualTo("t");
  }

  @Test
  void createIndexConcurrentlyInATransactionalFileFailsClearly() {
    dir.file("V1__t.sql", "CREATE TABLE t (id int);")
        .file("V2__idx.sql", "CREATE INDEX CONCURRENTLY t_idx ON t (id);");
    CliRun run = migrator.run("migrate");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.result().get("failure").get("sqlState").asText()).isEqualTo("25001");
  }

  @Test
  void unknownFileNameIsExitTwoNamingIt() {
    dir.file("V1__ok.sql", "SELECT 1;").file("create_tables.sql", "SELECT 1;");
    CliRun run = migrator.run("migrate");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.result().get("message").asText()).contains("create_tables.sql");
    assertThat(Sql.relationExists(schema, "schemagate_migrations")).isFalse();
  }

  @Test
  void timeoutsApplyToEachMigration() {
    dir.file("V1__slow.sql", "SELECT pg_sleep(5);");
    CliRun run = migrator.run("migrate", "--statement-timeout", "200ms");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.result().get("failure").get("sqlState").asText()).isEqualTo("57014");
    dir.file(
        "V1__slow.sql",
        "DO $$ BEGIN IF current_setting('lock_timeout') <> '1500ms'"
            + " OR current_setting('statement_timeout') <> '0' THEN"
            + " RAISE EXCEPTION 'unexpected settings'; END IF; END $$;");
    CliRun settings = migrator.run("migrate", "--db-lock-timeout", "1500ms");
    assertThat(settings.exitCode()).as(settings.toString()).isZero();
  }

  @Test
  void emptyDirectoryIsASuccess() {
    CliRun run = migrator.run("migrate");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.result().get("applied")).isEmpty();
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
