package dev.schemagate.e2e.cluster.controllers;

import dev.schemagate.e2e.cluster.PodLogs;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the pods of the test cluster's Jobs: resolves the image from the {@link ImageCatalog}
 * (unknown: {@code ErrImagePull}), the environment with {@link ContainerEnv} (missing Secret:
 * {@code CreateContainerConfigError}, retried), the command with {@link ContainerLaunch} (not the
 * migrator: {@code StartError}), then executes the real migrator as a subprocess with the
 * container's environment, {@code SCHEMAGATE_TERMINATION_LOG} pointing at a file and the image's
 * migrations as {@code SCHEMAGATE_MIGRATIONS_DIR}. It writes the pod status at each step as a
 * kubelet does, including the exit code and the termination message, and keeps the container log
 * for {@code pods/log}. At most {@code parallelism} containers run at once.
 */
public final class Kubelet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);

  /** Node name the pods are "scheduled" to. */
  public static final String NODE = "schemagate-test-node";

  static final long CONFIG_RETRY_MILLIS = 1000;
  static final long TERMINATION_GRACE_SECONDS = 5;

  private final KubernetesClient client;
  private final ImageCatalog images;
  private final MigratorLauncher launcher;
  private final PodLogs logs;
  private final Path workDirectory;
  private final ExecutorService runners;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(daemon("kubelet-retry"));
  private final Map<String, Process> running = new ConcurrentHashMap<>();
  private final Set<String> killed = ConcurrentHashMap.newKeySet();
  private volatile Consumer<Pod> onFinished = pod -> {};

  public Kubelet(
      KubernetesClient client,
      ImageCatalog images,
      MigratorLauncher launcher,
      PodLogs logs,
      Path workDirectory,
      int parallelism) {
    this.client = client;
    this.images = images;
    this.launcher = launcher;
    this.logs = logs;
    this.workDirectory = workDirectory;
    this.runners = Executors.newFixedThreadPool(parallelism, daemon("kubelet-runner"));
  }

  /** Called with the pod (as created) when its container ended. */
  public void onFinished(Consumer<Pod> callback) {
    this.onFinished = callback;
  }

  /** Starts the pod's one container (the pod exists in the API with its spec). */
  public void start(Pod pod) {
    Instant podStart = now();
    runners.execute(() -> prepare(pod, podStart));
  }

  /** Stops the pod's container, if it runs, and forgets the pod (it is being deleted). */
  public void kill(String namespace, String name) {
    String key = namespace + "/" + name;
    killed.add(key);
    logs.forget(namespace, name); // a deleted pod's log goes with it
    Process process = running.get(key);
    if (process != null) {
      process.destroy();
      try {
        if (!process.waitFor(TERMINATION_GRACE_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void prepare(Pod pod, Instant podStart) {
    String key = key(pod);
    if (killed.contains(key)) {
      return;
    }
    Container container = pod.getSpec().getContainers().getFirst();
    String image = container.getImage();
    Optional<Path> migrations = images.migrations(image);
    if (migrations.isEmpty()) {
      writeStatus(
          pod,
          PodStatuses.waiting(
              container.getName(),
              image,
              "ErrImagePull",
              "failed to pull image \""
                  + image
                  + "\": not found in the test cluster's image catalog",
              podStart));
      return; // like a kubelet, it never starts: the operator's pod start timeout decides
    }
    Map<String, String> env;
    try {
      env = ContainerEnv.resolve(pod, container, imageEnv(pod, migrations.get()), lookup());
    } catch (ContainerEnv.ConfigError e) {
      writeStatus(
          pod,
          PodStatuses.waiting(
              container.getName(), image, "CreateContainerConfigError", e.getMessage(), podStart));
      retries.schedule(
          () -> runners.execute(() -> prepare(pod, podStart)),
          CONFIG_RETRY_MILLIS,
          TimeUnit.MILLISECONDS);
      return;
    }
    List<String> args;
    try {
      args = ContainerLaunch.migratorArgs(container.getCommand(), container.getArgs(), images);
    } catch (IllegalArgumentException e) {
      Instant at = now();
      finish(
          pod,
          PodStatuses.terminated(
              container.getName(), image, podStart, at, at, 128, "StartError", e.getMessage()));
      return;
    }
    run(pod, container, env, args, podStart);
  }

  private void run(
      Pod pod, Container container, Map<String, String> env, List<String> args, Instant podStart) {
    String key = key(pod);
    Path directory =
        workDirectory
            .resolve(pod.getMetadata().getNamespace())
            .resolve(pod.getMetadata().getName());
    Path terminationLog = directory.resolve("termination-log");
    Path log = directory.resolve("container.log");
    Instant started = now();
    Process process;
    try {
      Files.createDirectories(directory);
      Files.deleteIfExists(terminationLog);
      Files.createFile(terminationLog);
      ProcessBuilder builder =
          new ProcessBuilder(launcher.commandLine(args))
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      builder.environment().putAll(env);
      builder.environment().put("SCHEMAGATE_TERMINATION_LOG", terminationLog.toString());
      logs.register(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), log);
      synchronized (this) {
        if (killed.contains(key)) {
          return;
        }
        process = builder.start();
        running.put(key, process);
      }
    } catch (IOException e) {
      Instant at = now();
      finish(
          pod,
          PodStatuses.terminated(
              container.getName(),
              container.getImage(),
              podStart,
              at,
              at,
              128,
              "StartError",
              "cannot start the migrator: " + e.getMessage()));
      return;
    }
    LOG.info(
        "Pod {} started: migrator {} (migrations {})",
        key,
        String.join(" ", args),
        env.get("SCHEMAGATE_MIGRATIONS_DIR"));
    writeStatus(
        pod, PodStatuses.running(container.getName(), container.getImage(), podStart, started));
    int exitCode;
    try {
      exitCode = process.waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return;
    } finally {
      running.remove(key);
    }
    if (killed.contains(key)) {
      return; // the pod is gone; nobody reads its status
    }
    String message =
        TerminationMessages.message(
            read(terminationLog), read(log), exitCode, container.getTerminationMessagePolicy());
    LOG.info("Pod {} ended with exit code {}", key, exitCode);
    finish(
        pod,
        PodStatuses.terminated(
            container.getName(),
            container.getImage(),
            podStart,
            started,
            now(),
            exitCode,
            exitCode == 0 ? "Completed" : "Error",
            message));
  }

  private void finish(Pod pod, PodStatus status) {
    writeStatus(pod, status);
    onFinished.accept(pod);
  }

  private void writeStatus(Pod pod, PodStatus status) {
    if (killed.contains(key(pod))) {
      return;
    }
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                p.setStatus(status);
                return p;
              });
    } catch (KubernetesClientException e) {
      LOG.debug("Pod {} status not written: {}", key(pod), e.getMessage());
    }
  }

  private static Map<String, String> imageEnv(Pod pod, Path migrations) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SCHEMAGATE_MIGRATIONS_DIR", migrations.toString());
    env.put("HOSTNAME", pod.getMetadata().getName());
    return env;
  }

  private ContainerEnv.Lookup lookup() {
    return new ContainerEnv.Lookup() {
      @Override
      public Optional<Map<String, String>> secret(String namespace, String name) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
          return Optional.empty();
        }
        Map<String, String> values = new HashMap<>();
        if (secret.getData() != null) {
          secret
              .getData()
              .forEach(
                  (k, v) ->
                      values.put(
                          k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        // The mock API server stores stringData as written; a real one folds it into data.
        if (secret.getStringData() != null) {
          values.putAll(secret.getStringData());
        }
        return Optional.of(values);
      }

      @Override
      public Optional<Map<String, String>> configMap(String namespace, String name) {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
        if (map == null) {
          return Optional.empty();
        }
        return Optional.of(map.getData() == null ? Map.of() : new HashMap<>(map.getData()));
      }
    };
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return Thread.ofPlatform().name(name + "-", 1).daemon().factory();
  }

  @Override
  public void close() {
    retries.shutdownNow();
    runners.shutdownNow();
    running.values().forEach(Process::destroyForcibly);
    try {
      runners.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
