package dev.schemagate.migrator.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Names the runner in the history table's {@code applied_by}: the pod name when Kubernetes gives
 * one, else the host name. Reads the environment and {@code /proc} only, never DNS, which can be
 * slow.
 */
public final class RunnerIdentity {

  private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

  private RunnerIdentity() {}

  /** {@code POD_NAME}, else {@code HOSTNAME}, else the kernel's host name, else {@code unknown}. */
  public static String describe(Map<String, String> env) {
    for (String variable : new String[] {"POD_NAME", "HOSTNAME"}) {
      String value = env.get(variable);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    try {
      String name = Files.readString(KERNEL_HOSTNAME).strip();
      return name.isEmpty() ? "unknown" : name;
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
