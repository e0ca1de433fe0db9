package dev.schemagate.migrator.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlLiteralsTest {

  @Test
  void quotesStrings() {
    assertThat(SqlLiterals.literal("plain")).isEqualTo("'plain'");
    assertThat(SqlLiterals.literal("it's")).isEqualTo("'it''s'");
    assertThat(SqlLiterals.literal("C:\\dir's")).isEqualTo("E'C:\\\\dir''s'");
  }

  @Test
  void quotesIdentifiers() {
    assertThat(SqlLiterals.identifier("public")).isEqualTo("\"public\"");
    assertThat(SqlLiterals.identifier("My \"Schema\"")).isEqualTo("\"My \"\"Schema\"\"\"");
  }

  @Test
  void rejectsNul() {
    assertThatThrownBy(() -> SqlLiterals.literal("a\0b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
