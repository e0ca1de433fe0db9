package dev.schemagate.operator.migration;

import dev.schemagate.operator.api.Phase;

/** State of one migration run (one Job), derived from the Job and its pods. */
public enum RunState {
  PENDING(Phase.Pending),
  RUNNING(Phase.Running),
  SUCCEEDED(Phase.Succeeded),
  FAILED(Phase.Failed);

  private final Phase phase;

  RunState(Phase phase) {
    this.phase = phase;
  }

  public Phase phase() {
    return phase;
  }

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED;
  }
}
