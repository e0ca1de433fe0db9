package dev.schemagate.migrator.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Converts a libpq connection URI ({@code postgres://user:secret@host:5432/db?sslmode=require}, the
 * form many platforms put into a {@code DATABASE_URL}) into a JDBC URL plus the credentials it
 * carried, so credentials never stay inside the URL text.
 */
public record LibpqUri(JdbcUrl url, String user, String password) {

  /** Whether {@code url} is a libpq URI rather than a JDBC URL. */
  public static boolean matches(String url) {
    return url.startsWith("postgres://") || url.startsWith("postgresql://");
  }

  /**
   * Converts {@code uri}; user and password are null when it has none. As in libpq, the credentials
   * end at the last {@code @} before the first {@code /}, so an unencoded {@code ?} or {@code @} in
   * a password still works; an unencoded {@code /} cannot (libpq fails on it too), and is rejected
   * without echoing the URI, which would otherwise carry the password into the host name.
   */
  public static LibpqUri convert(String uri) {
    String rest = uri.substring(uri.indexOf("://") + 3);
    int firstSlash = rest.indexOf('/');
    int at = rest.lastIndexOf('@', firstSlash < 0 ? indexOrEnd(rest, '?') : firstSlash);
    String user = null;
    String password = null;
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    }
    int slash = indexOfAny(rest, "/?");
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (path.substring(0, indexOrEnd(path, '?')).indexOf('@') >= 0) {
      throw new ConfigurationException(
          "the postgres:// URI has an '@' after its host: percent-encode '/', '@' and ':' in the"
              + " user name and password (e.g. '/' as %2F)");
    }
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    return new LibpqUri(JdbcUrl.parse(JdbcUrl.PREFIX + "//" + authority + path), user, password);
  }

  private static int indexOrEnd(String text, char c) {
    int index = text.indexOf(c);
    return index < 0 ? text.length() : index;
  }

  private static int indexOfAny(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
