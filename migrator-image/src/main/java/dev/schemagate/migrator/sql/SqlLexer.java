package dev.schemagate.migrator.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Splits PostgreSQL SQL into statements the way {@code psql} does: a semicolon ends a statement
 * only outside single-quoted strings ({@code E''} strings with backslash escapes included),
 * double-quoted identifiers, dollar-quoted strings with or without a tag, nested block comments,
 * line comments and parentheses, and outside the {@code BEGIN ATOMIC ... END} body of a {@code
 * CREATE FUNCTION} or {@code CREATE PROCEDURE}.
 *
 * <p>Assumes {@code standard_conforming_strings = on} (the default since PostgreSQL 9.1): a
 * backslash is an escape character only in {@code E''} strings.
 */
public final class SqlLexer {

  private static final int LEADING_WORDS = 4;
  private static final int MAX_IDENTIFIERS = 512;

  private final String sql;
  private final List<SqlStatement> statements = new ArrayList<>();
  private int pos;

  // State of the statement being read.
  private int statementStart = -1;
  private int statementEnd = -1;
  private int parenDepth;
  private int beginDepth;
  private List<String> leadingWords = new ArrayList<>();
  private Set<String> identifiers = new LinkedHashSet<>();
  private SqlScript.Unterminated unterminated;

  private SqlLexer(String sql) {
    this.sql = sql;
  }

  /** Splits {@code sql} into statements. Never throws; see {@link SqlScript#unterminated()}. */
  public static SqlScript split(String sql) {
    SqlLexer lexer = new SqlLexer(sql);
    lexer.run();
    return new SqlScript(
        sql, List.copyOf(lexer.statements), Optional.ofNullable(lexer.unterminated));
  }

  private void run() {
    int length = sql.length();
    while (pos < length && unterminated == null) {
      char c = sql.charAt(pos);
      if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '-' && peek(1) == '-') {
        skipLineComment();
      } else if (c == '/' && peek(1) == '*') {
        skipBlockComment();
      } else if (c == ';' && parenDepth == 0 && beginDepth == 0) {
        finishStatement();
        pos++;
      } else {
        startStatementIfNeeded();
        readToken(c);
        statementEnd = pos;
      }
    }
    if (unterminated != null) {
      statementEnd = length;
    }
    finishStatement();
  }

  private void readToken(char c) {
    if (c == '\'') {
      skipQuoted('\'', false, "quoted string");
    } else if (c == '"') {
      int contentStart = pos + 1;
      skipQuoted('"', false, "quoted identifier");
      if (unterminated == null) {
        addIdentifier(sql.substring(contentStart, pos - 1).replace("\"\"", "\""));
      }
    } else if (c == '$' && dollarTagEnd(pos) > 0) {
      skipDollarQuoted();
    } else if (isIdentifierStart(c)) {
      readWord();
    } else if (c >= '0' && c <= '9') {
      skipNumber();
    } else {
      if (c == '(') {
        parenDepth++;
      } else if (c == ')' && parenDepth > 0) {
        parenDepth--;
      }
      pos++;
    }
  }

  private void readWord() {
    int start = pos;
    while (pos < sql.length() && isIdentifierPart(sql.charAt(pos))) {
      pos++;
    }
    String word = sql.substring(start, pos).toLowerCase(Locale.ROOT);
    if (word.equals("e") && peek(0) == '\'') {
      skipQuoted('\'', true, "quoted string");
      return;
    }
    if (leadingWords.size() < LEADING_WORDS) {
      leadingWords.add(word);
    }
    addIdentifier(word);
    trackRoutineBody(word);
  }

  /**
   * Inside the body of {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ... END},
   * semicolons separate the body's statements, not ours. Like psql, count BEGIN and END (and CASE,
   * which also ends with END) outside parentheses in such a statement.
   */
  private void trackRoutineBody(String word) {
    if (parenDepth != 0 || !definesRoutine()) {
      return;
    }
    switch (word) {
      case "begin" -> beginDepth++;
      case "case" -> {
        if (beginDepth > 0) {
          beginDepth++;
        }
      }
      case "end" -> {
        if (beginDepth > 0) {
          beginDepth--;
        }
      }
      default -> {}
    }
  }

  private boolean definesRoutine() {
    if (leadingWords.size() < 2 || !leadingWords.get(0).equals("create")) {
      return false;
    }
    int kind = 1;
    if (leadingWords.get(1).equals("or")) {
      if (leadingWords.size() < 4 || !leadingWords.get(2).equals("replace")) {
        return false;
      }
      kind = 3;
    }
    String routine = leadingWords.get(kind);
    return routine.equals("function") || routine.equals("procedure");
  }

  private void skipLineComment() {
    while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
      pos++;
    }
  }

  private void skipBlockComment() {
    int start = pos;
    int depth = 0;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == '/' && peek(1) == '*') {
        depth++;
        pos += 2;
      } else if (c == '*' && peek(1) == '/') {
        depth--;
        pos += 2;
        if (depth == 0) {
          return;
        }
      } else {
        pos++;
      }
    }
    unterminated = new SqlScript.Unterminated("block comment", start);
  }

  /**
   * Skips a quoted string or identifier starting at {@code pos} (which holds the opening quote, or
   * for an escape string the {@code '} after the {@code E}). A doubled quote stands for one quote;
   * in escape strings a backslash escapes the next character.
   */
  private void skipQuoted(char quote, boolean backslashEscapes, String what) {
    int start = backslashEscapes ? pos - 1 : pos;
    pos++;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (backslashEscapes && c == '\\') {
        pos += 2;
      } else if (c == quote) {
        if (peek(1) == quote) {
          pos += 2;
        } else {
          pos++;
          return;
        }
      } else {
        pos++;
      }
    }
    pos = sql.length();
    unterminated = new SqlScript.Unterminated(what, start);
  }

  private void skipDollarQuoted() {
    int start = pos;
    int tagEnd = dollarTagEnd(pos);
    String tag = sql.substring(pos, tagEnd);
    int close = sql.indexOf(tag, tagEnd);
    if (close < 0) {
      pos = sql.length();
      unterminated = new SqlScript.Unterminated("dollar-quoted string", start);
    } else {
      pos = close + tag.length();
    }
  }

  /**
   * If a dollar quote opens at {@code at} ({@code $$} or {@code $tag$}), the index just after its
   * closing {@code $}; otherwise -1. A tag follows identifier rules but cannot contain {@code $},
   * so {@code $1} is a parameter, not a quote.
   */
  private int dollarTagEnd(int at) {
    int i = at + 1;
    if (i < sql.length() && sql.charAt(i) == '$') {
      return i + 1;
    }
    if (i >= sql.length() || !isIdentifierStart(sql.charAt(i))) {
      return -1;
    }
    while (i < sql.length() && isIdentifierPart(sql.charAt(i)) && sql.charAt(i) != '$') {
      i++;
    }
    return i < sql.length() && sql.charAt(i) == '$' ? i + 1 : -1;
  }

  private void skipNumber() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (Character.isLetterOrDigit(c) || c == '_' || c == '.') {
        pos++;
      } else {
        return;
      }
    }
  }

  private void startStatementIfNeeded() {
    if (statementStart < 0) {
      statementStart = pos;
    }
  }

  private void finishStatement() {
    if (statementStart >= 0) {
      int end = statementEnd;
      while (end > statementStart && Character.isWhitespace(sql.charAt(end - 1))) {
        end--;
      }
      statements.add(
          new SqlStatement(
              statementStart,
              end,
              sql.substring(statementStart, end),
              List.copyOf(leadingWords),
              Set.copyOf(identifiers)));
    }
    statementStart = -1;
    statementEnd = -1;
    parenDepth = 0;
    beginDepth = 0;
    leadingWords = new ArrayList<>();
    identifiers = new LinkedHashSet<>();
  }

  private void addIdentifier(String identifier) {
    if (identifiers.size() < MAX_IDENTIFIERS) {
      identifiers.add(identifier);
    }
  }

  private char peek(int offset) {
    int i = pos + offset;
    return i < sql.length() ? sql.charAt(i) : '\0';
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '$';
  }
}
