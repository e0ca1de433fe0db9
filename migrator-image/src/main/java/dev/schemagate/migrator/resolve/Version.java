package dev.schemagate.migrator.resolve;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A migration version: numbers separated by {@code .} or {@code _}, compared part by part as
 * numbers, so {@code 1.10 > 1.9}, {@code 000002 == 2} and trailing zero parts do not count ({@code
 * 1.0 == 1}). The canonical form ({@link #toString()}) joins the parts with dots and is what the
 * history table stores.
 *
 * <p>Parts of any length are kept as their digits without leading zeros, which compare as numbers
 * by length first and then digit by digit; no arithmetic is needed, so a version is cheap to parse
 * even in a JVM that has not compiled anything yet (a run parses one per file).
 */
public final class Version implements Comparable<Version> {

  private static final Pattern SYNTAX = Pattern.compile("\\d+(?:[._]\\d+)*");
  private static final String ZERO = "0";

  /** Digits without leading zeros ("0" for zero); no trailing zero parts except a lone "0". */
  private final List<String> parts;

  private final String canonical;

  private Version(List<String> parts) {
    this.parts = List.copyOf(parts);
    this.canonical = String.join(".", parts);
  }

  /** Parses {@code 1}, {@code 1.2}, {@code 2_1}, {@code 000001}; throws on anything else. */
  public static Version parse(String text) {
    if (text == null || !SYNTAX.matcher(text).matches()) {
      throw new IllegalArgumentException("not a version: " + text);
    }
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '.' || text.charAt(i) == '_') {
        parts.add(withoutLeadingZeros(text, start, i));
        start = i + 1;
      }
    }
    while (parts.size() > 1 && parts.getLast().equals(ZERO)) {
      parts.removeLast();
    }
    return new Version(parts);
  }

  private static String withoutLeadingZeros(String text, int start, int end) {
    int first = start;
    while (first < end - 1 && text.charAt(first) == '0') {
      first++;
    }
    return text.substring(first, end);
  }

  /** Whether {@code text} is a version {@link #parse} accepts. */
  public static boolean isValid(String text) {
    return text != null && SYNTAX.matcher(text).matches();
  }

  @Override
  public int compareTo(Version other) {
    int n = Math.max(parts.size(), other.parts.size());
    for (int i = 0; i < n; i++) {
      String mine = part(i);
      String theirs = other.part(i);
      // Without leading zeros, the longer number is the larger; equal lengths compare digit-wise.
      int c =
          mine.length() != theirs.length()
              ? Integer.compare(mine.length(), theirs.length())
              : mine.compareTo(theirs);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private String part(int i) {
    return i < parts.size() ? parts.get(i) : ZERO;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Version v && canonical.equals(v.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  @Override
  public String toString() {
    return canonical;
  }
}
