package dev.schemagate.operator.runtime;

import dev.schemagate.operator.controller.DatabaseMigrationReconciler;
import dev.schemagate.operator.controller.EventRecorder;
import dev.schemagate.operator.controller.RolloutMetrics;
import dev.schemagate.operator.controller.RunMetrics;
import dev.schemagate.operator.status.MigrationEvent;
import dev.schemagate.operator.webhook.DatabaseMigrationLookup;
import dev.schemagate.operator.webhook.DeploymentEventSink;
import dev.schemagate.operator.webhook.WebhookRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running operator: the JOSDK controllers, the admission webhook and the health and metrics
 * endpoint. Wiring by hand, so that tests start the very same thing in-process against a mock API
 * server.
 */
public final class SchemagateOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchemagateOperator.class);

  /** How long in-flight reconciles may take to finish on stop. */
  private static final Duration RECONCILE_TERMINATION_TIMEOUT = Duration.ofSeconds(10);

  private final Operator operator;
  private final WebhookRuntime webhook;
  private final OperatorHttpServer http;
  private final PrometheusMeterRegistry registry;
  private final KubernetesClient client;
  private final Settings settings;
  private final AtomicBoolean stopping;
  private boolean stopped;

  private SchemagateOperator(
      Operator operator,
      WebhookRuntime webhook,
      OperatorHttpServer http,
      PrometheusMeterRegistry registry,
      KubernetesClient client,
      Settings settings,
      AtomicBoolean stopping) {
    this.operator = operator;
    this.webhook = webhook;
    this.http = http;
    this.registry = registry;
    this.client = client;
    this.settings = settings;
    this.stopping = stopping;
  }

  /**
   * Starts and returns once the informer caches are synced. The caller owns (closes) the client.
   */
  public static SchemagateOperator start(KubernetesClient client, Settings settings) {
    return start(client, settings, Clock.systemUTC());
  }

  public static SchemagateOperator start(KubernetesClient client, Settings settings, Clock clock) {
    return start(client, settings, clock, newRegistry());
  }

  /**
   * The metrics registry with the JVM and process meters bound. On its own so that {@link
   * OperatorMain} can build it while the Kubernetes client starts: both are mostly class loading,
   * and a new JVM has a second core for it.
   */
  static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    bindProcessMetrics(registry);
    return registry;
  }

  static SchemagateOperator start(
      KubernetesClient client, Settings settings, Clock clock, PrometheusMeterRegistry registry) {
    AtomicBoolean stopping = new AtomicBoolean();
    EventRecorder events = new EventRecorder(client, clock, settings.identity());
    // Every replica serves the webhook, leader or not, and before its informers have synced: the
    // webhook reads DatabaseMigrations with a GET of its own. It starts (certificate from its
    // Secret, TLS, listening) on a thread of its own while the operator is configured and its
    // informers start and sync here.
    CompletableFuture<WebhookRuntime> webhookStart =
        onThreadOfItsOwn("schemagate-webhook-start", () -> startWebhook(client, settings, events));
    try {
      return startOperator(client, settings, clock, registry, stopping, events, webhookStart);
    } catch (RuntimeException e) {
      // Whatever failed, leave no webhook server behind (it may still be starting).
      webhookStart.thenAccept(WebhookRuntime::stop);
      throw e;
    }
  }

  /** Runs {@code task} on a new thread named {@code name}; for the independent parts of a start. */
  static <T> CompletableFuture<T> onThreadOfItsOwn(String name, Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, run -> Thread.ofPlatform().name(name).start(run));
  }

  private static SchemagateOperator startOperator(
      KubernetesClient client,
      Settings settings,
      Clock clock,
      PrometheusMeterRegistry registry,
      AtomicBoolean stopping,
      EventRecorder events,
      CompletableFuture<WebhookRuntime> webhookStart) {
    Operator operator =
        new Operator(overrider -> configure(overrider, client, settings, registry, stopping));
    DatabaseMigrationReconciler reconciler =
        new DatabaseMigrationReconciler(
            clock,
            settings.podStartTimeout(),
            events,
            new RunMetrics(registry),
            new RolloutMetrics(registry));
    operator.register(
        reconciler,
        controller -> {
          if (settings.namespaces().isEmpty()) {
            controller.watchingAllNamespaces();
          } else {
            controller.settingNamespaces(settings.namespaces());
          }
        });

    AtomicReference<WebhookRuntime> webhookRef = new AtomicReference<>();
    OperatorHttpServer http;
    try {
      // Up before the informers sync: probes get answers (not ready yet) during a slow start.
      http =
          OperatorHttpServer.start(
              settings.httpPort(), () -> isReady(operator, webhookRef.get()), registry);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot listen on " + Setting.HTTP_PORT.variable() + "=" + settings.httpPort(), e);
    }
    try {
      operator.start();
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
    WebhookRuntime webhook;
    try {
      webhook = webhookStart.join();
      webhookRef.set(webhook);
    } catch (CompletionException e) {
      operator.stop();
      http.close();
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    LOG.info(
        "Schemagate operator started: namespaces={}, leaderElection={}, http port {}, webhook {}",
        settings.namespaces().isEmpty() ? "all" : settings.namespaces(),
        settings.leaderElection(),
        http.port(),
        webhook.enabled() ? "on port " + webhook.port() : "disabled");
    return new SchemagateOperator(operator, webhook, http, registry, client, settings, stopping);
  }

  private static WebhookRuntime startWebhook(
      KubernetesClient client, Settings settings, EventRecorder events) {
    DeploymentEventSink eventSink =
        (deployment, reason, message) ->
            events.recordOnDeployment(
                deployment.namespace(),
                deployment.name(),
                deployment.uid(),
                MigrationEvent.warning(reason, message));
    try {
      return WebhookRuntime.start(
          client, settings.webhook(), new DatabaseMigrationLookup(client), eventSink);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot serve the webhook on "
              + Setting.WEBHOOK_PORT.variable()
              + "="
              + settings.webhook().port(),
          e);
    }
  }

  private static void configure(
      ConfigurationServiceOverrider overrider,
      KubernetesClient client,
      Settings settings,
      PrometheusMeterRegistry registry,
      AtomicBoolean stopping) {
    overrider
        .withKubernetesClient(client)
        .withCloseClientOnStop(false)
        // JSON (merge) patches instead of server-side apply for the primary resource and for
        // matching dependents: see StatusWriter for why, and the README.
        .withUseSSAToPatchPrimaryResource(false)
        .withSSABasedCreateUpdateMatchForDependentResources(false)
        .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
        .withReconciliationTerminationTimeout(RECONCILE_TERMINATION_TIMEOUT);
    if (settings.leaderElection()) {
      // JOSDK's own exit on a lost lease calls System.exit, also when the lease ends because we
      // stop: from inside the SIGTERM shutdown hook, where System.exit blocks forever (the pod then
      // hangs until SIGKILL). So the exit is ours, and only for a lease lost while running.
      overrider.withLeaderElectionConfiguration(
          new LeaderElectionConfiguration(
              Settings.LEASE_NAME,
              settings.namespace(),
              LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
              LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
              LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
              settings.identity(),
              new LeaderCallbacks(() -> {}, () -> exitUnlessStopping(stopping), leader -> {}),
              false));
    }
  }

  /**
   * The lease was lost while running: another replica leads now, so this process ends (its pod
   * restarts as a follower), as JOSDK's default would; on a thread of its own, so that the shutdown
   * hooks can stop the leader elector that called us.
   */
  private static void exitUnlessStopping(AtomicBoolean stopping) {
    if (!stopping.get()) {
      LOG.error("Lost the leader election lease; exiting so that only the new leader reconciles");
      new Thread(() -> System.exit(1), "schemagate-lost-lease-exit").start();
    }
  }

  private static void bindProcessMetrics(PrometheusMeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
  }

  private static boolean isReady(Operator operator, WebhookRuntime webhook) {
    var runtime = operator.getRuntimeInfo();
    return runtime.isStarted()
        && runtime.allEventSourcesAreHealthy()
        && webhook != null
        && webhook.isReady();
  }

  /**
   * True once the operator's informers have synced and stay healthy, and the webhook (when enabled)
   * serves a certificate.
   */
  public boolean isReady() {
    return isReady(operator, webhook);
  }

  /** The admission webhook's HTTPS port, or -1 when it is disabled. */
  public int webhookPort() {
    return webhook.port();
  }

  public int httpPort() {
    return http.port();
  }

  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  public KubernetesClient client() {
    return client;
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Stops reconciling (letting running reconciles finish), then the webhook, then the HTTP
   * endpoint.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    stopping.set(true);
    LOG.info("Stopping the Schemagate operator");
    try {
      operator.stop();
    } finally {
      webhook.stop();
      http.close();
      registry.close();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
