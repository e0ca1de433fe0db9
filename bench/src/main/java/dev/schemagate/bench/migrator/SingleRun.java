package dev.schemagate.bench.migrator;

import java.nio.file.Path;

/** The main class of a forked floor run: one migrate, then exit (see {@link ToolLaunch}). */
public final class SingleRun {

  static final String PASSWORD_ENV = "SCHEMAGATE_BENCH_TOOL_PASSWORD";

  private SingleRun() {}

  /** Arguments: tool name (floor), JDBC URL, user, schema, directory; password from the env. */
  public static void main(String[] args) {
    if (!args[0].equals("floor")) {
      throw new IllegalArgumentException("SingleRun only runs the floor, not " + args[0]);
    }
    String password = System.getenv().getOrDefault(PASSWORD_ENV, "");
    new JdbcFloorTool()
        .migrate(new RunTarget(args[1], args[2], password, args[3]), Path.of(args[4]));
    System.exit(0);
  }
}
