#!/usr/bin/env bash
# Proves the daemonless operator image works: checks the tarball's OCI structure and its metadata
# against the Dockerfile, unpacks the layers into a root filesystem and runs the image's own entrypoint
# in it with chroot, as the image's user, with only the image's environment, the way a container
# runtime would (.ci/image/smoke-lib.sh):
#   <entrypoint> --help      exit 0 and every setting; the operator's classes come from the image's
#                            class-data-sharing archive
#   <entrypoint> --bogus     exit 2 (usage error)
#   <entrypoint>             as the Helm chart runs it: read-only root filesystem with a tmpfs on /tmp, the
#                            chart's environment, in-cluster configuration (service account files,
#                            KUBERNETES_SERVICE_HOST) against a Fabric8 mock API server over HTTPS
#                            (src/image/MockApiServer.java): it gets ready, logs JSON lines only, serves
#                            /metrics, injects its CA into the webhook configuration, answers an
#                            AdmissionReview over TLS verified with that CA (a rollout held with a JSON
#                            patch), reconciles a DatabaseMigration into a Job, and stops on SIGTERM.
# chroot needs root (CI runs as root); without it the test says so and skips.
#
# Usage: smoke-test-image.sh --image TARBALL --mock-classpath CP --crd CRD [--jdk JDK] [--work DIR]
#                            [--oci-only] [--skip-if true|...]...
#   CP: the operator module's test classpath (Fabric8's mock API server); the mock runs on JDK (default
#   JAVA_HOME), whose source launcher compiles MockApiServer.java.
# The conditions given to expect() are single-quoted on purpose: expect() evaluates them.
# shellcheck disable=SC2016,SC2034
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tools="$here/../../../.ci/image"
# shellcheck source=../../../.ci/image/image-spec.sh
source "$tools/image-spec.sh"
# shellcheck source=../../../.ci/image/smoke-lib.sh
source "$tools/smoke-lib.sh"
dockerfile="$here/../../Dockerfile"

image="" work="" classpath="" crd="" jdk="${JAVA_HOME:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --image) image=$2; shift 2 ;;
    --mock-classpath) classpath=$2; shift 2 ;;
    --crd) crd=$2; shift 2 ;;
    --jdk) jdk=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --oci-only) allow_oci_only=1; shift ;; # e.g. `podman save --format oci-archive` of the Dockerfile's image
    --skip-if) # Maven passes -DskipTests / -DskipITs here (unset ones arrive as the literal ${...})
      if [ "$2" = true ]; then echo "smoke-test: skipped (tests skipped)"; exit 0; fi
      shift 2 ;;
    *) echo "smoke-test: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$image" ] || { echo "smoke-test: no image tarball at '$image'" >&2; exit 2; }
[ -n "$classpath" ] || { echo "smoke-test: --mock-classpath is required" >&2; exit 2; }
[ -f "$crd" ] || { echo "smoke-test: no CRD at '$crd'" >&2; exit 2; }
[ -x "$jdk/bin/java" ] || { echo "smoke-test: no JDK at '$jdk' (set --jdk or JAVA_HOME)" >&2; exit 2; }
command -v curl >/dev/null || { echo "smoke-test: needs curl (to talk to the operator and the mock API server)" >&2; exit 2; }
smoke_require_root
work=${work:-"$(dirname "$image")/image-smoke-test"}

smoke_open_image
smoke_check_metadata
expect "no default command (the operator is configured by environment)" '[ -z "$(spec_array_elements "$cmd")" ]'
expect "exposes 8080/tcp (health, metrics) and 8443/tcp (webhook)" \
  '[ "$(spec_ports "$dockerfile" | sort | paste -sd" ")" = "8080/tcp 8443/tcp" ]'

smoke_unpack
expect "the top level holds only etc lib lib64 opt tmp (no shell)" \
  '[ "$(ls -A "$rootfs" | paste -sd" ")" = "etc lib lib64 opt tmp" ]'
expect "the jar is at /opt/schemagate/schemagate-operator.jar, its class-data-sharing archive next to it" \
  '[ -f "$rootfs/opt/schemagate/schemagate-operator.jar" ] && [ -s "$rootfs/opt/schemagate/schemagate-operator.jsa" ]'

# --- the mock API server, and what a pod gets: its service account's token, CA and namespace.
mock_pid=""
stop_mock() { [ -z "$mock_pid" ] || kill "$mock_pid" 2>/dev/null || true; }
trap 'stop_mock; smoke_cleanup' EXIT
"$jdk/bin/java" -cp "$classpath" "$here/MockApiServer.java" "$crd" "$work/mock-ca.crt" "$work/mock-port" \
  >"$work/mock.log" 2>&1 &
mock_pid=$!
sa="$rootfs/var/run/secrets/kubernetes.io/serviceaccount"
mkdir -p "$sa"
printf 'not-a-real-token' >"$sa/token"
printf 'schemagate-system' >"$sa/namespace"
for _ in $(seq 600); do [ -s "$work/mock-port" ] || ! kill -0 "$mock_pid" 2>/dev/null && break; sleep 0.2; done
[ -s "$work/mock-port" ] || { cat "$work/mock.log" >&2; echo "smoke-test: the mock API server did not start" >&2; exit 1; }
cp "$work/mock-ca.crt" "$sa/ca.crt"
chmod -R a+rX "$rootfs/var"
mock_port=$(cat "$work/mock-port")
mock() { curl -sS --cacert "$work/mock-ca.crt" "https://localhost:$mock_port$1"; }

read_only_root=1
smoke_mount_runtime
expect "the root filesystem is read-only, /tmp is writable (as readOnlyRootFilesystem with an emptyDir)" \
  '! touch "$rootfs/probe" 2>/dev/null && touch "$rootfs/tmp/probe" && rm "$rootfs/tmp/probe"'

smoke_run help "${entry[@]}" --help
expect "--help exits 0 and lists the settings" \
  '[ "$(status help)" = 0 ] && grep -q SCHEMAGATE_NAMESPACES "$work/help.out" && grep -q SCHEMAGATE_WEBHOOK_CERT_DIR "$work/help.out"' help

smoke_run bogus "${entry[@]}" --bogus
expect "an unknown argument exits 2" '[ "$(status bogus)" = 2 ]' bogus

mapfile -t cds_entry < <(smoke_entry_logging_class_load /tmp/class-load.log)
smoke_run cds "${cds_entry[@]}" --help
expect "the operator's classes load from the image's class-data-sharing archive (AOT cache or AppCDS)" \
  'grep -qs "dev.schemagate.operator.runtime.OperatorMain source: shared objects file" "$rootfs/tmp/class-load.log"' cds

# --- the operator as the chart runs it (helm/schemagate/templates/operator/deployment.yaml), except
# for the ports: 0 picks free ones, so a busy 8080 on this machine cannot fail the test.
extra_env=(
  HOSTNAME=schemagate-6d4cf9b7c-smoke
  KUBERNETES_SERVICE_HOST=localhost "KUBERNETES_SERVICE_PORT=$mock_port"
  SCHEMAGATE_NAMESPACE=schemagate-system SCHEMAGATE_NAMESPACES= SCHEMAGATE_HTTP_PORT=0
  SCHEMAGATE_LEADER_ELECTION=true SCHEMAGATE_LOG_FORMAT=json SCHEMAGATE_POD_START_TIMEOUT=5m
  SCHEMAGATE_WEBHOOK_ENABLED=true SCHEMAGATE_WEBHOOK_PORT=0 SCHEMAGATE_WEBHOOK_SERVICE=schemagate-webhook
  SCHEMAGATE_WEBHOOK_CONFIG_NAME=schemagate SCHEMAGATE_WEBHOOK_FAILURE_POLICY=Fail
  SCHEMAGATE_WEBHOOK_TIMEOUT_SECONDS=5 SCHEMAGATE_WEBHOOK_SECRET=schemagate-webhook-tls
)
smoke_start operator "${entry[@]}"
for _ in $(seq 1200); do # up to 2 minutes on a loaded machine
  grep -qs '"Schemagate operator started' "$work/operator.out" || ! kill -0 "$smoke_pid" 2>/dev/null && break
  sleep 0.1
done
started=$(grep -o 'Schemagate operator started[^"]*' "$work/operator.out" || true)
http_port=$(sed -n 's/.*http port \([0-9]*\).*/\1/p' <<<"$started")
webhook_port=$(sed -n 's/.*webhook on port \([0-9]*\).*/\1/p' <<<"$started")
expect "the operator starts in-cluster (service account) against the API server over verified TLS" \
  '[ -n "$http_port" ] && [ -n "$webhook_port" ]' operator
http() { curl -sS -o "$work/http.body" -w '%{http_code}' "http://127.0.0.1:$http_port$1" 2>/dev/null || true; }
ready=""
for _ in $(seq 300); do
  [ -n "$http_port" ] && [ "$(http /readyz)" = 200 ] && { ready=1; break; }
  sleep 0.1
done
expect "/readyz answers 200 (informers synced, webhook serving)" '[ -n "$ready" ]' operator
expect "/healthz answers 200" '[ "$(http /healthz)" = 200 ]' operator
expect "/metrics serves the Prometheus text with the operator's metrics" \
  '[ "$(http /metrics)" = 200 ] && grep -q "^schemagate_migration_runs_total" "$work/http.body"' operator

# The chart's configuration gets the operator's CA; the webhook's certificate is for the Service's name.
ca_bundle=""
for _ in $(seq 300); do
  ca_bundle=$(mock /apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/schemagate |
    grep -o '"caBundle":"[^"]*"' | sed 's/.*:"//; s/"$//' || true)
  [ -n "$ca_bundle" ] && break
  sleep 0.1
done
expect "the operator injected its CA into the MutatingWebhookConfiguration" '[ -n "$ca_bundle" ]' operator
base64 -d <<<"$ca_bundle" >"$work/webhook-ca.crt" 2>/dev/null || true
held_image="registry.example.com/shop/orders@sha256:$(printf '0123456789abcdef%.0s' 1 2 3 4)"
cat >"$work/review.json" <<REVIEW
{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
 "uid":"5f0c7a2e-0000-4000-8000-000000000001",
 "kind":{"group":"apps","version":"v1","kind":"Deployment"},
 "resource":{"group":"apps","version":"v1","resource":"deployments"},
 "name":"orders","namespace":"shop","operation":"CREATE","userInfo":{"username":"smoke-test"},"dryRun":false,
 "object":{"apiVersion":"apps/v1","kind":"Deployment",
  "metadata":{"name":"orders","namespace":"shop","labels":{"schemagate.dev/migration":"orders"}},
  "spec":{"replicas":2,"selector":{"matchLabels":{"app":"orders"}},
   "template":{"metadata":{"labels":{"app":"orders"}},
    "spec":{"containers":[{"name":"orders","image":"$held_image"}]}}}}}}
REVIEW
webhook_host=schemagate-webhook.schemagate-system.svc
curl -sS --cacert "$work/webhook-ca.crt" --resolve "$webhook_host:${webhook_port:-1}:127.0.0.1" \
  -H 'Content-Type: application/json' --data-binary "@$work/review.json" \
  "https://$webhook_host:${webhook_port:-1}/mutate-deployments" >"$work/review.out" 2>"$work/review.err" || true
expect "the webhook answers over TLS (verified with the injected CA, as $webhook_host) and holds an unmigrated image with a JSON patch" \
  'grep -q "\"uid\":\"5f0c7a2e-0000-4000-8000-000000000001\"" "$work/review.out" &&
   grep -q "\"allowed\":true" "$work/review.out" && grep -q "\"patchType\":\"JSONPatch\"" "$work/review.out"' review

job=""
for _ in $(seq 600); do
  job=$(mock /apis/batch/v1/namespaces/shop/jobs | grep -o '"name":"orders-[0-9a-f]\{8\}"' || true)
  [ -n "$job" ] && break
  sleep 0.1
done
expect "the leader reconciles the DatabaseMigration into a migration Job ($job)" '[ -n "$job" ]' operator

# Stop it as the kubelet does: SIGTERM, then it must end well within terminationGracePeriodSeconds (30),
# as leader too (JOSDK's own exit on losing the lease would block the JVM's exit in the shutdown hook).
smoke_stop operator 20
expect "the operator logs only JSON lines on stdout (nothing from the JVM)" \
  '[ -s "$work/operator.out" ] && ! grep -qv "^{" "$work/operator.out"' operator
expect "the operator logs its stop" 'grep -q "Stopping the Schemagate operator" "$work/operator.out"' operator
expect "the operator, leader, exits within 20 s of SIGTERM" '[ "$(cat "$work/operator.stopped")" = yes ]' operator

stop_mock
smoke_summary "the operator image runs as the chart runs it: ready, webhook over TLS, reconciling"
