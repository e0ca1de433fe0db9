package dev.schemagate.e2e.testutil;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.e2e.cluster.TestCluster;
import dev.schemagate.e2e.cluster.apiserver.JsonTrees;
import dev.schemagate.e2e.stack.Manifests;
import dev.schemagate.e2e.stack.Postgres.AppDatabase;
import dev.schemagate.e2e.stack.Stack;
import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.Phase;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One test's corner of the shared stack: its own namespace, database role and schema, the Secret
 * with the credentials, and images whose migrations it writes into its own directories. Writes go
 * through the cluster's public endpoint (admission included), reads through the internal one.
 */
public final class Scenario {

  public static final String SECRET = "shop-db";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final Stack stack;
  private final String namespace;
  private final AppDatabase database;
  private final Path migrationsRoot;

  private Scenario(Stack stack, String namespace, AppDatabase database, Path migrationsRoot) {
    this.stack = stack;
    this.namespace = namespace;
    this.database = database;
    this.migrationsRoot = migrationsRoot;
  }

  public static Scenario create(String prefix) {
    Stack stack = E2e.stack();
    String namespace = prefix + "-" + COUNTER.incrementAndGet();
    AppDatabase database =
        stack
            .postgres()
            .createAppDatabase(namespace.replace('-', '_') + "_" + ProcessHandle.current().pid());
    stack.cluster().createNamespace(namespace);
    stack
        .cluster()
        .client()
        .resource(Manifests.databaseSecret(namespace, SECRET, database))
        .create();
    Path root = E2e.workDirectory().resolve("migrations").resolve(namespace);
    return new Scenario(stack, namespace, database, root);
  }

  public String namespace() {
    return namespace;
  }

  public AppDatabase database() {
    return database;
  }

  public Stack stack() {
    return stack;
  }

  public TestCluster cluster() {
    return stack.cluster();
  }

  /** The public endpoint: what a user or a GitOps tool writes through. */
  public NamespacedKubernetesClient user() {
    return stack.cluster().client();
  }

  public NamespacedKubernetesClient system() {
    return stack.cluster().systemClient();
  }

  /** Registers an image whose {@code /migrations} holds these files (name → SQL), in order. */
  public String image(String app, char digit, Map<String, String> files) {
    String image = Manifests.image(namespace + "-" + app, digit);
    Path directory = migrationsRoot.resolve(app + "-" + digit);
    try {
      Files.createDirectories(directory);
      for (Map.Entry<String, String> file : files.entrySet()) {
        Files.writeString(directory.resolve(file.getKey()), file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stack.cluster().images().register(image, directory);
    return image;
  }

  // ---- writes, as a user

  public DatabaseMigration createMigration(String name, String image) {
    return user().resource(Manifests.migration(namespace, name, image, SECRET)).create();
  }

  public DatabaseMigration setMigrationImage(String name, String image) {
    return retryingConflicts(
        () ->
            user()
                .resources(DatabaseMigration.class)
                .inNamespace(namespace)
                .withName(name)
                .edit(
                    m -> {
                      m.getSpec().setImage(image);
                      return m;
                    }));
  }

  /**
   * Read-modify-write, again when someone wrote in between (409), as kubectl does: the operator
   * writes the same objects' status.
   */
  static <T> T retryingConflicts(Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  public Deployment createDeployment(String name, String image, String migration, int replicas) {
    return user()
        .apps()
        .deployments()
        .inNamespace(namespace)
        .resource(Manifests.deployment(namespace, name, image, migration, replicas))
        .create();
  }

  /** Changes the Deployment's app image with a JSON patch (like {@code kubectl set image}). */
  public Deployment setDeploymentImage(String name, String image) {
    return editDeployment(
        name,
        d -> {
          d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(image);
          return d;
        });
  }

  public Deployment editDeployment(String name, UnaryOperator<Deployment> change) {
    return retryingConflicts(
        () -> user().apps().deployments().inNamespace(namespace).withName(name).edit(change));
  }

  // ---- reads

  public DatabaseMigration migration(String name) {
    return system().resources(DatabaseMigration.class).inNamespace(namespace).withName(name).get();
  }

  public DatabaseMigration awaitPhase(String name, Phase phase, String image) {
    await()
        .alias(name + " " + phase + " for " + image)
        .until(
            () -> {
              DatabaseMigration m = migration(name);
              return m != null
                  && m.getStatus() != null
                  && m.getStatus().getPhase() == phase
                  && image.equals(m.getStatus().getImage());
            });
    return migration(name);
  }

  public Deployment deployment(String name) {
    return system().apps().deployments().inNamespace(namespace).withName(name).get();
  }

  /** The ReplicaSets of a Deployment, oldest revision first. */
  public List<ReplicaSet> replicaSets(String deployment) {
    return system().apps().replicaSets().inNamespace(namespace).list().getItems().stream()
        .filter(
            rs ->
                rs.getMetadata().getOwnerReferences().stream()
                    .anyMatch(o -> o.getName().equals(deployment)))
        .sorted(Comparator.comparingInt(Scenario::revision))
        .toList();
  }

  /** The ReplicaSet serving this image, if there is one. */
  public ReplicaSet replicaSetFor(String deployment, String image) {
    return replicaSets(deployment).stream()
        .filter(
            rs ->
                image.equals(
                    rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()))
        .findFirst()
        .orElse(null);
  }

  /** Images of the ReplicaSets that have replicas: what serves now. */
  public List<String> servingImages(String deployment) {
    return replicaSets(deployment).stream()
        .filter(rs -> rs.getSpec().getReplicas() != null && rs.getSpec().getReplicas() > 0)
        .map(rs -> rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
        .toList();
  }

  private static int revision(ReplicaSet rs) {
    return Integer.parseInt(
        rs.getMetadata().getAnnotations().getOrDefault("deployment.kubernetes.io/revision", "0"));
  }

  public List<Job> jobs(String migration) {
    return system()
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withLabel("schemagate.dev/migration", migration)
        .list()
        .getItems();
  }

  public List<Pod> pods(Job job) {
    return system()
        .pods()
        .inNamespace(namespace)
        .withLabel("batch.kubernetes.io/job-name", job.getMetadata().getName())
        .list()
        .getItems();
  }

  /** The migrator's JSON result from the pod's termination message. */
  public JsonNode result(Job job) {
    Pod pod = pods(job).getFirst();
    ContainerStateTerminated terminated =
        pod.getStatus().getContainerStatuses().getFirst().getState().getTerminated();
    return JsonTrees.parse(terminated.getMessage());
  }

  public List<Event> events(String reason) {
    return system().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  public Event awaitEvent(String reason, String kind) {
    await()
        .alias("event " + reason + " on a " + kind)
        .until(
            () ->
                events(reason).stream()
                    .anyMatch(e -> kind.equals(e.getInvolvedObject().getKind())));
    return events(reason).stream()
        .filter(e -> kind.equals(e.getInvolvedObject().getKind()))
        .findFirst()
        .orElseThrow();
  }

  // ---- database

  /** Applied versions in the history table, in order of application. */
  public List<String> history() {
    return query(
        "SELECT version FROM "
            + database.schema()
            + ".schemagate_migrations WHERE success ORDER BY applied_at, version");
  }

  public List<String> tables() {
    return query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
            + database.schema()
            + "' ORDER BY table_name");
  }

  public List<String> query(String sql) {
    try (Connection connection = stack.postgres().connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(Objects.toString(rows.getObject(1)));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
