package dev.schemagate.migrator.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides where to connect from command-line options and environment variables. Options win over
 * the environment; {@code --user}/{@code --password} also win over credentials written into the
 * URL, while {@code PGUSER}/{@code PGPASSWORD} only fill in what the URL leaves open.
 */
public final class ConnectionSettingsResolver {

  /** The JDBC URL variable. */
  public static final String DB_URL = "SCHEMAGATE_DB_URL";

  private final Map<String, String> env;

  public ConnectionSettingsResolver(Map<String, String> env) {
    this.env = env;
  }

  /**
   * Resolves the settings.
   *
   * @param urlOption {@code --url} or null
   * @param userOption {@code --user} or null
   * @param passwordOption {@code --password} or null
   */
  public ConnectionSettings resolve(
      String urlOption, String userOption, String passwordOption, Duration connectTimeout) {
    String rawUrl = firstNonBlank(urlOption, env.get(DB_URL));
    JdbcUrl url;
    String user = null;
    String password = null;
    if (rawUrl == null) {
      url = fromLibpqEnvironment();
    } else if (LibpqUri.matches(rawUrl)) {
      LibpqUri uri = LibpqUri.convert(rawUrl);
      url = uri.url();
      user = uri.user();
      password = uri.password();
    } else {
      url = JdbcUrl.parse(rawUrl);
    }
    if (notBlank(userOption)) {
      url = url.without("user");
      user = userOption;
    } else if (user == null && url.parameter("user").isEmpty()) {
      user = blankToNull(env.get("PGUSER"));
    }
    if (passwordOption != null) {
      url = url.without("password");
      password = passwordOption;
    } else if (password == null && url.parameter("password").isEmpty()) {
      String fromEnv = env.get("PGPASSWORD");
      password = fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
    }
    String sslMode = blankToNull(env.get("PGSSLMODE"));
    if (sslMode != null && url.parameter("sslmode").isEmpty()) {
      url = url.with("sslmode", sslMode);
    }
    return new ConnectionSettings(url, user, password, connectTimeout);
  }

  private JdbcUrl fromLibpqEnvironment() {
    String host = blankToNull(env.get("PGHOST"));
    String database = blankToNull(env.get("PGDATABASE"));
    if (host == null && database == null) {
      throw new ConfigurationException(
          "no database configured: pass --url, or set "
              + DB_URL
              + " (a JDBC URL), or PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD");
    }
    if (host != null && host.startsWith("/")) {
      throw new ConfigurationException(
          "PGHOST names a Unix socket directory ("
              + host
              + "), which the JDBC driver cannot use; set a host name or IP address");
    }
    String[] hosts = (host == null ? "localhost" : host).split(",");
    String[] ports = firstNonBlank(env.get("PGPORT"), "5432").split(",");
    List<String> hostPorts = new ArrayList<>();
    for (int i = 0; i < hosts.length; i++) {
      String port = ports[Math.min(i, ports.length - 1)].strip();
      hostPorts.add(bracketIpv6(hosts[i].strip()) + ":" + port);
    }
    String db = database != null ? database : firstNonBlank(env.get("PGUSER"), "postgres");
    return JdbcUrl.parse(
        JdbcUrl.PREFIX
            + "//"
            + String.join(",", hostPorts)
            + "/"
            + URLEncoder.encode(db, StandardCharsets.UTF_8));
  }

  private static String bracketIpv6(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static String firstNonBlank(String first, String second) {
    return notBlank(first) ? first.strip() : notBlank(second) ? second.strip() : null;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  private static String blankToNull(String s) {
    return notBlank(s) ? s.strip() : null;
  }
}
