package dev.schemagate.bench;

import dev.schemagate.bench.migrator.MigratorVsFlywayCommand;
import dev.schemagate.bench.operator.GateLatencyCommand;
import dev.schemagate.bench.operator.ScaleCommand;
import dev.schemagate.bench.operator.StartupCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable benchmark harnesses: one subcommand per harness. */
@Command(
    name = "schemagate-bench",
    mixinStandardHelpOptions = true,
    description = "Runnable Schemagate benchmarks. They print numbers; none of them is a test.",
    subcommands = {
      MigratorVsFlywayCommand.class,
      GateLatencyCommand.class,
      ScaleCommand.class,
      StartupCommand.class
    })
public final class BenchCli implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCli()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
