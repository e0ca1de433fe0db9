package dev.schemagate.e2e.cluster.controllers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a container's {@code command} and {@code args} mean in an image built on the migrator:
 * Kubernetes semantics (command replaces the entrypoint, args replace the image's default
 * arguments) mapped onto the migrator CLI. Pure.
 */
public final class ContainerLaunch {

  /** The migrator image's default arguments (Dockerfile CMD). */
  static final List<String> DEFAULT_ARGS = List.of("migrate");

  private ContainerLaunch() {}

  /**
   * The migrator's arguments for the container.
   *
   * @throws IllegalArgumentException with the runtime's message when the command is not the
   *     migrator
   */
  public static List<String> migratorArgs(
      List<String> command, List<String> args, ImageCatalog catalog) {
    List<String> cmd = Objects.requireNonNullElse(command, List.of());
    List<String> arguments = Objects.requireNonNullElse(args, List.of());
    if (cmd.isEmpty()) {
      return arguments.isEmpty() ? DEFAULT_ARGS : arguments;
    }
    if (!catalog.isMigratorCommand(cmd.getFirst())) {
      throw new IllegalArgumentException(
          "exec: \"" + cmd.getFirst() + "\": executable file not found in $PATH");
    }
    List<String> result = new ArrayList<>(cmd.subList(1, cmd.size()));
    result.addAll(arguments);
    return result.isEmpty() ? DEFAULT_ARGS : result;
  }
}
