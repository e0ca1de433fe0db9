package dev.schemagate.operator.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the operator runs, as far as defaults depend on it.
 *
 * @param inCluster running in a pod (service account token mounted, API service env set)
 * @param serviceAccountNamespace the pod's namespace, when mounted
 * @param hostname the pod name in a cluster; identifies this instance in the Lease and in Events
 */
public record RuntimeEnvironment(
    boolean inCluster, Optional<String> serviceAccountNamespace, String hostname) {

  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  public static RuntimeEnvironment detect(Map<String, String> env) {
    boolean inCluster =
        env.get("KUBERNETES_SERVICE_HOST") != null
            && Files.isReadable(SERVICE_ACCOUNT.resolve("token"));
    Optional<String> namespace = readNamespace(SERVICE_ACCOUNT.resolve("namespace"));
    return new RuntimeEnvironment(inCluster, namespace, hostname(env));
  }

  /** Outside a cluster, for tests and local runs. */
  public static RuntimeEnvironment local() {
    return new RuntimeEnvironment(false, Optional.empty(), "schemagate-local");
  }

  private static Optional<String> readNamespace(Path file) {
    try {
      return Files.isReadable(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
              .filter(s -> !s.isEmpty())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String hostname(Map<String, String> env) {
    String fromEnv = env.get("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "schemagate-" + UUID.randomUUID();
    }
  }
}
