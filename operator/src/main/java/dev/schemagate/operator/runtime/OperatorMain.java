package dev.schemagate.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar schemagate-operator.jar}: reads the settings from the environment, connects with
 * the in-cluster service account or the usual kubeconfig, and runs until SIGTERM.
 */
public final class OperatorMain {

  private OperatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    int usage = checkArguments(List.of(args), System.out, System.err);
    if (usage >= 0) {
      System.exit(usage);
    }
    Settings settings;
    try {
      settings = Settings.fromEnvironment(env, RuntimeEnvironment.detect(env));
    } catch (SettingsException e) {
      System.err.println("Invalid settings:");
      e.problems().forEach(problem -> System.err.println("  " + problem));
      System.err.println("Run with --help for the list of settings.");
      System.exit(2);
      return;
    }
    Logging.configure(settings.logFormat());

    // Independent starts, mostly class loading: the metrics on a second thread, the client here.
    CompletableFuture<PrometheusMeterRegistry> registry =
        SchemagateOperator.onThreadOfItsOwn(
            "schemagate-metrics-start", SchemagateOperator::newRegistry);
    KubernetesClient client = new KubernetesClientBuilder().build();
    ModelWarmUp.start(client.getKubernetesSerialization());
    SchemagateOperator operator;
    try {
      operator = SchemagateOperator.start(client, settings, Clock.systemUTC(), registry.join());
    } catch (RuntimeException e) {
      // Logged through the configured layout (JSON by default), then a non-zero exit: the pod
      // restarts with back-off, which is the right thing while the API server is unreachable.
      LoggerFactory.getLogger(OperatorMain.class).error("The operator could not start", e);
      client.close();
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    operator.stop();
                  } finally {
                    client.close();
                    stopped.countDown();
                  }
                },
                "schemagate-shutdown"));
    stopped.await();
  }

  /** Exit code when the arguments end the program (help, or a usage error); -1 to go on. */
  static int checkArguments(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      return -1;
    }
    if (args.size() == 1 && List.of("--help", "-h", "help").contains(args.getFirst())) {
      out.print(help());
      return 0;
    }
    err.println("Unknown arguments " + args + ": the operator is configured by environment.");
    err.println("Run with --help for the list of settings.");
    return 2;
  }

  static String help() {
    String nl = System.lineSeparator();
    return "Usage: java -jar schemagate-operator.jar [--help]"
        + nl
        + nl
        + "Runs the Schemagate operator: each DatabaseMigration (schemagate.dev/v1alpha1) becomes one"
        + nl
        + "tracked, one-shot migration Job, and Deployments labelled schemagate.dev/migration roll out"
        + nl
        + "only to images whose migration succeeded (admission webhook over HTTPS, release and"
        + nl
        + "backstop in the reconciler). Connects with the in-cluster service account, or else with"
        + nl
        + "the kubeconfig (KUBECONFIG, ~/.kube/config). Serves /healthz, /readyz and /metrics."
        + nl
        + nl
        + "Settings (environment variables):"
        + nl
        + Setting.reference();
  }
}
