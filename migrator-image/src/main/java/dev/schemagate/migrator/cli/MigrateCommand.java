package dev.schemagate.migrator.cli;

import dev.schemagate.migrator.config.MigratorSettings;
import dev.schemagate.migrator.config.SecretRedactor;
import dev.schemagate.migrator.result.RunResult;
import dev.schemagate.migrator.run.Migrator;
import picocli.CommandLine.Model.CommandSpec;

/** {@code migrate}: apply what is pending, under the lock. */
final class MigrateCommand extends MigratorCommand {

  final ConnectionOptions connection = new ConnectionOptions();
  final LocationOptions location = new LocationOptions();
  final SafetyOptions safety = new SafetyOptions();

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
  void addOptions(CommandSpec spec) {
    connection.addTo(spec);
    location.addTo(spec);
    safety.addTo(spec);
  }

  @Override
  String[] exitCodes() {
    return new String[] {Help.EXIT_0, Help.EXIT_1, Help.EXIT_2, Help.EXIT_3, Help.EXIT_4};
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
