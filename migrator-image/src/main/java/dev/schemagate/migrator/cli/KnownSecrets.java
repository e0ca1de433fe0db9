package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.config.JdbcUrl;
import dev.schemagate.migrator.config.LibpqUri;
import dev.schemagate.migrator.config.SecretRedactor;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every password the run could know before anything is parsed or logged, so that even an
 * error about a malformed URL is redacted.
 */
final class KnownSecrets {

  private KnownSecrets() {}

  static SecretRedactor redactor(CliContext context, ConnectionOptions options) {
    List<String> secrets = new ArrayList<>();
    secrets.add(context.env().get("PGPASSWORD"));
    if (options != null) {
      secrets.add(options.password);
      addUrlSecrets(secrets, options.url);
    }
    addUrlSecrets(secrets, context.env().get(EnvVars.DB_URL));
    return SecretRedactor.of(secrets);
  }

  /** Secrets in command-line arguments, for errors raised while parsing them. */
  static SecretRedactor redactor(CliContext context, String[] args) {
    List<String> secrets = new ArrayList<>();
    secrets.add(context.env().get("PGPASSWORD"));
    addUrlSecrets(secrets, context.env().get(EnvVars.DB_URL));
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--password") && i + 1 < args.length) {
        secrets.add(args[i + 1]);
      } else if (args[i].startsWith("--password=")) {
        secrets.add(args[i].substring("--password=".length()));
      } else if (args[i].startsWith("--url=")) {
        addUrlSecrets(secrets, args[i].substring("--url=".length()));
      } else if (args[i].equals("--url") && i + 1 < args.length) {
        addUrlSecrets(secrets, args[i + 1]);
      }
    }
    return SecretRedactor.of(secrets);
  }

  private static void addUrlSecrets(List<String> secrets, String url) {
    if (url == null || url.isBlank()) {
      return;
    }
    try {
      if (LibpqUri.matches(url.strip())) {
        secrets.add(LibpqUri.convert(url.strip()).password());
      } else {
        JdbcUrl parsed = JdbcUrl.parse(url.strip());
        parsed.parameter("password").ifPresent(secrets::add);
        parsed.parameter("sslpassword").ifPresent(secrets::add);
      }
    } catch (RuntimeException e) {
      // Not a URL we understand; the redactor's URL patterns still mask password parameters.
    }
  }
}
