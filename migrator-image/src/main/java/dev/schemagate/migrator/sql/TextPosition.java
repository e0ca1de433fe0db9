package dev.schemagate.migrator.sql;

/**
 * A line and column in a text, both 1-based and counted in Unicode code points, which is how
 * PostgreSQL counts the {@code position} of an error.
 */
public record TextPosition(int line, int column) {

  /** The position of the code point at {@code position} (1-based, in code points). */
  public static TextPosition ofCodePoint(String text, int position) {
    int line = 1;
    int column = 1;
    int seen = 1;
    for (int i = 0; i < text.length() && seen < position; seen++) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\n') {
        line++;
        column = 1;
      } else if (cp == '\r') {
        boolean crlf = i < text.length() && text.charAt(i) == '\n';
        if (!crlf) {
          line++;
          column = 1;
        }
      } else {
        column++;
      }
    }
    return new TextPosition(line, column);
  }

  /** The position of the character at {@code charIndex} (0-based Java {@code char} index). */
  public static TextPosition ofCharIndex(String text, int charIndex) {
    return ofCodePoint(text, codePointPosition(text, charIndex));
  }

  /** The 1-based code point position of the character at {@code charIndex}. */
  public static int codePointPosition(String text, int charIndex) {
    return text.codePointCount(0, Math.min(charIndex, text.length())) + 1;
  }
}
