package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.result.RunResult;
import dev.schemagate.migrator.run.Migrator;

/** {@code migrate}: apply what is pending, under the lock. */
final class MigrateCommand extends ApplyingCommand {

  MigrateCommand(CliContext context) {
    super(context);
  }

  @Override
  String name() {
    return "migrate";
  }

  @Override
  String[] description() {
    return new String[] {
      "Apply every pending migration, each in one transaction with its history row, under an"
          + " advisory lock so that concurrent runners apply each migration exactly once.",
      "Validates first (changed, missing, out-of-order or duplicate files) and applies nothing"
          + " when validation fails."
    };
  }

  @Override
  RunResult run(SecretRedactor redactor) {
    SettingsFactory factory = new SettingsFactory(context);
    MigratorSettings settings = factory.settings(factory.connection(connection), location, safety);
    return new Migrator(settings, redactor).migrate(name());
  }
}
