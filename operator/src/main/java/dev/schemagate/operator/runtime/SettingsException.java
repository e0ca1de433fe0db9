package dev.schemagate.operator.runtime;

import java.util.List;

/** One or more settings have values the operator cannot use. */
public final class SettingsException extends IllegalArgumentException {

  private final List<String> problems;

  public SettingsException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
