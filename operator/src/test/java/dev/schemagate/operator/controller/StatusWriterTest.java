package dev.schemagate.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.schemagate.operator.api.DatabaseMigrationStatus;
import dev.schemagate.operator.api.Phase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusWriterTest {

  static DatabaseMigrationStatus status(Phase phase, List<String> images) {
    DatabaseMigrationStatus status = new DatabaseMigrationStatus();
    status.setPhase(phase);
    status.setSucceededImages(images);
    return status;
  }

  @Test
  void equalContentIsTheSame() {
    assertThat(
            StatusWriter.sameContent(
                status(Phase.Running, List.of("a")),
                status(Phase.Running, new ArrayList<>(List.of("a")))))
        .isTrue();
    assertThat(StatusWriter.sameContent(null, null)).isTrue();
  }

  @Test
  void anyDifferenceIsAChange() {
    assertThat(StatusWriter.sameContent(status(Phase.Running, null), status(Phase.Failed, null)))
        .isFalse();
    assertThat(StatusWriter.sameContent(null, status(Phase.Running, null))).isFalse();
    assertThat(
            StatusWriter.sameContent(
                status(Phase.Running, List.of("a", "b")), status(Phase.Running, List.of("b", "a"))))
        .isFalse();
  }
}
