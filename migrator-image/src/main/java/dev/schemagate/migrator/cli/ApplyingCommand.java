package dev.schemagate.migrator.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * A command that applies migrations ({@code migrate}, {@code check}): where to connect, where the
 * files are, and the safety settings of every migration and of the lock.
 */
abstract class ApplyingCommand extends MigratorCommand {

  final ConnectionOptions connection = new ConnectionOptions();
  final LocationOptions location = new LocationOptions();
  final SafetyOptions safety = new SafetyOptions();

  ApplyingCommand(CliContext context) {
    super(context);
  }

  @Override
  final void addOptions(CommandSpec spec) {
    connection.addTo(spec);
    location.addTo(spec);
    safety.addTo(spec);
  }

  @Override
  final String[] exitCodes() {
    return new String[] {Help.EXIT_0, Help.EXIT_1, Help.EXIT_2, Help.EXIT_3, Help.EXIT_4};
  }

  @Override
  final ConnectionOptions connectionOptions() {
    return connection;
  }
}
