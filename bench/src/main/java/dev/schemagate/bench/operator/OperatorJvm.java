package dev.schemagate.bench.operator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged operator ({@code java <flags> -jar schemagate-operator.jar}) as a process of its
 * own, connected to the API server through a kubeconfig as a user would run it, so that its heap
 * and RSS are its own. The benchmark adds {@code -Xlog:gc:file=...} to read the heap after a
 * collection.
 */
final class OperatorJvm implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final int httpPort;
  private final long startNanos;
  private final Path gcLog;
  private final List<String> command;

  private OperatorJvm(
      Process process, int httpPort, long startNanos, Path gcLog, List<String> command) {
    this.process = process;
    this.httpPort = httpPort;
    this.startNanos = startNanos;
    this.gcLog = gcLog;
    this.command = command;
  }

  /**
   * Whether the operator's jar is there; says how to build it when it is not. For the harnesses
   * that start it as a process, before they start anything else.
   */
  static boolean jarIsBuilt(Path jar) {
    if (Files.isRegularFile(jar)) {
      return true;
    }
    System.err.println(
        jar + " not found: build it with ./mvnw -pl operator -am package -DskipTests");
    return false;
  }

  /**
   * @param env extra environment (SCHEMAGATE_* settings); KUBERNETES_* and SCHEMAGATE_* of this
   *     process are not passed on
   */
  static OperatorJvm start(
      Path jar,
      List<String> jvmFlags,
      Path kubeconfig,
      Map<String, String> env,
      String identity,
      Path log,
      Path gcLog) {
    try {
      int port = freePort();
      List<String> command = new ArrayList<>();
      command.add(javaExecutable());
      command.addAll(jvmFlags);
      if (gcLog != null) {
        Files.deleteIfExists(gcLog);
        command.add("-Xlog:gc:file=" + gcLog);
      }
      command.add("-jar");
      command.add(jar.toString());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Map<String, String> environment = builder.environment();
      environment
          .keySet()
          .removeIf(name -> name.startsWith("KUBERNETES_") || name.startsWith("SCHEMAGATE_"));
      environment.put("KUBECONFIG", kubeconfig.toString());
      environment.put("HOSTNAME", identity);
      environment.put("SCHEMAGATE_HTTP_PORT", Integer.toString(port));
      environment.putAll(env);
      long start = System.nanoTime();
      return new OperatorJvm(builder.start(), port, start, gcLog, List.copyOf(command));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + jar, e);
    }
  }

  /**
   * Polls {@code /readyz} every {@code poll} until it answers 200.
   *
   * @return nanoseconds from starting the process to the first 200
   */
  long awaitReady(Duration timeout, Duration poll) {
    long deadline = startNanos + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the operator exited with code " + process.exitValue() + " before it was ready");
      }
      if (get("/readyz").map(r -> r.statusCode() == 200).orElse(false)) {
        return System.nanoTime() - startNanos;
      }
      sleep(poll.toMillis());
    }
    throw new IllegalStateException("the operator was not ready within " + timeout);
  }

  /** The Prometheus text of {@code /metrics}. */
  String metrics() {
    return get("/metrics")
        .filter(r -> r.statusCode() == 200)
        .map(HttpResponse::body)
        .orElseThrow(() -> new IllegalStateException("no /metrics"));
  }

  private Optional<HttpResponse<String>> get(String path) {
    try {
      return Optional.of(
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (ConnectException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  ProcessMemory memory() {
    return ProcessMemory.of(process.pid());
  }

  /**
   * Forces a full collection ({@code jcmd <pid> GC.run}) and reads the heap it left from the GC
   * log.
   */
  Optional<GcLog.Collection> heapAfterFullGc() {
    if (gcLog == null) {
      return Optional.empty();
    }
    int before = GcLog.lastExplicit(read(gcLog)).map(GcLog.Collection::number).orElse(-1);
    jcmd("GC.run");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<GcLog.Collection> last = GcLog.lastExplicit(read(gcLog));
      if (last.isPresent() && last.get().number() != before) {
        return last;
      }
      sleep(50);
    }
    return Optional.empty();
  }

  /**
   * Runs {@code jcmd <pid> <args>} (from the JDK running this benchmark) and returns its output.
   */
  String jcmd(String... args) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return "(jcmd not found at " + jcmd + ")";
    }
    List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid())));
    command.addAll(List.of(args));
    try {
      Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      run.waitFor(60, TimeUnit.SECONDS);
      return output;
    } catch (IOException e) {
      return "(jcmd failed: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  long pid() {
    return process.pid();
  }

  List<String> command() {
    return command;
  }

  /** SIGTERM, then waits for the graceful stop (SIGKILL after 30 s). */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
  }
}
