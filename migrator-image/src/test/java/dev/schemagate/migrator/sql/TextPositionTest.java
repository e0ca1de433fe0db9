package dev.schemagate.migrator.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextPositionTest {

  @Test
  void countsLinesAndColumnsFromOne() {
    String text = "ab\ncd\n\nef";
    assertThat(TextPosition.ofCodePoint(text, 1)).isEqualTo(new TextPosition(1, 1));
    assertThat(TextPosition.ofCodePoint(text, 2)).isEqualTo(new TextPosition(1, 2));
    assertThat(TextPosition.ofCodePoint(text, 4)).isEqualTo(new TextPosition(2, 1));
    assertThat(TextPosition.ofCodePoint(text, 9)).isEqualTo(new TextPosition(4, 2));
  }

  @Test
  void windowsLineEndingsCountOnce() {
    String text = "a\r\nb\rc";
    assertThat(TextPosition.ofCodePoint(text, 4)).isEqualTo(new TextPosition(2, 1));
    assertThat(TextPosition.ofCodePoint(text, 6)).isEqualTo(new TextPosition(3, 1));
  }

  @Test
  void countsCodePointsLikePostgres() {
    String text = "-- 🙂\nSELECT x";
    // The emoji is two Java chars but one character for PostgreSQL.
    int x = TextPosition.codePointPosition(text, text.indexOf('x'));
    assertThat(x).isEqualTo(13);
    assertThat(TextPosition.ofCodePoint(text, x)).isEqualTo(new TextPosition(2, 8));
    assertThat(TextPosition.ofCharIndex(text, text.indexOf('x'))).isEqualTo(new TextPosition(2, 8));
  }
}
