package dev.schemagate.operator.migration;

import static dev.schemagate.operator.testutil.Fixtures.image;
import static dev.schemagate.operator.testutil.Fixtures.migration;
import static dev.schemagate.operator.testutil.Fixtures.withMigrator;
import static dev.schemagate.operator.testutil.Fixtures.withRetry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.api.DatabaseMigration;
import dev.schemagate.operator.api.MigratorSpec;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RunHashTest {

  private static DatabaseMigration base() {
    MigratorSpec migrator = new MigratorSpec();
    migrator.setCommand(List.of("/app/migrate"));
    migrator.setEnv(List.of(env("A", "1"), env("B", "2")));
    migrator.setNodeSelector(map("zone", "a", "disk", "ssd"));
    return withMigrator(migration("orders", image("orders", 'a')), migrator);
  }

  private static String hashOf(DatabaseMigration migration) {
    return RunHash.of(migration).full();
  }

  private static String hashAfter(Consumer<DatabaseMigration> change) {
    DatabaseMigration migration = base();
    change.accept(migration);
    return hashOf(migration);
  }

  @Test
  void isSha256HexAndStable() {
    String hash = hashOf(base());
    assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(hashOf(base()));
    assertThat(RunHash.of(base()).shortHash()).hasSize(8).isEqualTo(hash.substring(0, 8));
  }

  @Test
  void mapOrderDoesNotMatter() {
    String reordered =
        hashAfter(m -> m.getSpec().getMigrator().setNodeSelector(map("disk", "ssd", "zone", "a")));
    assertThat(reordered).isEqualTo(hashOf(base()));
  }

  @Test
  void emptyListsAndDefaultsWrittenOutDoNotMatter() {
    String explicit =
        hashAfter(
            m -> {
              m.getSpec().getMigrator().setArgs(List.of());
              m.getSpec().setBackoffLimit(0);
              m.getSpec().setActiveDeadlineSeconds(1800L);
            });
    assertThat(explicit).isEqualTo(hashOf(base()));
  }

  @Test
  void settingsThatDoNotShapeTheJobDoNotMatter() {
    String other =
        hashAfter(
            m -> {
              m.getSpec().setHistoryLimit(10);
              m.getSpec().setGate(new dev.schemagate.operator.api.GateSpec());
              m.getSpec().getGate().setContainer("app");
            });
    assertThat(other).isEqualTo(hashOf(base()));
  }

  @Test
  void everythingThatShapesTheJobChangesTheHash() {
    String original = hashOf(base());
    List<Consumer<DatabaseMigration>> changes =
        List.of(
            m -> m.getSpec().setImage(image("orders", 'b')),
            m -> m.getSpec().getMigrator().setImage(image("migrator", 'c')),
            m -> m.getSpec().getMigrator().setCommand(List.of("/app/other")),
            m -> m.getSpec().getMigrator().setArgs(List.of("--dry-run")),
            m -> m.getSpec().getMigrator().setEnv(List.of(env("A", "1"), env("B", "3"))),
            // The order of env entries is meaningful (later ones may refer to earlier ones).
            m -> m.getSpec().getMigrator().setEnv(List.of(env("B", "2"), env("A", "1"))),
            m ->
                m.getSpec()
                    .getMigrator()
                    .setEnvFrom(
                        List.of(
                            new EnvFromSourceBuilder()
                                .withNewSecretRef()
                                .withName("db")
                                .endSecretRef()
                                .build())),
            m ->
                m.getSpec()
                    .getMigrator()
                    .setResources(
                        new ResourceRequirementsBuilder()
                            .withLimits(Map.of("memory", new Quantity("256Mi")))
                            .build()),
            m ->
                m.getSpec()
                    .getMigrator()
                    .setSecurityContext(
                        new SecurityContextBuilder().withRunAsNonRoot(true).build()),
            m -> m.getSpec().getMigrator().setServiceAccountName("migrator"),
            m -> m.getSpec().setBackoffLimit(2),
            m -> m.getSpec().setActiveDeadlineSeconds(600L),
            m -> withRetry(m, "1"));
    for (Consumer<DatabaseMigration> change : changes) {
      assertThat(hashAfter(change)).isNotEqualTo(original);
    }
  }

  @Test
  void eachRetryValueIsANewRun() {
    assertThat(hashAfter(m -> withRetry(m, "1"))).isNotEqualTo(hashAfter(m -> withRetry(m, "2")));
    assertThat(hashAfter(m -> withRetry(m, "1"))).isEqualTo(hashAfter(m -> withRetry(m, "1")));
  }

  private static EnvVar env(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static Map<String, String> map(String k1, String v1, String k2, String v2) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(k1, v1);
    map.put(k2, v2);
    return map;
  }
}
