package dev.schemagate.bench.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchServerTest {

  @Test
  void perRunUrlKeepsHostPortAndParameters() {
    assertThat(BenchServer.jdbcUrlFor("jdbc:postgresql://db:5432/postgres?sslmode=require", "b_1"))
        .isEqualTo("jdbc:postgresql://db:5432/b_1?sslmode=require");
    assertThat(BenchServer.jdbcUrlFor("jdbc:postgresql://localhost/postgres", "b_2"))
        .isEqualTo("jdbc:postgresql://localhost/b_2");
  }
}
