package dev.schemagate.migrator.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A PostgreSQL JDBC URL ({@code jdbc:postgresql://host:port/db?k=v}) that can be inspected and
 * changed parameter by parameter, keeping the parameters it does not touch exactly as written.
 */
public final class JdbcUrl {

  /** The prefix every PostgreSQL JDBC URL has. */
  public static final String PREFIX = "jdbc:postgresql:";

  /** Parameters that carry secrets and never appear in output. */
  public static final Set<String> SECRET_PARAMETERS = Set.of("password", "sslpassword");

  private final String base;
  private final List<String> parameters;

  private JdbcUrl(String base, List<String> parameters) {
    this.base = base;
    this.parameters = List.copyOf(parameters);
  }

  /** Parses a {@code jdbc:postgresql:} URL. */
  public static JdbcUrl parse(String url) {
    if (!url.startsWith(PREFIX)) {
      throw new ConfigurationException(
          "the database URL must start with " + PREFIX + " (or postgres://); got " + scheme(url));
    }
    int query = url.indexOf('?');
    if (query < 0) {
      return new JdbcUrl(url, List.of());
    }
    List<String> parameters = new ArrayList<>();
    for (String parameter : url.substring(query + 1).split("&")) {
      if (!parameter.isEmpty()) {
        parameters.add(parameter);
      }
    }
    return new JdbcUrl(url.substring(0, query), parameters);
  }

  /** The decoded value of {@code key} (the last one when repeated, as the driver reads it). */
  public Optional<String> parameter(String key) {
    String value = null;
    for (String parameter : parameters) {
      if (keyOf(parameter).equals(key)) {
        int eq = parameter.indexOf('=');
        value =
            eq < 0 ? "" : URLDecoder.decode(parameter.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return Optional.ofNullable(value);
  }

  /** This URL without any {@code key} parameter. */
  public JdbcUrl without(String key) {
    return new JdbcUrl(base, parameters.stream().filter(p -> !keyOf(p).equals(key)).toList());
  }

  /** This URL with {@code key} set to {@code value}, replacing any earlier value. */
  public JdbcUrl with(String key, String value) {
    List<String> next = new ArrayList<>(without(key).parameters);
    next.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    return new JdbcUrl(base, next);
  }

  /** This URL without secret parameters. */
  public JdbcUrl withoutSecrets() {
    JdbcUrl safe = this;
    for (String secret : SECRET_PARAMETERS) {
      safe = safe.without(secret);
    }
    return safe;
  }

  /** The URL without secret parameters, safe to print. */
  public String redacted() {
    return withoutSecrets().toString();
  }

  /** {@code host:port/database}, for messages; defaults filled in as the driver does. */
  public String hostsAndDatabase() {
    String rest = base.substring(PREFIX.length());
    if (!rest.startsWith("//")) {
      return "localhost:5432/" + rest;
    }
    rest = rest.substring(2);
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : rest.substring(slash + 1);
    List<String> withPorts = new ArrayList<>();
    for (String host : (hosts.isEmpty() ? "localhost" : hosts).split(",")) {
      boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
      withPorts.add(hasPort ? host : host + ":5432");
    }
    return String.join(",", withPorts) + "/" + database;
  }

  @Override
  public String toString() {
    return parameters.isEmpty() ? base : base + "?" + String.join("&", parameters);
  }

  private static String keyOf(String parameter) {
    int eq = parameter.indexOf('=');
    return eq < 0 ? parameter : parameter.substring(0, eq);
  }

  private static String scheme(String url) {
    int colon = url.indexOf(':');
    int slashes = url.indexOf("//");
    int end = slashes > 0 ? slashes : colon + 1;
    return colon < 0
        ? "a value without a scheme"
        : "'" + url.substring(0, Math.max(end, 0)) + "...'";
  }
}
