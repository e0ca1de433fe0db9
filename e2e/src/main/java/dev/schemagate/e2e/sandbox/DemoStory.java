package dev.schemagate.e2e.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.schemagate.e2e.cluster.apiserver.JsonTrees;
import dev.schemagate.e2e.stack.Manifests;
import dev.schemagate.e2e.stack.Stack;
import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.FailureDetails;
import dev.schemagate.operator.api.Phase;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The sandbox's {@code --demo}: the shop app goes through a first install, an upgrade, a failed
 * upgrade and a fix, with the example migrations, while the timeline shows what each part of the
 * product does. Every step checks the cluster and database; the first surprise ends the story with
 * exit code 1.
 */
final class DemoStory {

  static final String APP = "orders";
  static final Duration STEP_TIMEOUT = Duration.ofSeconds(120);

  /** The deliberately broken migration: a typo in a table name (SQLSTATE 42P01). */
  static final String BROKEN_V6 =
      "-- Adds a note to every order line.\nALTER TABLE order_linez ADD COLUMN note text;\n";

  static final String FIXED_V6 =
      "-- Adds a note to every order line.\nALTER TABLE order_lines ADD COLUMN note text;\n";

  private final Stack stack;
  private final ShopNamespace shop;
  private final Path examples;
  private final Path workDirectory;
  private final Timeline timeline;
  private final KubernetesClient user;
  private final KubernetesClient system;

  DemoStory(Stack stack, ShopNamespace shop, Path examples, Path workDirectory, Timeline timeline) {
    this.stack = stack;
    this.shop = shop;
    this.examples = examples;
    this.workDirectory = workDirectory;
    this.timeline = timeline;
    this.user = stack.cluster().client();
    this.system = stack.cluster().systemClient();
  }

  /** Plays the story; 0 when everything happened as it should, else 1. */
  int play() throws IOException {
    String v1 =
        image(
            '1',
            "V1__create_customers.sql",
            "V1.1__create_products.sql",
            "000002_create_orders.up.sql",
            "000002_create_orders.down.sql");
    String v2 = image('2');
    String v3 = imageWithV6('3', BROKEN_V6);
    String v4 = imageWithV6('4', FIXED_V6);
    try (ClusterWatcher watcher = new ClusterWatcher(system, shop.namespace(), timeline)) {
      firstInstall(v1);
      upgrade(v1, v2);
      failedUpgrade(v2, v3);
      fix(v2, v3, v4);
      summary();
      return 0;
    } catch (StoryFailure e) {
      timeline.line("demo", "FAILED: " + e.getMessage());
      return 1;
    }
  }

  private void firstInstall(String v1) {
    timeline.heading("1. First install: the Deployment arrives before its DatabaseMigration");
    Deployment created =
        you(
            "apply Deployment " + APP + " (" + Timeline.shortImage(v1) + ", 2 replicas)",
            () ->
                user.apps()
                    .deployments()
                    .inNamespace(shop.namespace())
                    .resource(Manifests.deployment(shop.namespace(), APP, v1, APP, 2))
                    .create());
    expect(
        Boolean.TRUE.equals(created.getSpec().getPaused()),
        "the webhook paused the Deployment in the create request");
    timeline.line(
        "webhook",
        "Deployment "
            + APP
            + " stored paused (held-for "
            + Timeline.shortImage(v1)
            + "): no pod of it starts");
    you(
        "apply DatabaseMigration " + APP + " (" + Timeline.shortImage(v1) + ")",
        () ->
            user.resource(Manifests.migration(shop.namespace(), APP, v1, shop.secret())).create());
    awaitOutcome(v1, Phase.Succeeded);
    awaitServing(v1);
    timeline.line("check", "released: " + APP + " serves " + Timeline.shortImage(v1));
  }

  private void upgrade(String v1, String v2) {
    timeline.heading("2. Upgrade: new image with new migrations");
    Deployment held = setDeploymentImage(v2);
    expect(Boolean.TRUE.equals(held.getSpec().getPaused()), "the update to v2 is held");
    timeline.line(
        "webhook",
        "Deployment update held in the same request: the old ReplicaSet keeps serving "
            + Timeline.shortImage(v1));
    setMigrationImage(v2);
    awaitOutcome(v2, Phase.Succeeded);
    awaitServing(v2);
    timeline.line(
        "check", "released after the migration: " + APP + " serves " + Timeline.shortImage(v2));
  }

  private void failedUpgrade(String v2, String v3) {
    timeline.heading(
        "3. A broken migration: the rollout stays held, the old version keeps serving");
    Deployment held = setDeploymentImage(v3);
    expect(Boolean.TRUE.equals(held.getSpec().getPaused()), "the update to v3 is held");
    setMigrationImage(v3);
    DatabaseMigration failed = awaitOutcome(v3, Phase.Failed);
    FailureDetails failure = failed.getStatus().getFailure();
    expect(
        failure != null && "V6__add_order_notes.sql".equals(failure.getMigration()),
        "status.failure names V6__add_order_notes.sql");
    expect(
        "42P01".equals(failure.getSqlState()),
        "status.failure has SQLSTATE 42P01, was " + failure.getSqlState());
    timeline.line(
        "status",
        "failure: "
            + failure.getReason()
            + ", file "
            + failure.getMigration()
            + ", SQLSTATE "
            + failure.getSqlState()
            + ": "
            + failure.getMessage());
    Deployment deployment =
        system.apps().deployments().inNamespace(shop.namespace()).withName(APP).get();
    expect(Boolean.TRUE.equals(deployment.getSpec().getPaused()), "the Deployment is still held");
    expect(serving().equals(List.of(v2)), "the old version still serves: " + serving());
    timeline.line(
        "check",
        "still held; "
            + APP
            + " keeps serving "
            + Timeline.shortImage(v2)
            + "; V6 not in the schema history");
  }

  private void fix(String v2, String v3, String v4) {
    timeline.heading("4. Fix forward: a new image with the corrected migration");
    Deployment held = setDeploymentImage(v4);
    expect(
        Boolean.TRUE.equals(held.getSpec().getPaused()),
        "the update to v4 is held until its migration ran");
    setMigrationImage(v4);
    awaitOutcome(v4, Phase.Succeeded);
    awaitServing(v4);
    expect(replicaSetFor(v3) == null, "the broken v3 never rolled out");
    timeline.line(
        "check",
        "released: "
            + APP
            + " serves "
            + Timeline.shortImage(v4)
            + "; "
            + Timeline.shortImage(v3)
            + " never ran a pod");
  }

  private void summary() {
    timeline.heading("Schema history of " + shop.database().schema());
    List<String> history = history();
    expect(
        history.size() == 7 && history.getLast().startsWith("6 "),
        "versions 1, 1.1, 2, 3, 4, 5 and 6 applied once each: " + history);
    for (String row : history) {
      timeline.plain("  " + row);
    }
    DatabaseMigration migration = migration();
    timeline.plain("");
    timeline.plain(
        "DatabaseMigration "
            + APP
            + ": phase "
            + migration.getStatus().getPhase()
            + ", succeeded images "
            + migration.getStatus().getSucceededImages().stream()
                .map(Timeline::shortImage)
                .toList());
    timeline.plain("Demo finished: upgrade, failure and fix went as expected.");
  }

  // ---- steps

  private <T> T you(String what, java.util.function.Supplier<T> action) {
    timeline.line("you", what);
    return action.get();
  }

  private Deployment setDeploymentImage(String image) {
    return you(
        "set Deployment " + APP + " image to " + Timeline.shortImage(image),
        () ->
            retrying(
                () ->
                    user.apps()
                        .deployments()
                        .inNamespace(shop.namespace())
                        .withName(APP)
                        .edit(
                            d -> {
                              d.getSpec()
                                  .getTemplate()
                                  .getSpec()
                                  .getContainers()
                                  .getFirst()
                                  .setImage(image);
                              return d;
                            })));
  }

  private void setMigrationImage(String image) {
    you(
        "set DatabaseMigration " + APP + " image to " + Timeline.shortImage(image),
        () ->
            retrying(
                () ->
                    user.resources(DatabaseMigration.class)
                        .inNamespace(shop.namespace())
                        .withName(APP)
                        .edit(
                            m -> {
                              m.getSpec().setImage(image);
                              return m;
                            })));
  }

  private DatabaseMigration awaitOutcome(String image, Phase phase) {
    await(
        "DatabaseMigration " + APP + " " + phase + " for " + Timeline.shortImage(image),
        () -> {
          DatabaseMigration m = migration();
          return m != null
              && m.getStatus() != null
              && image.equals(m.getStatus().getImage())
              && (m.getStatus().getPhase() == Phase.Succeeded
                  || m.getStatus().getPhase() == Phase.Failed);
        });
    DatabaseMigration m = migration();
    expect(
        m.getStatus().getPhase() == phase,
        "the migration of "
            + Timeline.shortImage(image)
            + " should be "
            + phase
            + " but is "
            + m.getStatus().getPhase());
    Job job =
        system
            .batch()
            .v1()
            .jobs()
            .inNamespace(shop.namespace())
            .withName(m.getStatus().getJobName())
            .get();
    if (job != null) {
      JsonNode result = result(job);
      if (result != null) {
        timeline.line(
            "migrator",
            "Job "
                + job.getMetadata().getName()
                + " result: "
                + result.path("status").asText()
                + ", applied "
                + result.path("applied")
                + ", "
                + result.path("durationMs").asInt()
                + " ms");
      }
    }
    return m;
  }

  private void awaitServing(String image) {
    await(APP + " serving " + Timeline.shortImage(image), () -> serving().equals(List.of(image)));
  }

  private JsonNode result(Job job) {
    List<Pod> pods =
        system
            .pods()
            .inNamespace(shop.namespace())
            .withLabel("batch.kubernetes.io/job-name", job.getMetadata().getName())
            .list()
            .getItems();
    for (Pod pod : pods) {
      var statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
      if (statuses != null
          && !statuses.isEmpty()
          && statuses.getFirst().getState().getTerminated() != null) {
        String message = statuses.getFirst().getState().getTerminated().getMessage();
        try {
          return message == null ? null : JsonTrees.parse(message);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  private DatabaseMigration migration() {
    return system
        .resources(DatabaseMigration.class)
        .inNamespace(shop.namespace())
        .withName(APP)
        .get();
  }

  private List<String> serving() {
    List<String> images = new ArrayList<>();
    for (ReplicaSet rs :
        system.apps().replicaSets().inNamespace(shop.namespace()).list().getItems()) {
      if (rs.getSpec().getReplicas() != null && rs.getSpec().getReplicas() > 0) {
        images.add(rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage());
      }
    }
    return images;
  }

  private ReplicaSet replicaSetFor(String image) {
    return system.apps().replicaSets().inNamespace(shop.namespace()).list().getItems().stream()
        .filter(
            rs ->
                image.equals(
                    rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage()))
        .findFirst()
        .orElse(null);
  }

  private List<String> history() {
    String sql =
        "SELECT version, script, applied_by, to_char(applied_at, 'HH24:MI:SS') FROM "
            + shop.database().schema()
            + ".schemagate_migrations WHERE success ORDER BY applied_at, version";
    List<String> rows = new ArrayList<>();
    try (Connection connection = stack.postgres().connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(
            String.format(
                "%-5s %-36s %s  by %s",
                result.getString(1),
                result.getString(2),
                result.getString(4),
                result.getString(3)));
      }
    } catch (SQLException e) {
      throw new StoryFailure("cannot read the schema history: " + e.getMessage());
    }
    return rows;
  }

  // ---- images

  /** An image carrying these example files (all of them when none are named). */
  private String image(char digit, String... files) throws IOException {
    Path directory = workDirectory.resolve("images").resolve(APP + "-v" + digit);
    Files.createDirectories(directory);
    try (Stream<Path> all = Files.list(examples)) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        if (files.length == 0 || List.of(files).contains(name)) {
          Files.copy(
              file, directory.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    String image = Manifests.image(APP, digit);
    stack.cluster().images().register(image, directory);
    timeline.line("registry", Timeline.shortImage(image) + " carries " + describe(directory));
    return image;
  }

  private String imageWithV6(char digit, String v6) throws IOException {
    String image = image(digit);
    Path directory = stack.cluster().images().migrations(image).orElseThrow();
    Files.writeString(directory.resolve("V6__add_order_notes.sql"), v6);
    timeline.line(
        "registry",
        Timeline.shortImage(image)
            + " adds V6__add_order_notes.sql"
            + (v6.equals(BROKEN_V6) ? " (with a typo: order_linez)" : " (fixed)"));
    return image;
  }

  private static String describe(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".sql") && !n.endsWith(".down.sql"))
          .sorted()
          .toList()
          .toString();
    }
  }

  // ---- checking

  private static void expect(boolean condition, String what) {
    if (!condition) {
      throw new StoryFailure("expected: " + what);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(STEP_TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new StoryFailure("timed out waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoryFailure("interrupted waiting for " + what);
      }
    }
  }

  private static <T> T retrying(java.util.function.Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw new StoryFailure("write failed: " + e.getMessage());
        }
      }
    }
  }

  /** The story did not happen as it should. */
  static final class StoryFailure extends RuntimeException {
    StoryFailure(String message) {
      super(message);
    }
  }
}
