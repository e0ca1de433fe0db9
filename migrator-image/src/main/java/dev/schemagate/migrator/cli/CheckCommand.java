package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.check.ThrowawayPostgres;
import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.result.RunResult;
import dev.schemagate.migrator.run.Migrator;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prove in CI that the migrations apply: start a throwaway embedded PostgreSQL, apply every"
          + " migration as migrate does, report, and throw the server away. Needs only a JDK.",
      "With --url, apply on top of that server instead (e.g. a copy of production's schema)."
          + " Without --url, "
          + EnvVars.DB_URL
          + " and the PG* variables are ignored, so check"
          + " never touches a real database by accident."
    },
    footerHeading = "%n",
    footer = Help.FOOTER,
    exitCodeListHeading = Help.EXIT_CODES_HEADING,
    exitCodeList = {Help.EXIT_0, Help.EXIT_1, Help.EXIT_2, Help.EXIT_3, Help.EXIT_4})
final class CheckCommand extends MigratorCommand {

  private static final Logger LOG = LoggerFactory.getLogger(CheckCommand.class);

  @Mixin ConnectionOptions connection;
  @Mixin LocationOptions location;
  @Mixin SafetyOptions safety;

  CheckCommand(CliContext context) {
    super(context);
  }

  @Override
  String name() {
    return "check";
  }

  @Override
  ConnectionOptions connectionOptions() {
    return connection;
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
    LOG.info("Starting a throwaway PostgreSQL");
    try (ThrowawayPostgres postgres = ThrowawayPostgres.start()) {
      LOG.info(
          "Throwaway PostgreSQL ready on {} after {} ms",
          postgres.connection().target(),
          elapsedMs(started));
      return new Migrator(settings.withConnection(postgres.connection()), redactor).migrate(name());
    }
  }
}
