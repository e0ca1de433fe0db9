package dev.schemagate.migrator.resolve;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A migration version: numbers separated by {@code .} or {@code _}, compared part by part as
 * numbers, so {@code 1.10 > 1.9}, {@code 000002 == 2} and trailing zero parts do not count ({@code
 * 1.0 == 1}). The canonical form ({@link #toString()}) joins the parts with dots and is what the
 * history table stores.
 */
public final class Version implements Comparable<Version> {

  private static final Pattern SYNTAX = Pattern.compile("\\d+(?:[._]\\d+)*");

  private final List<BigInteger> parts;
  private final String canonical;

  private Version(List<BigInteger> parts) {
    this.parts = List.copyOf(parts);
    StringBuilder text = new StringBuilder();
    for (BigInteger part : parts) {
      if (!text.isEmpty()) {
        text.append('.');
      }
      text.append(part);
    }
    this.canonical = text.toString();
  }

  /** Parses {@code 1}, {@code 1.2}, {@code 2_1}, {@code 000001}; throws on anything else. */
  public static Version parse(String text) {
    if (text == null || !SYNTAX.matcher(text).matches()) {
      throw new IllegalArgumentException("not a version: " + text);
    }
    List<BigInteger> parts = new ArrayList<>();
    for (String part : text.split("[._]")) {
      parts.add(new BigInteger(part));
    }
    while (parts.size() > 1 && parts.getLast().signum() == 0) {
      parts.removeLast();
    }
    return new Version(parts);
  }

  /** Whether {@code text} is a version {@link #parse} accepts. */
  public static boolean isValid(String text) {
    return text != null && SYNTAX.matcher(text).matches();
  }

  @Override
  public int compareTo(Version other) {
    int n = Math.max(parts.size(), other.parts.size());
    for (int i = 0; i < n; i++) {
      int c = part(i).compareTo(other.part(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private BigInteger part(int i) {
    return i < parts.size() ? parts.get(i) : BigInteger.ZERO;
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
