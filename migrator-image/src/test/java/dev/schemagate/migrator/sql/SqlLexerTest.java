package dev.schemagate.migrator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SqlLexerTest {

  private static List<String> split(String sql) {
    SqlScript script = SqlLexer.split(sql);
    assertThat(script.unterminated()).as("unterminated in %s", sql).isEmpty();
    return script.statements().stream().map(SqlStatement::text).toList();
  }

  @Nested
  class PlainStatements {

    @Test
    void splitsOnSemicolonsAndTrimsWhitespace() {
      assertThat(split("SELECT 1;  SELECT 2 ;\n\nSELECT 3"))
          .containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
    }

    @Test
    void skipsEmptyStatementsAndCommentOnlyTails() {
      assertThat(split(";;\n SELECT 1;;; -- the end\n/* really */\n")).containsExactly("SELECT 1");
      assertThat(split("")).isEmpty();
      assertThat(split("  -- only a comment\n")).isEmpty();
    }

    @Test
    void recordsOffsetsOfTheFirstSignificantCharacter() {
      String sql = "-- header\nSELECT 1;\n  /* c */ SELECT 2;";
      SqlScript script = SqlLexer.split(sql);
      assertThat(script.statements()).hasSize(2);
      SqlStatement second = script.statements().get(1);
      assertThat(sql.substring(second.start(), second.end())).isEqualTo("SELECT 2");
      assertThat(script.statements().getFirst().start()).isEqualTo(sql.indexOf("SELECT 1"));
    }

    @Test
    void keepsCommentsInsideAStatementButNotTrailingOnes() {
      assertThat(split("SELECT 1 -- one\n + 2 -- tail\n;"))
          .containsExactly("SELECT 1 -- one\n + 2");
    }
  }

  @Nested
  class Strings {

    @Test
    void semicolonInsideSingleQuotes() {
      assertThat(split("INSERT INTO t VALUES ('a;b'); SELECT ';'"))
          .containsExactly("INSERT INTO t VALUES ('a;b')", "SELECT ';'");
    }

    @Test
    void doubledQuoteDoesNotEndTheString() {
      assertThat(split("SELECT 'it''s; fine'; SELECT 2"))
          .containsExactly("SELECT 'it''s; fine'", "SELECT 2");
    }

    @Test
    void backslashIsOrdinaryInStandardStrings() {
      // With standard_conforming_strings on, 'C:\' is a complete string.
      assertThat(split("SELECT 'C:\\'; SELECT 2")).containsExactly("SELECT 'C:\\'", "SELECT 2");
    }

    @Test
    void escapeStringWithBackslashQuote() {
      assertThat(split("SELECT E'it\\'s; still a string'; SELECT 2"))
          .containsExactly("SELECT E'it\\'s; still a string'", "SELECT 2");
      assertThat(split("SELECT e'\\\\'; SELECT 2")).containsExactly("SELECT e'\\\\'", "SELECT 2");
      assertThat(split("SELECT E'a\\\\'';'; SELECT 2"))
          .as("an escaped backslash followed by a doubled quote")
          .containsExactly("SELECT E'a\\\\'';'", "SELECT 2");
    }

    @Test
    void anIdentifierEndingInEIsNotAnEscapeStringPrefix() {
      // "name" followed by a standard string: the backslash does not escape the quote.
      assertThat(split("SELECT name'\\'; SELECT 2")).containsExactly("SELECT name'\\'", "SELECT 2");
    }

    @Test
    void prefixedStrings() {
      assertThat(split("SELECT B'1;0', X'AB;', N'x;y', U&'d\\0061;t'; SELECT 2"))
          .containsExactly("SELECT B'1;0', X'AB;', N'x;y', U&'d\\0061;t'", "SELECT 2");
    }

    @Test
    void commentMarkersInsideStringsAreText() {
      assertThat(split("SELECT '-- not a comment;', '/* nor; this'; SELECT 2"))
          .containsExactly("SELECT '-- not a comment;', '/* nor; this'", "SELECT 2");
    }
  }

  @Nested
  class QuotedIdentifiers {

    @Test
    void semicolonAndQuotesInsideDoubleQuotes() {
      assertThat(split("CREATE TABLE \"a;b\" (\"it's\" int); SELECT 2"))
          .containsExactly("CREATE TABLE \"a;b\" (\"it's\" int)", "SELECT 2");
    }

    @Test
    void doubledDoubleQuote() {
      assertThat(split("SELECT 1 AS \"say \"\"hi;\"\"\"; SELECT 2"))
          .containsExactly("SELECT 1 AS \"say \"\"hi;\"\"\"", "SELECT 2");
    }

    @Test
    void collectsIdentifiersFoldedAsPostgresDoes() {
      SqlStatement statement =
          SqlLexer.split("ALTER TABLE Shop.\"Orders\" ADD COLUMN note text")
              .statements()
              .getFirst();
      assertThat(statement.identifiers()).contains("shop", "Orders", "note");
      assertThat(statement.leadingWords()).containsExactly("alter", "table", "shop", "add");
    }
  }

  @Nested
  class DollarQuotes {

    @Test
    void plpgsqlFunctionBody() {
      String function =
          """
          CREATE OR REPLACE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            NEW.updated_at := now();
            IF NEW.note = ';' THEN
              RAISE NOTICE 'semicolon; note';
            END IF;
            RETURN NEW;
          END;
          $$""";
      assertThat(
              split(function + ";\nCREATE TRIGGER t BEFORE UPDATE ON x EXECUTE FUNCTION touch();"))
          .containsExactly(
              function, "CREATE TRIGGER t BEFORE UPDATE ON x EXECUTE FUNCTION touch()");
    }

    @Test
    void taggedDollarQuoteContainingPlainDollarQuotes() {
      String body =
          "CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $fn$\n"
              + "BEGIN\n"
              + "  EXECUTE $$SELECT 'a;b'$$;\n"
              + "  RETURN $x$;$x$;\n"
              + "END;\n"
              + "$fn$";
      assertThat(split(body + "; SELECT 2")).containsExactly(body, "SELECT 2");
    }

    @Test
    void doBlock() {
      String block =
          """
          DO $do$
          DECLARE n int;
          BEGIN
            SELECT count(*) INTO n FROM pg_class; -- counting; with a comment
            IF n > 0 THEN RAISE NOTICE 'found %; ok', n; END IF;
          END
          $do$""";
      assertThat(split(block + ";\nSELECT 1;")).containsExactly(block, "SELECT 1");
    }

    @Test
    void tagsAreCaseSensitiveAndMustMatchExactly() {
      String sql = "SELECT $a$ $A$ ; $b$ ; $a$; SELECT 2";
      assertThat(split(sql)).containsExactly("SELECT $a$ $A$ ; $b$ ; $a$", "SELECT 2");
    }

    @Test
    void tagsMayHoldDigitsAndUnderscoresAfterTheFirstCharacter() {
      assertThat(split("SELECT $body_1$ ; $body_2$ ; $body_1$; SELECT $_$;$_$; SELECT 3"))
          .containsExactly("SELECT $body_1$ ; $body_2$ ; $body_1$", "SELECT $_$;$_$", "SELECT 3");
    }

    @Test
    void positionalParametersAndDollarsInIdentifiersAreNotQuotes() {
      assertThat(split("PREPARE p AS SELECT $1; SELECT price$ FROM a$b; SELECT 3"))
          .containsExactly("PREPARE p AS SELECT $1", "SELECT price$ FROM a$b", "SELECT 3");
    }

    @Test
    void quotesAndCommentsInsideDollarQuotesAreText() {
      assertThat(split("SELECT $$ it's /* not; -- a comment $$; SELECT 2"))
          .containsExactly("SELECT $$ it's /* not; -- a comment $$", "SELECT 2");
    }
  }

  @Nested
  class Comments {

    @Test
    void nestedBlockComments() {
      assertThat(split("/* outer /* inner; */ still comment; */ SELECT 1; SELECT 2"))
          .containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void blockCommentsHideQuotesAndDollarQuotes() {
      assertThat(split("/* it's $$ not; a string */ SELECT 1; /* $tag$ ' */ SELECT 2"))
          .containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void lineCommentsHideSemicolonsAndQuotes() {
      assertThat(split("SELECT 1 -- it's; a comment\n, 2; SELECT 3"))
          .containsExactly("SELECT 1 -- it's; a comment\n, 2", "SELECT 3");
    }

    @Test
    void lineCommentEndsAtCarriageReturnToo() {
      assertThat(split("SELECT 1 -- c\r; SELECT 2")).containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void dashInsideAnOperatorIsNotAComment() {
      assertThat(split("SELECT 5 - 3; SELECT 2")).containsExactly("SELECT 5 - 3", "SELECT 2");
    }
  }

  @Nested
  class Nesting {

    @Test
    void semicolonsInsideParenthesesDoNotSplit() {
      assertThat(
              split(
                  "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); NOTIFY x); SELECT 2"))
          .containsExactly(
              "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); NOTIFY x)",
              "SELECT 2");
    }

    @Test
    void sqlStandardFunctionBodyWithBeginAtomic() {
      String function =
          """
          CREATE FUNCTION add_one(i int) RETURNS int LANGUAGE sql
          BEGIN ATOMIC
            SELECT CASE WHEN i IS NULL THEN 0 ELSE i + 1 END;
            SELECT i;
          END""";
      assertThat(split(function + ";\nSELECT add_one(1);"))
          .containsExactly(function, "SELECT add_one(1)");
    }

    @Test
    void createOrReplaceProcedureWithBeginAtomic() {
      String procedure =
          "CREATE OR REPLACE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1);"
              + " INSERT INTO t VALUES (2); END";
      assertThat(split(procedure + "; CALL p()")).containsExactly(procedure, "CALL p()");
    }

    @Test
    void beginAsAColumnNameOutsideRoutinesDoesNotSwallowTheRest() {
      assertThat(split("CREATE TABLE events (begin timestamptz, \"end\" timestamptz); SELECT 2"))
          .containsExactly(
              "CREATE TABLE events (begin timestamptz, \"end\" timestamptz)", "SELECT 2");
      assertThat(split("SELECT begin FROM events; SELECT 2"))
          .containsExactly("SELECT begin FROM events", "SELECT 2");
    }

    @Test
    void transactionBeginIsItsOwnStatement() {
      assertThat(split("BEGIN; CREATE INDEX i ON t (c); COMMIT;"))
          .containsExactly("BEGIN", "CREATE INDEX i ON t (c)", "COMMIT");
    }

    @Test
    void caseExpressionsOutsideRoutines() {
      assertThat(split("SELECT CASE WHEN a THEN ';' END FROM t; SELECT 2"))
          .containsExactly("SELECT CASE WHEN a THEN ';' END FROM t", "SELECT 2");
    }
  }

  @Nested
  class SemicolonsEverywhere {

    @Test
    void everyKindOfQuotingInOneScript() {
      String sql =
          """
          /* setup; /* nested; */ */
          CREATE TABLE "semi;colon" (v text DEFAULT ';');  -- trailing; comment
          INSERT INTO "semi;colon" VALUES (E'\\';'), ($$;$$), ($t$ $$ ; $$ $t$), ('--;');
          DO $$ BEGIN PERFORM ';'; END $$;
          SELECT 'end'""";
      assertThat(split(sql))
          .containsExactly(
              "CREATE TABLE \"semi;colon\" (v text DEFAULT ';')",
              "INSERT INTO \"semi;colon\" VALUES (E'\\';'), ($$;$$), ($t$ $$ ; $$ $t$), ('--;')",
              "DO $$ BEGIN PERFORM ';'; END $$",
              "SELECT 'end'");
    }
  }

  @Nested
  class Unterminated {

    @Test
    void reportsWhatWasLeftOpenAndWhere() {
      assertUnterminated("SELECT 1;\nSELECT 'abc", "quoted string", 2, 8);
      assertUnterminated("SELECT E'abc\\'", "quoted string", 1, 8);
      assertUnterminated("SELECT \"abc", "quoted identifier", 1, 8);
      assertUnterminated("SELECT $x$ abc $X$", "dollar-quoted string", 1, 8);
      assertUnterminated("SELECT 1; /* a /* b */", "block comment", 1, 11);
    }

    @Test
    void theOpenStatementStillRunsToTheEnd() {
      SqlScript script = SqlLexer.split("SELECT 1; SELECT $$ x;");
      assertThat(script.statements())
          .extracting(SqlStatement::text)
          .containsExactly("SELECT 1", "SELECT $$ x;");
    }

    private void assertUnterminated(String sql, String what, int line, int column) {
      SqlScript script = SqlLexer.split(sql);
      assertThat(script.unterminated()).as(sql).isPresent();
      assertThat(script.unterminated().get().what()).isEqualTo(what);
      assertThat(script.unterminated().get().describe(sql))
          .isEqualTo("unterminated " + what + " starting at line " + line + ", column " + column);
    }
  }
}
