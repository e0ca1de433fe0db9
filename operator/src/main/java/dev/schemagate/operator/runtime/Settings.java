package dev.schemagate.operator.runtime;

import dev.schemagate.operator.webhook.WebhookSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The operator's settings, read from environment variables (see {@link Setting}).
 *
 * @param namespaces watched namespaces; empty means all
 * @param namespace the operator's own namespace
 * @param httpPort port of the health and metrics endpoints (0: any free port)
 * @param leaderElection whether to elect a leader through a Lease
 * @param logFormat json or text
 * @param podStartTimeout grace period for a migration pod to start
 * @param identity this instance's name in the Lease and in Events
 * @param webhook admission webhook settings (the rollout gate)
 */
public record Settings(
    Set<String> namespaces,
    String namespace,
    int httpPort,
    boolean leaderElection,
    LogFormat logFormat,
    Duration podStartTimeout,
    String identity,
    WebhookSettings webhook) {

  /** Name of the Lease used for leader election. */
  public static final String LEASE_NAME = "schemagate-operator";

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final Duration DEFAULT_POD_START_TIMEOUT = Duration.ofMinutes(5);

  public Settings {
    namespaces = Set.copyOf(namespaces);
  }

  /** Settings for running inside tests: all namespaces, any free port, no leader election. */
  public static Settings forTests() {
    return fromEnvironment(Map.of(Setting.HTTP_PORT.variable(), "0"), RuntimeEnvironment.local());
  }

  public Settings withPodStartTimeout(Duration timeout) {
    return new Settings(
        namespaces, namespace, httpPort, leaderElection, logFormat, timeout, identity, webhook);
  }

  public Settings withNamespaces(Set<String> watched) {
    return new Settings(
        watched,
        namespace,
        httpPort,
        leaderElection,
        logFormat,
        podStartTimeout,
        identity,
        webhook.withWatchedNamespaces(watched));
  }

  public Settings withWebhook(WebhookSettings newWebhook) {
    return new Settings(
        namespaces,
        namespace,
        httpPort,
        leaderElection,
        logFormat,
        podStartTimeout,
        identity,
        newWebhook);
  }

  public Settings withIdentity(String name) {
    return new Settings(
        namespaces, namespace, httpPort, leaderElection, logFormat, podStartTimeout, name, webhook);
  }

  /**
   * Reads every setting, reporting all bad values at once.
   *
   * @throws SettingsException naming each variable with a bad value
   */
  public static Settings fromEnvironment(Map<String, String> env, RuntimeEnvironment runtime) {
    Reader reader = new Reader(env);
    Set<String> namespaces = reader.read(Setting.NAMESPACES, Settings::namespaceList, Set.of());
    String namespace =
        reader.read(
            Setting.NAMESPACE,
            Function.identity(),
            runtime.serviceAccountNamespace().orElse("default"));
    int httpPort = reader.read(Setting.HTTP_PORT, v -> port(v, true), DEFAULT_HTTP_PORT);
    boolean leaderElection =
        reader.read(Setting.LEADER_ELECTION, Settings::bool, runtime.inCluster());
    LogFormat logFormat = reader.read(Setting.LOG_FORMAT, Settings::logFormat, LogFormat.JSON);
    Duration podStartTimeout =
        reader.read(Setting.POD_START_TIMEOUT, Settings::duration, DEFAULT_POD_START_TIMEOUT);
    WebhookSettings webhook = readWebhook(reader, namespace, namespaces, runtime);
    reader.throwIfProblems();
    return new Settings(
        namespaces,
        namespace,
        httpPort,
        leaderElection,
        logFormat,
        podStartTimeout,
        runtime.hostname(),
        webhook);
  }

  private static WebhookSettings readWebhook(
      Reader reader, String namespace, Set<String> namespaces, RuntimeEnvironment runtime) {
    return new WebhookSettings(
        reader.read(Setting.WEBHOOK_ENABLED, Settings::bool, runtime.inCluster()),
        reader.read(Setting.WEBHOOK_PORT, v -> port(v, true), WebhookSettings.DEFAULT_PORT),
        reader.read(Setting.WEBHOOK_URL, Settings::httpsUrl, null),
        reader.read(Setting.WEBHOOK_SERVICE, Settings::name, WebhookSettings.DEFAULT_SERVICE),
        reader.read(
            Setting.WEBHOOK_SERVICE_PORT,
            v -> port(v, false),
            WebhookSettings.DEFAULT_SERVICE_PORT),
        namespace,
        reader.read(
            Setting.WEBHOOK_CONFIG_NAME, Settings::name, WebhookSettings.DEFAULT_CONFIGURATION),
        reader.read(Setting.WEBHOOK_SECRET, Settings::name, WebhookSettings.DEFAULT_SECRET),
        reader.read(Setting.WEBHOOK_CERT_DIR, Path::of, null),
        reader.read(
            Setting.WEBHOOK_FAILURE_POLICY,
            Settings::failurePolicy,
            WebhookSettings.DEFAULT_FAILURE_POLICY),
        reader.read(
            Setting.WEBHOOK_TIMEOUT_SECONDS,
            Settings::webhookTimeout,
            WebhookSettings.DEFAULT_TIMEOUT_SECONDS),
        reader.read(Setting.WEBHOOK_CERT_CHECK_INTERVAL, Settings::duration, null),
        namespaces);
  }

  static Set<String> namespaceList(String value) {
    Set<String> names = new LinkedHashSet<>();
    Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .forEach(names::add);
    return names;
  }

  static boolean bool(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  static int port(String value, boolean allowZero) {
    int port = Integer.parseInt(value.strip());
    if (port < (allowZero ? 0 : 1) || port > 65535) {
      throw new IllegalArgumentException("must be a port number (0-65535)");
    }
    return port;
  }

  static LogFormat logFormat(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "json" -> LogFormat.JSON;
      case "text" -> LogFormat.TEXT;
      default -> throw new IllegalArgumentException("must be json or text");
    };
  }

  static String failurePolicy(String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "fail" -> "Fail";
      case "ignore" -> "Ignore";
      default -> throw new IllegalArgumentException("must be Fail or Ignore");
    };
  }

  static int webhookTimeout(String value) {
    int seconds = Integer.parseInt(value.strip());
    if (seconds < 1 || seconds > 30) {
      throw new IllegalArgumentException("must be between 1 and 30");
    }
    return seconds;
  }

  static URI httpsUrl(String value) {
    URI url;
    try {
      url = new URI(value.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("must be an https:// URL");
    }
    if (!WebhookSettings.isHttpsUrl(url)) {
      throw new IllegalArgumentException("must be an https:// URL with a host");
    }
    return url;
  }

  static String name(String value) {
    return value.strip();
  }

  /** 90s, 5m, 1h30m, 250ms, a bare number of seconds, or ISO-8601 (PT5M). */
  static Duration duration(String value) {
    String text = value.strip().toLowerCase(Locale.ROOT);
    Duration result;
    if (text.startsWith("p")) {
      result = Duration.parse(text.toUpperCase(Locale.ROOT));
    } else if (text.matches("\\d+")) {
      result = Duration.ofSeconds(Long.parseLong(text));
    } else if (text.matches("(\\d+(ms|h|m|s))+")) {
      result = Duration.ZERO;
      var matcher = Pattern.compile("(\\d+)(ms|h|m|s)").matcher(text);
      while (matcher.find()) {
        long amount = Long.parseLong(matcher.group(1));
        result =
            result.plus(
                switch (matcher.group(2)) {
                  case "h" -> Duration.ofHours(amount);
                  case "m" -> Duration.ofMinutes(amount);
                  case "s" -> Duration.ofSeconds(amount);
                  default -> Duration.ofMillis(amount);
                });
      }
    } else {
      throw new IllegalArgumentException("must be a duration like 90s, 5m, 1h or PT5M");
    }
    if (result.isNegative() || result.isZero()) {
      throw new IllegalArgumentException("must be longer than zero");
    }
    return result;
  }

  /** Collects every bad value before failing, so one run of the operator reports them all. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    <T> T read(Setting setting, Function<String, T> parse, T defaultValue) {
      String raw = env.get(setting.variable());
      if (raw == null || raw.isBlank()) {
        return defaultValue;
      }
      try {
        return parse.apply(raw);
      } catch (RuntimeException e) {
        String why = e instanceof NumberFormatException ? "must be a number" : e.getMessage();
        problems.add(setting.variable() + "=\"" + raw + "\": " + why);
        return defaultValue;
      }
    }

    void throwIfProblems() {
      if (!problems.isEmpty()) {
        throw new SettingsException(problems);
      }
    }
  }
}
