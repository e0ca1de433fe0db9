package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.result.RunResult;
import dev.schemagate.migrator.run.Migrator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Apply every pending migration, each in one transaction with its history row, under an"
          + " advisory lock so that concurrent runners apply each migration exactly once.",
      "Validates first (changed, missing, out-of-order or duplicate files) and applies nothing"
          + " when validation fails."
    },
    footerHeading = "%n",
    footer = Help.FOOTER,
    exitCodeListHeading = Help.EXIT_CODES_HEADING,
    exitCodeList = {Help.EXIT_0, Help.EXIT_1, Help.EXIT_2, Help.EXIT_3, Help.EXIT_4})
final class MigrateCommand extends MigratorCommand {

  @Mixin ConnectionOptions connection;
  @Mixin LocationOptions location;
  @Mixin SafetyOptions safety;

  MigrateCommand(CliContext context) {
    super(context);
  }

  @Override
  String name() {
    return "migrate";
  }

  @Override
  ConnectionOptions connectionOptions() {
    return connection;
  }

  @Override
  RunResult run(SecretRedactor redactor) {
    SettingsFactory factory = new SettingsFactory(context);
    MigratorSettings settings = factory.settings(factory.connection(connection), location, safety);
    return new Migrator(settings, redactor).migrate(name());
  }
}
