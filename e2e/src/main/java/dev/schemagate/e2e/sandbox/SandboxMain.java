package dev.schemagate.e2e.sandbox;

import dev.schemagate.e2e.cluster.TestCluster;
import dev.schemagate.e2e.cluster.controllers.MigratorLauncher;
import dev.schemagate.e2e.stack.Manifests;
import dev.schemagate.e2e.stack.Stack;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar e2e/target/schemagate-sandbox.jar}: the whole product on one machine with only a
 * JDK. Starts an API server for kubectl, an embedded PostgreSQL, the operator with its webhook, and
 * the test cluster that runs migration Jobs with the real migrator; then either waits for the user
 * ({@code kubectl apply -f ...}) until Ctrl-C, or plays upgrade, failure and fix ({@code --demo}).
 */
@Command(
    name = "schemagate-sandbox",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Schemagate locally: an API server for kubectl, an embedded PostgreSQL, the operator"
          + " with its admission webhook, and a test cluster that runs each migration Job with the"
          + " real migrator.",
      "Without --demo it keeps running until Ctrl-C; point kubectl at the kubeconfig it prints."
    })
public final class SandboxMain implements Callable<Integer> {

  @Option(
      names = "--demo",
      description = "Play upgrade -> failure -> fix with a timeline, then exit (0: as expected).")
  boolean demo;

  @Option(
      names = "--port",
      description = "Port of the API server for kubectl (default: a free one).")
  int port;

  @Option(
      names = "--namespace",
      defaultValue = "shop",
      description = "The app's namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--work-dir",
      description =
          "Where the kubeconfig, manifests, logs and pod logs go (default: a new temp directory).")
  Path workDirectory;

  @Option(
      names = "--examples",
      description = "Example migrations (default: examples/migrations of the repository).")
  Path examples;

  @Option(
      names = "--migrator-jar",
      description =
          "The migrator jar pods run (default: migrator-image/target/schemagate-migrator.jar).")
  Path migratorJar;

  @Option(
      names = "--image",
      paramLabel = "IMAGE=DIR",
      description = "Another image the cluster can run: its migrations directory. Repeatable.")
  Map<String, Path> images = new LinkedHashMap<>();

  private final PrintStream out;

  SandboxMain(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(System.out, args));
  }

  /** Runs the sandbox in this JVM and returns its exit code (tests use it). */
  public static int run(PrintStream out, String... args) {
    return new CommandLine(new SandboxMain(out)).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    Path work =
        workDirectory != null
            ? Files.createDirectories(workDirectory)
            : Files.createTempDirectory("schemagate-sandbox-");
    SandboxLogging.configure(work.resolve("sandbox.log"));
    Path exampleMigrations =
        examples != null ? examples : SandboxFiles.find("examples/migrations").orElse(null);
    if (exampleMigrations == null || !Files.isDirectory(exampleMigrations)) {
      out.println(
          "Cannot find the example migrations: run from the repository root or pass --examples DIR.");
      return 2;
    }
    MigratorLauncher launcher = SandboxFiles.launcher(migratorJar);
    Timeline timeline = new Timeline(out);
    out.println("Starting the Schemagate sandbox (logs: " + work.resolve("sandbox.log") + ") ...");
    Stack stack = Stack.start(TestCluster.options(launcher, work.resolve("pods")).publicPort(port));
    try {
      images.forEach((image, dir) -> stack.cluster().images().register(image, dir));
      ShopNamespace shop = ShopNamespace.create(stack, namespace);
      Path kubeconfig = stack.cluster().writeKubeconfig(work.resolve("kubeconfig"), namespace);
      printEnvironment(stack, shop, kubeconfig, launcher);
      if (demo) {
        int exitCode = new DemoStory(stack, shop, exampleMigrations, work, timeline).play();
        stack.close();
        return exitCode;
      }
      Map<String, Path> manifests = userImages(stack, shop, exampleMigrations, work);
      printInstructions(kubeconfig, manifests);
    } catch (Exception | Error e) {
      stack.close();
      throw e;
    }
    // Ctrl-C (SIGINT/SIGTERM): the JVM runs this hook and halts after it; stop in order first.
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("Stopping the sandbox ...");
                  stack.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  private Map<String, Path> userImages(Stack stack, ShopNamespace shop, Path examples, Path work)
      throws IOException {
    Map<String, Path> manifests = new LinkedHashMap<>();
    String v1 = Manifests.image(DemoStory.APP, '1');
    stack.cluster().images().register(v1, examples);
    manifests.put(
        "v1: the example migrations",
        SampleManifests.write(work.resolve("orders-v1.yaml"), shop, v1));
    for (var version : Map.of('2', DemoStory.BROKEN_V6, '3', DemoStory.FIXED_V6).entrySet()) {
      Path dir = work.resolve("images").resolve("orders-v" + version.getKey());
      Files.createDirectories(dir);
      try (var files = Files.list(examples)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Files.copy(
              file,
              dir.resolve(file.getFileName()),
              java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.writeString(dir.resolve("V6__add_order_notes.sql"), version.getValue());
      String image = Manifests.image(DemoStory.APP, version.getKey());
      stack.cluster().images().register(image, dir);
    }
    manifests.put(
        "v2: adds V6 with a typo (fails: 42P01)",
        SampleManifests.write(
            work.resolve("orders-v2-broken.yaml"), shop, Manifests.image(DemoStory.APP, '2')));
    manifests.put(
        "v3: the fixed V6",
        SampleManifests.write(
            work.resolve("orders-v3-fixed.yaml"), shop, Manifests.image(DemoStory.APP, '3')));
    return manifests;
  }

  private void printEnvironment(
      Stack stack, ShopNamespace shop, Path kubeconfig, MigratorLauncher launcher) {
    out.println();
    out.println("Schemagate sandbox");
    out.println("  API server   " + stack.cluster().url() + "   (kubeconfig " + kubeconfig + ")");
    out.println(
        "  PostgreSQL   "
            + stack.postgres().describe()
            + ", schema "
            + shop.database().schema()
            + ", role "
            + shop.database().user()
            + " (password in Secret "
            + shop.namespace()
            + "/"
            + shop.secret()
            + ")");
    out.println(
        "  Operator     webhook on https://127.0.0.1:"
            + stack.operator().webhookPort()
            + ", metrics on http://127.0.0.1:"
            + stack.operator().httpPort()
            + "/metrics");
    out.println("  Migrator     " + launcher);
  }

  private void printInstructions(Path kubeconfig, Map<String, Path> manifests) {
    out.println();
    out.println("Point kubectl at it:");
    out.println();
    out.println("  export KUBECONFIG=" + kubeconfig);
    out.println();
    out.println("Then, for example:");
    manifests.forEach(
        (what, file) -> out.println("  kubectl apply -f " + file + "      # " + what));
    out.println("  kubectl get dbm,deploy,rs,jobs,pods");
    out.println("  kubectl get events --sort-by=.lastTimestamp");
    out.println("  kubectl get dbm " + DemoStory.APP + " -o yaml");
    out.println();
    out.println(
        "Images the cluster can run: registry.example.com/shop/orders@sha256:1111..., 2222..., 3333... (see the files)");
    out.println("The sandbox keeps running; Ctrl-C stops it.");
    out.flush();
  }
}
