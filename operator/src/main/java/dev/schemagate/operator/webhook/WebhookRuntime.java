package dev.schemagate.operator.webhook;

import dev.schemagate.operator.api.SchemagateConstants.Webhook;
import dev.schemagate.operator.webhook.registration.WebhookRegistrar;
import dev.schemagate.operator.webhook.server.WebhookServer;
import dev.schemagate.operator.webhook.tls.CertDirectoryTls;
import dev.schemagate.operator.webhook.tls.CertificateIssuer;
import dev.schemagate.operator.webhook.tls.CertificateRotation;
import dev.schemagate.operator.webhook.tls.SelfManagedTls;
import dev.schemagate.operator.webhook.tls.ServingNames;
import dev.schemagate.operator.webhook.tls.SwappableKeyManager;
import dev.schemagate.operator.webhook.tls.TlsSecretStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission webhook as one unit for the operator: certificates, HTTPS server, registration, and
 * two periodic checks. Every replica runs one (the webhook is served by all of them, leader or
 * not).
 *
 * <p>The checks: certificates (renew, reload, republish) every {@code certCheckInterval} (1 h);
 * and, with the operator's own certificates, the webhook configuration's caBundle every {@link
 * #REGISTRATION_CHECK_INTERVAL} (one GET; a full sync only when it is not ours). The second check
 * re-injects the CA soon after the chart (re)creates or replaces the configuration: a Helm install,
 * upgrade with replace, reinstall or a GitOps sync. An informer on the one configuration would
 * react within a second, but it needs list/watch permissions and a watch connection per replica; a
 * GET every 30 s needs only the get the chart grants, and while the bundle is missing a fail-closed
 * webhook rejects writes of gated Deployments (nothing slips through), so a few seconds more are an
 * acceptable price.
 *
 * <pre>{@code
 * WebhookRuntime webhook = WebhookRuntime.start(client, settings.webhook(), gateState, eventSink);
 * ...
 * webhook.stop();
 * }</pre>
 */
public final class WebhookRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookRuntime.class);

  /** After a failed certificate check, try again this soon (not a whole interval later). */
  static final Duration RETRY_DELAY = Duration.ofMinutes(1);

  /** How often the caBundle of the webhook configuration is compared with ours. */
  public static final Duration REGISTRATION_CHECK_INTERVAL = Duration.ofSeconds(30);

  private final WebhookServer server;
  private final SwappableKeyManager keyManager;
  private final AsyncEventSink events;
  private final ScheduledExecutorService scheduler;
  private final Runnable certificateCheck;
  private boolean stopped;

  private WebhookRuntime(
      WebhookServer server,
      SwappableKeyManager keyManager,
      AsyncEventSink events,
      ScheduledExecutorService scheduler,
      Runnable certificateCheck) {
    this.server = server;
    this.keyManager = keyManager;
    this.events = events;
    this.scheduler = scheduler;
    this.certificateCheck = certificateCheck;
  }

  /** A runtime that serves nothing: the webhook is disabled. */
  public static WebhookRuntime disabled() {
    return new WebhookRuntime(null, null, null, null, null);
  }

  /**
   * Loads or creates certificates, starts the HTTPS server, registers the webhook (unless
   * certificates come from a directory) and schedules the checks. Returns a stopped no-op runtime
   * when the webhook is disabled.
   *
   * @throws IOException when the port cannot be bound
   * @throws RuntimeException when no certificate can be loaded or created; a failure to register
   *     the webhook is only logged and retried, since the server itself works
   */
  public static WebhookRuntime start(
      KubernetesClient client,
      WebhookSettings settings,
      GateState gateState,
      DeploymentEventSink eventSink)
      throws IOException {
    return start(
        client,
        settings,
        gateState,
        eventSink,
        Clock.systemUTC(),
        new CertificateIssuer(),
        REGISTRATION_CHECK_INTERVAL);
  }

  static WebhookRuntime start(
      KubernetesClient client,
      WebhookSettings settings,
      GateState gateState,
      DeploymentEventSink eventSink,
      Clock clock,
      CertificateIssuer issuer,
      Duration registrationCheckInterval)
      throws IOException {
    if (!settings.enabled()) {
      LOG.info("admission webhook disabled: the rollout gate relies on the reconciler's backstop");
      return disabled();
    }
    SwappableKeyManager keyManager = new SwappableKeyManager();
    Runnable certificateCheck;
    Runnable registrationCheck = null;
    if (settings.certDirectory() != null) {
      CertDirectoryTls directory = new CertDirectoryTls(settings.certDirectory(), keyManager);
      directory.sync();
      certificateCheck = directory::sync;
    } else {
      SelfManagedTls tls =
          new SelfManagedTls(
              new TlsSecretStore(client, settings.namespace(), settings.secretName()),
              new CertificateRotation(issuer),
              servingNames(settings),
              keyManager,
              new WebhookRegistrar(client, settings, clock),
              clock);
      tls.prepare();
      certificateCheck = tls::sync;
      registrationCheck = tls::syncIfUnpublished;
    }

    AsyncEventSink events = new AsyncEventSink(eventSink);
    WebhookServer server;
    try {
      server =
          WebhookServer.start(
              new InetSocketAddress(settings.port()),
              keyManager.serverContext(),
              Webhook.PATH,
              new AdmissionReviewHandler(gateState, events, clock));
    } catch (IOException | RuntimeException e) {
      events.close();
      throw e;
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "schemagate-webhook-certificates");
              thread.setDaemon(true);
              return thread;
            });
    WebhookRuntime runtime =
        new WebhookRuntime(server, keyManager, events, scheduler, certificateCheck);
    Duration firstCheck = settings.certCheckInterval();
    if (registrationCheck != null) {
      // The server listens before the API server is told (by the registration) to call it.
      firstCheck = runtime.runCheck("certificate", certificateCheck, settings.certCheckInterval());
    }
    runtime.schedule("certificate", certificateCheck, firstCheck, settings.certCheckInterval());
    if (registrationCheck != null) {
      runtime.schedule(
          "registration", registrationCheck, registrationCheckInterval, registrationCheckInterval);
    }
    return runtime;
  }

  private static ServingNames servingNames(WebhookSettings settings) {
    return settings.url() != null
        ? ServingNames.forUrl(settings.url())
        : ServingNames.forService(settings.serviceName(), settings.namespace());
  }

  public boolean enabled() {
    return server != null;
  }

  /**
   * Ready to answer admission requests: serving a certificate (always true once {@link #start}
   * returned an enabled runtime, until it is stopped). True when disabled: nothing to wait for.
   */
  public synchronized boolean isReady() {
    if (server == null) {
      return true;
    }
    return !stopped && keyManager.current() != null;
  }

  /** The bound HTTPS port, or -1 when disabled. */
  public int port() {
    return server == null ? -1 : server.port();
  }

  /** Runs a certificate check now (renew, reload, republish), outside the schedule. */
  public void checkCertificates() {
    if (certificateCheck != null) {
      certificateCheck.run();
    }
  }

  /** Runs {@code check} after {@code delay}, then again as {@link #runCheck} says. */
  private void schedule(String what, Runnable check, Duration delay, Duration interval) {
    synchronized (this) {
      if (stopped) {
        return;
      }
      scheduler.schedule(
          () -> schedule(what, check, runCheck(what, check, interval), interval),
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * @return when to run it next: after {@code interval}, or after a failure after {@link
   *     #RETRY_DELAY} at the latest
   */
  private Duration runCheck(String what, Runnable check, Duration interval) {
    try {
      check.run();
      return interval;
    } catch (RuntimeException e) {
      Duration next = RETRY_DELAY.compareTo(interval) < 0 ? RETRY_DELAY : interval;
      LOG.warn("webhook {} check failed, retrying in {}: {}", what, next, e.toString());
      return next;
    }
  }

  /** Stops serving and checking. The registration stays: other replicas keep serving it. */
  public void stop() {
    synchronized (this) {
      if (stopped || server == null) {
        stopped = true;
        return;
      }
      stopped = true;
    }
    scheduler.shutdownNow();
    server.stop();
    events.close();
    LOG.info("admission webhook stopped");
  }

  @Override
  public void close() {
    stop();
  }
}
