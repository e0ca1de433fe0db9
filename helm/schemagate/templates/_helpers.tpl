{{/*
Names. Objects in the release namespace are named after the full name. Objects outside it (ClusterRoles,
their bindings, the MutatingWebhookConfiguration, the Roles in watched namespaces) use "schemagate.uniqueName",
which also carries the release namespace, so two releases in different namespaces (e.g. one per team in the
namespaced mode) never fight over one object.
*/}}
{{- define "schemagate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "schemagate.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "schemagate.uniqueName" -}}
{{- printf "%s-%s" (include "schemagate.fullname" .) .Release.Namespace | trimSuffix "-" }}
{{- end }}

{{- define "schemagate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "schemagate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "schemagate.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Service in front of every replica: webhook (443) and metrics (8080). */}}
{{- define "schemagate.serviceName" -}}
{{- include "schemagate.fullname" . }}
{{- end }}

{{- define "schemagate.webhookConfigName" -}}
{{- include "schemagate.uniqueName" . }}
{{- end }}

{{- define "schemagate.webhookSecretName" -}}
{{- default (printf "%s-webhook-tls" (include "schemagate.fullname" .)) .Values.webhook.secretName }}
{{- end }}

{{- define "schemagate.certificateName" -}}
{{- printf "%s-webhook" (include "schemagate.fullname" .) }}
{{- end }}

{{/* The Lease the operator elects its leader with; the name is fixed by the operator. */}}
{{- define "schemagate.leaseName" -}}
schemagate-operator
{{- end }}

{{/* Where the cert-manager-issued certificate is mounted (SCHEMAGATE_WEBHOOK_CERT_DIR). */}}
{{- define "schemagate.webhookCertDir" -}}
/etc/schemagate/webhook-tls
{{- end }}

{{/* True (non-empty) when the operator itself manages the webhook certificate Secret. */}}
{{- define "schemagate.operatorManagesWebhookTls" -}}
{{- if and .Values.webhook.enabled (not .Values.webhook.certManager.enabled) }}true{{- end }}
{{- end }}

{{/* The container image: a digest wins over a tag; the tag defaults to the chart's appVersion. */}}
{{- define "schemagate.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Labels. */}}
{{- define "schemagate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "schemagate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "schemagate.labels" -}}
helm.sh/chart: {{ include "schemagate.chart" . }}
{{ include "schemagate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: schemagate
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
The namespaceSelector of the webhook: the user's, or in the namespaced mode exactly the watched namespaces.
Without the latter, a labelled Deployment in a namespace the operator cannot read would be rejected (with
failurePolicy Fail) by a webhook that has no permission to decide about it.
*/}}
{{- define "schemagate.webhookNamespaceSelector" -}}
{{- if .Values.webhook.namespaceSelector }}
{{- toYaml .Values.webhook.namespaceSelector }}
{{- else if .Values.watchNamespaces }}
matchExpressions:
  - key: kubernetes.io/metadata.name
    operator: In
    values:
      {{- toYaml .Values.watchNamespaces | nindent 6 }}
{{- end }}
{{- end }}

{{/*
The rules for the namespaced resources the operator works on in the namespaces it watches. One definition,
used by the ClusterRole (cluster-wide mode) and by the Role in each watched namespace (namespaced mode).
*/}}
{{- define "schemagate.watchedNamespaceRules" -}}
# Reconcile DatabaseMigrations: read and watch them; update/patch for the finalizer and annotations.
- apiGroups: ["schemagate.dev"]
  resources: ["databasemigrations"]
  verbs: ["get", "list", "watch", "patch", "update"]
# Report phase, conditions, failure and held Deployments in the status subresource.
- apiGroups: ["schemagate.dev"]
  resources: ["databasemigrations/status"]
  verbs: ["get", "patch", "update"]
# Run each migration as a Job owned by its DatabaseMigration; adopt it after a restart (list/watch);
# delete finished Jobs beyond spec.historyLimit.
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "delete", "patch"]
# Explain a failed or stuck run from its pod (ImagePullBackOff, termination message, waiting reasons).
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
# Copy a bounded tail of a failed migration pod's log into status.failure.logTail.
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
# The rollout gate: watch gated Deployments (label-selected informer) and hold/release them by patching
# spec.paused and the schemagate.dev/held-for annotation.
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "patch", "update"]
# Record MigrationStarted/Succeeded/Failed and RolloutHeld/Released events on DatabaseMigrations and
# Deployments (patch aggregates a repeated event into a count instead of a new object).
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
# The same through the events.k8s.io API, which newer clients record events with.
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
