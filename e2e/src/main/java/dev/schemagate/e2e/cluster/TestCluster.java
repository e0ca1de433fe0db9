package dev.schemagate.e2e.cluster;

import dev.schemagate.e2e.cluster.admission.MutatingAdmission;
import dev.schemagate.e2e.cluster.admission.WebhookCaller;
import dev.schemagate.e2e.cluster.apiserver.ApiServerCore;
import dev.schemagate.e2e.cluster.apiserver.InternalDispatcher;
import dev.schemagate.e2e.cluster.apiserver.PublicEndpoint;
import dev.schemagate.e2e.cluster.controllers.DeploymentController;
import dev.schemagate.e2e.cluster.controllers.ImageCatalog;
import dev.schemagate.e2e.cluster.controllers.JobController;
import dev.schemagate.e2e.cluster.controllers.Kubelet;
import dev.schemagate.e2e.cluster.controllers.MigratorLauncher;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/**
 * A small Kubernetes for whole-product tests and the sandbox, in this JVM: the Fabric8 mock API
 * server (CRUD mode) made to behave like an API server where it matters ({@link ApiServerCore}:
 * discovery, real patch semantics, admission webhooks, tables, pod logs), a Deployment controller
 * and a Job controller, and a kubelet that runs each migration pod as the real migrator in a
 * subprocess.
 *
 * <p>Two endpoints share one store: the <b>public</b> one ({@link #client()}, {@link #url()}; plain
 * HTTP on the loopback interface) is what kubectl, tests and users talk to, and its Deployment
 * writes pass the operator's mutating webhook; the <b>internal</b> one ({@link #systemClient()})
 * serves the operator and the simulated controllers, whose own writes skip admission (in a real
 * cluster the webhook passes them anyway).
 */
public final class TestCluster implements AutoCloseable {

  /** The DatabaseMigration CRD, generated into the operator's jar (same bytes as crds/). */
  static final String CRD_RESOURCE = "META-INF/fabric8/databasemigrations.schemagate.dev-v1.yml";

  private final KubernetesMockServer internal;
  private final PublicEndpoint endpoint;
  private final WebhookCaller webhookCaller;
  private final NamespacedKubernetesClient systemClient;
  private final NamespacedKubernetesClient client;
  private final ImageCatalog images;
  private final PodLogs podLogs;
  private final List<AutoCloseable> controllers = new ArrayList<>();
  private final Thread requestDrain;

  /** Held so the setting stays: the mock logs every request at INFO through java.util.logging. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  private TestCluster(Options options) throws IOException {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    this.images = options.images;
    this.podLogs = new PodLogs();
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    ApiServerCore core = new ApiServerCore(new KubernetesMixedDispatcher(expectations), podLogs);
    this.internal =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            expectations,
            new InternalDispatcher(core),
            false);
    internal.init(InetAddress.getLoopbackAddress(), 0);
    this.requestDrain = drain(internal);
    this.endpoint = PublicEndpoint.start(core, options.publicPort);
    this.webhookCaller = new WebhookCaller();
    core.start("127.0.0.1:" + endpoint.port(), new MutatingAdmission(core.reader(), webhookCaller));
    this.systemClient = internal.createClient();
    this.client = clientFor(endpoint.url());
    installCrd();
    Kubelet kubelet =
        new Kubelet(
            systemClient,
            images,
            options.launcher,
            podLogs,
            options.workDirectory,
            options.kubeletParallelism);
    controllers.add(kubelet);
    controllers.add(new JobController(systemClient, kubelet));
    controllers.add(new DeploymentController(systemClient));
  }

  public static TestCluster start(Options options) {
    try {
      return new TestCluster(options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test cluster", e);
    }
  }

  /** The mock server records every request; nobody reads them, so a long run must not keep them. */
  private static Thread drain(KubernetesMockServer server) {
    return Thread.ofPlatform()
        .daemon()
        .name("mock-request-drain")
        .start(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  server.takeRequest(1, TimeUnit.SECONDS);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  static NamespacedKubernetesClient clientFor(String url) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withNamespace("default")
            .withHttp2Disable(true)
            .withRequestTimeout(30_000)
            // Like kubectl: an admission refusal (500 when a webhook is down) is an answer.
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .build()
        .adapt(NamespacedKubernetesClient.class);
  }

  private void installCrd() {
    try (InputStream crd = TestCluster.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (crd == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is not on the class path");
      }
      systemClient.apiextensions().v1().customResourceDefinitions().load(crd).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The public endpoint: writes pass admission, like kubectl's. */
  public NamespacedKubernetesClient client() {
    return client;
  }

  /** The internal endpoint, for the operator and other cluster components. */
  public NamespacedKubernetesClient systemClient() {
    return systemClient;
  }

  /** The public endpoint's URL ({@code http://127.0.0.1:<port>}). */
  public String url() {
    return endpoint.url();
  }

  public ImageCatalog images() {
    return images;
  }

  public PodLogs podLogs() {
    return podLogs;
  }

  /** Creates a namespace (labelled with its name, as a real API server does). */
  public String createNamespace(String name) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("kubernetes.io/metadata.name", name)
                .endMetadata()
                .build())
        .create();
    return name;
  }

  /** Writes a kubeconfig for the public endpoint and returns its path. */
  public Path writeKubeconfig(Path file, String namespace) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: schemagate-sandbox
          cluster:
            server: %s
        users:
        - name: schemagate-sandbox
          user: {}
        contexts:
        - name: schemagate-sandbox
          context:
            cluster: schemagate-sandbox
            user: schemagate-sandbox
            namespace: %s
        current-context: schemagate-sandbox
        """
            .formatted(url(), namespace);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  @Override
  public void close() {
    for (AutoCloseable controller : controllers.reversed()) {
      try {
        controller.close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    client.close();
    systemClient.close();
    webhookCaller.close();
    endpoint.close();
    requestDrain.interrupt();
    internal.destroy();
  }

  /** How to build a cluster. */
  public static final class Options {
    private ImageCatalog images = new ImageCatalog();
    private MigratorLauncher launcher;
    private Path workDirectory;
    private int publicPort;
    private int kubeletParallelism = 4;

    public Options images(ImageCatalog catalog) {
      this.images = catalog;
      return this;
    }

    public Options launcher(MigratorLauncher migratorLauncher) {
      this.launcher = migratorLauncher;
      return this;
    }

    /** Where pod logs and termination-message files go. */
    public Options workDirectory(Path directory) {
      this.workDirectory = directory;
      return this;
    }

    /** Port of the public endpoint; 0 picks a free one. */
    public Options publicPort(int port) {
      this.publicPort = port;
      return this;
    }

    public Options kubeletParallelism(int parallelism) {
      this.kubeletParallelism = parallelism;
      return this;
    }
  }

  /** Options with the migrator jar and a work directory. */
  public static Options options(MigratorLauncher launcher, Path workDirectory) {
    return new Options().launcher(launcher).workDirectory(workDirectory);
  }
}
