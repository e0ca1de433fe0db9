package dev.schemagate.migrator.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it is printed: the known passwords (as written and as they
 * appear inside JSON), and any {@code password=} parameter of a URL. The migrator never prints a
 * password on purpose; this guards against drivers and pools that echo a URL in an error.
 */
public final class SecretRedactor {

  /** What a secret is replaced with. */
  public static final String MASK = "*****";

  /** Secrets shorter than this are too likely to match ordinary text to be replaced verbatim. */
  private static final int MIN_LITERAL_LENGTH = 4;

  private static final Pattern URL_SECRET =
      Pattern.compile("(?i)\\b(password|sslpassword)=([^&\\s\"']*)");
  private static final Pattern URI_USER_INFO =
      Pattern.compile("(postgres(?:ql)?://[^:/@\\s]*):([^@\\s]*)@");

  private static final SecretRedactor NONE = new SecretRedactor(List.of());

  private final List<String> literals;

  private SecretRedactor(List<String> literals) {
    this.literals = literals;
  }

  /** A redactor for {@code secrets} (nulls and short values ignored). */
  public static SecretRedactor of(Collection<String> secrets) {
    List<String> literals = new ArrayList<>();
    for (String secret : secrets) {
      if (secret != null && secret.length() >= MIN_LITERAL_LENGTH) {
        literals.add(secret);
        String jsonEscaped = jsonEscape(secret);
        // logback's JSON encoder also writes '/' as "\/"; other JSON writers leave it alone.
        for (String variant : List.of(jsonEscaped, jsonEscaped.replace("/", "\\/"))) {
          if (!literals.contains(variant)) {
            literals.add(variant);
          }
        }
      }
    }
    // Longest first, so a secret that contains another is replaced whole.
    literals.sort(Comparator.comparingInt(String::length).reversed());
    return new SecretRedactor(List.copyOf(literals));
  }

  /** A redactor that only masks URL password parameters. */
  public static SecretRedactor none() {
    return NONE;
  }

  /** {@code text} with every secret masked; null stays null. */
  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    for (String literal : literals) {
      if (result.contains(literal)) {
        result = result.replace(literal, MASK);
      }
    }
    result = URL_SECRET.matcher(result).replaceAll("$1=" + Matcher.quoteReplacement(MASK));
    if (result.contains("://")) {
      result =
          URI_USER_INFO.matcher(result).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@");
    }
    return result;
  }

  /** Whether there is anything beyond URL parameters to mask. */
  public boolean hasLiterals() {
    return !literals.isEmpty();
  }

  private static String jsonEscape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretRedactor other && literals.equals(other.literals);
  }

  @Override
  public int hashCode() {
    return literals.hashCode();
  }
}
