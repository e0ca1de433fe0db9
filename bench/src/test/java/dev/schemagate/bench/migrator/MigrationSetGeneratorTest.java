package dev.schemagate.bench.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationSetGeneratorTest {

  @Test
  void namesAreFlywayStyleAndSortNumerically() {
    assertThat(MigrationSetGenerator.fileName(7)).isEqualTo("V7__create_bench_0007.sql");
    assertThat(MigrationSetGenerator.fileName(200)).isEqualTo("V200__create_bench_0200.sql");
  }

  @Test
  void eachMigrationHasThreeStatements() {
    String sql = MigrationSetGenerator.sql(42);
    assertThat(sql.chars().filter(c -> c == ';').count())
        .isEqualTo(MigrationSetGenerator.STATEMENTS_PER_MIGRATION);
    assertThat(sql).contains("CREATE TABLE bench_0042", "CREATE INDEX", "INSERT INTO bench_0042");
  }

  @Test
  void writesOneFilePerMigration(@TempDir Path dir) throws IOException {
    MigrationSetGenerator.writeTo(dir, 5);
    try (var files = Files.list(dir)) {
      assertThat(files).hasSize(5);
    }
  }

  @Test
  void deletesWhatItWrote(@TempDir Path parent) {
    Path dir = MigrationSetGenerator.writeTo(parent.resolve("migrations"), 3);
    MigrationSetGenerator.delete(dir);
    assertThat(dir).doesNotExist();
    assertThat(parent).exists();
  }
}
