package dev.schemagate.operator.testutil;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator ({@code java -jar target/schemagate-operator.jar}) running as a separate
 * process against an API server given by URL, connected through a kubeconfig file as a user would
 * connect it: so that a test can kill it for real ({@code SIGKILL}). Leader election and the
 * webhook are off (their defaults outside a cluster); logs (text) go to a file.
 */
public final class OperatorProcess implements AutoCloseable {

  /** The shaded jar that {@code package} builds. */
  public static final Path JAR = Path.of("target", "schemagate-operator.jar");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final Process process;
  private final int httpPort;
  private final long startedNanos;

  private OperatorProcess(Process process, int httpPort, long startedNanos) {
    this.process = process;
    this.httpPort = httpPort;
    this.startedNanos = startedNanos;
  }

  /**
   * Starts the operator.
   *
   * @param apiServerUrl e.g. {@link MockCluster#url()}
   * @param workDir where the kubeconfig is written
   * @param log file the process's output is appended to
   * @param identity its {@code HOSTNAME} (name in Events)
   * @param jvmFlags flags before {@code -jar}
   */
  public static OperatorProcess start(
      String apiServerUrl, Path workDir, Path log, String identity, List<String> jvmFlags) {
    return start(apiServerUrl, workDir, log, identity, jvmFlags, Map.of());
  }

  /**
   * Like the other {@code start}, with settings ({@code SCHEMAGATE_*}) that override the defaults.
   */
  public static OperatorProcess start(
      String apiServerUrl,
      Path workDir,
      Path log,
      String identity,
      List<String> jvmFlags,
      Map<String, String> settings) {
    try {
      Path kubeconfig = writeKubeconfig(workDir, apiServerUrl);
      int port = freePort();
      List<String> command = new ArrayList<>();
      command.add(javaExecutable());
      command.addAll(jvmFlags);
      command.add("-jar");
      command.add(JAR.toString());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Map<String, String> env = builder.environment();
      env.keySet()
          .removeIf(name -> name.startsWith("KUBERNETES_") || name.startsWith("SCHEMAGATE_"));
      env.put("KUBECONFIG", kubeconfig.toString());
      env.put("HOSTNAME", identity);
      env.put("SCHEMAGATE_HTTP_PORT", Integer.toString(port));
      env.put("SCHEMAGATE_LOG_FORMAT", "text");
      env.put("SCHEMAGATE_LEADER_ELECTION", "false");
      env.put("SCHEMAGATE_WEBHOOK_ENABLED", "false");
      env.putAll(settings);
      long started = System.nanoTime();
      return new OperatorProcess(builder.start(), port, started);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + JAR, e);
    }
  }

  private static Path writeKubeconfig(Path workDir, String apiServerUrl) throws IOException {
    Path file = workDir.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        contexts:
        - name: mock
          context:
            cluster: mock
            user: mock
            namespace: default
        current-context: mock
        users:
        - name: mock
          user: {}
        """
            .formatted(apiServerUrl));
    return file;
  }

  /** True when {@code /readyz} answers 200. */
  public boolean isReady() {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Milliseconds since the process was started. */
  public long millisSinceStart() {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook, no graceful stop, in-flight requests cut off. */
  public void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(30));
  }

  /**
   * SIGTERM, as Kubernetes stops a pod.
   *
   * @return whether the process ended within {@code timeout}
   */
  public boolean terminate(Duration timeout) {
    process.destroy();
    return waitForExit(timeout);
  }

  /** SIGTERM and a graceful stop (SIGKILL if it takes too long). */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitForExit(Duration.ofSeconds(30))) {
      kill();
    }
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
  }
}
