package dev.schemagate.helm.testutil;

import java.util.List;

/** A set of values the chart is rendered with; the files live in src/test/resources/values/. */
public enum Scenario {
  DEFAULTS(),
  NAMESPACED("namespaced.yaml"),
  CERT_MANAGER("cert-manager.yaml"),
  CERT_MANAGER_WITH_ISSUER("cert-manager-issuer.yaml"),
  WEBHOOK_DISABLED("webhook-disabled.yaml"),
  FAIL_OPEN("fail-open.yaml"),
  OBSERVABILITY("observability.yaml"),
  CUSTOMIZED("customized.yaml"),
  NAMESPACED_WITH_CERT_MANAGER("namespaced.yaml", "cert-manager.yaml");

  private final List<String> valuesFiles;

  Scenario(String... valuesFiles) {
    this.valuesFiles = List.of(valuesFiles);
  }

  public List<String> valuesFiles() {
    return valuesFiles;
  }
}
