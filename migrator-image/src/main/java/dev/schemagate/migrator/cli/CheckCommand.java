package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.check.ThrowawayPostgres;
import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.result.RunResult;
import dev.schemagate.migrator.run.Migrator;
import java.io.IOException;

/** {@code check}: apply everything to a throwaway PostgreSQL (or {@code --url}), for CI. */
final class CheckCommand extends ApplyingCommand {

  CheckCommand(CliContext context) {
    super(context);
  }

  @Override
  String name() {
    return "check";
  }

  @Override
  String[] description() {
    return new String[] {
      "Prove in CI that the migrations apply: start a throwaway embedded PostgreSQL, apply every"
          + " migration as migrate does, report, and throw the server away. Needs only a JDK.",
      "With --url, apply on top of that server instead (e.g. a copy of production's schema)."
          + " Without --url, "
          + EnvVars.DB_URL
          + " and the PG* variables are ignored, so check"
          + " never touches a real database by accident."
    };
  }

  @Override
  RunResult run(SecretRedactor redactor) throws IOException {
    SettingsFactory factory = new SettingsFactory(context);
    if (connection.url != null) {
      MigratorSettings settings =
          factory.settings(factory.connection(connection), location, safety);
      return new Migrator(settings, redactor).migrate(name());
    }
    long started = System.nanoTime();
    // Validate the options before spending seconds on a server.
    MigratorSettings settings = factory.settings(null, location, safety);
    log(CheckCommand.class).info("Starting a throwaway PostgreSQL");
    try (ThrowawayPostgres postgres = ThrowawayPostgres.start()) {
      log(CheckCommand.class)
          .info(
              "Throwaway PostgreSQL ready on {} after {} ms",
              postgres.connection().target(),
              elapsedMs(started));
      return new Migrator(settings.withConnection(postgres.connection()), redactor)
          .migrate(name())
          .withDurationMs(elapsedMs(started));
    }
  }
}
