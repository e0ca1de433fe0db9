package dev.schemagate.operator.runtime;

/**
 * Every environment variable the operator reads. The Helm chart sets these; {@code --help} and the
 * README list them from here.
 */
public enum Setting {
  NAMESPACES(
      "SCHEMAGATE_NAMESPACES",
      "all namespaces",
      "Comma-separated namespaces to watch for DatabaseMigrations (and their Jobs and pods)."),
  NAMESPACE(
      "SCHEMAGATE_NAMESPACE",
      "the service account's namespace, else \"default\"",
      "The operator's own namespace: where its Lease and webhook Secret live."),
  HTTP_PORT(
      "SCHEMAGATE_HTTP_PORT",
      "8080",
      "Port of /healthz, /readyz and /metrics (plain HTTP). 0 picks a free port."),
  LEADER_ELECTION(
      "SCHEMAGATE_LEADER_ELECTION",
      "true in a cluster, false outside",
      "true or false: elect one active reconciler through the Lease \"schemagate-operator\"."),
  LOG_FORMAT("SCHEMAGATE_LOG_FORMAT", "json", "json (one JSON object per line) or text."),
  POD_START_TIMEOUT(
      "SCHEMAGATE_POD_START_TIMEOUT",
      "5m",
      "How long a migration pod may stay unstarted (image pull, missing Secret, unschedulable)"
          + " before the run fails. Like 90s, 5m, 1h or PT5M."),
  WEBHOOK_ENABLED(
      "SCHEMAGATE_WEBHOOK_ENABLED",
      "true in a cluster, false outside",
      "true or false: serve the Deployment admission webhook (the rollout gate's guarantee)."
          + " Without it only the reconciler's best-effort backstop holds rollouts."),
  WEBHOOK_PORT(
      "SCHEMAGATE_WEBHOOK_PORT",
      "8443",
      "HTTPS port of the admission webhook. 0 picks a free port."),
  WEBHOOK_URL(
      "SCHEMAGATE_WEBHOOK_URL",
      "unset (register by Service)",
      "https URL through which the API server reaches an operator running outside the cluster."
          + " The serving certificate then covers its host, and the operator creates and owns the"
          + " MutatingWebhookConfiguration. Unset (in a cluster), the configuration belongs to the"
          + " Helm chart and the operator only injects its CA bundle into it."),
  WEBHOOK_SERVICE(
      "SCHEMAGATE_WEBHOOK_SERVICE",
      "schemagate-webhook",
      "Service (in SCHEMAGATE_NAMESPACE) through which the API server reaches the webhook; the"
          + " serving certificate covers its DNS names."),
  WEBHOOK_SERVICE_PORT(
      "SCHEMAGATE_WEBHOOK_SERVICE_PORT",
      "443",
      "Port of that Service. The operator warns when the webhook configuration points elsewhere."),
  WEBHOOK_CONFIG_NAME(
      "SCHEMAGATE_WEBHOOK_CONFIG_NAME",
      "schemagate",
      "Name of the MutatingWebhookConfiguration whose CA bundle the operator keeps current."),
  WEBHOOK_SECRET(
      "SCHEMAGATE_WEBHOOK_SECRET",
      "schemagate-webhook-tls",
      "Secret (in SCHEMAGATE_NAMESPACE) holding the webhook's CA and serving certificate."),
  WEBHOOK_CERT_DIR(
      "SCHEMAGATE_WEBHOOK_CERT_DIR",
      "unset (the operator manages certificates)",
      "Directory with tls.crt and tls.key provided by cert-manager; the operator then neither"
          + " creates certificates nor injects the CA bundle."),
  WEBHOOK_CERT_CHECK_INTERVAL(
      "SCHEMAGATE_WEBHOOK_CERT_CHECK_INTERVAL",
      "1h (1m with SCHEMAGATE_WEBHOOK_CERT_DIR)",
      "How often certificates are checked for renewal (own certificates) or reloaded (from the"
          + " directory). Like 90s, 5m, 1h or PT1H."),
  WEBHOOK_FAILURE_POLICY(
      "SCHEMAGATE_WEBHOOK_FAILURE_POLICY",
      "Fail",
      "Fail (no rollout slips through while the operator is down) or Ignore. Used when the"
          + " operator creates the configuration (SCHEMAGATE_WEBHOOK_URL); in a cluster the chart"
          + " sets it."),
  WEBHOOK_TIMEOUT_SECONDS(
      "SCHEMAGATE_WEBHOOK_TIMEOUT_SECONDS",
      "5",
      "Webhook call timeout, 1 to 30 seconds; like the failure policy, written by the operator"
          + " only into a configuration it creates.");

  private final String variable;
  private final String defaultValue;
  private final String description;

  Setting(String variable, String defaultValue, String description) {
    this.variable = variable;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String variable() {
    return variable;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The settings reference printed by {@code --help}. */
  public static String reference() {
    StringBuilder text = new StringBuilder();
    for (Setting setting : values()) {
      text.append("  ")
          .append(setting.variable)
          .append(System.lineSeparator())
          .append("      ")
          .append(setting.description)
          .append(System.lineSeparator())
          .append("      Default: ")
          .append(setting.defaultValue)
          .append(System.lineSeparator());
    }
    return text.toString();
  }
}
