#!/usr/bin/env bash
# Schemagate on a real Kubernetes: builds the operator and migrator images, creates a kind cluster,
# installs the Helm chart, deploys PostgreSQL and an example app, and plays
# first install -> upgrade -> failed upgrade -> fix, checking each step with kubectl.
#
# Needs docker, kind, kubectl and helm (see README.md next to this file). Run from anywhere:
#   e2e/kind/run.sh              # creates the cluster, runs, deletes the cluster
#   KEEP_CLUSTER=1 e2e/kind/run.sh   # leaves the cluster (and registry) running to look around
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CLUSTER=${SCHEMAGATE_KIND_CLUSTER:-schemagate-e2e}
KEEP_CLUSTER=${KEEP_CLUSTER:-0}
TAG=${SCHEMAGATE_IMAGE_TAG:-e2e}
OPERATOR_IMAGE="schemagate/operator:${TAG}"
MIGRATOR_IMAGE="schemagate/migrator:${TAG}"
# DatabaseMigrations accept only images pinned by digest, and only a registry push gives an image its
# manifest digest: the app and migration images go through a local registry that the cluster mirrors
# (kind's documented local-registry setup).
REGISTRY_NAME=${SCHEMAGATE_KIND_REGISTRY:-schemagate-kind-registry}
REGISTRY_PORT=${SCHEMAGATE_KIND_REGISTRY_PORT:-5001}
REGISTRY="localhost:${REGISTRY_PORT}"
APP_NS=shop
SYSTEM_NS=schemagate-system
TIMEOUT=${SCHEMAGATE_KIND_TIMEOUT:-180s}
WORK=$(mktemp -d)

log() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

cleanup() {
  local status=$?
  if [[ $status -ne 0 ]] && kind get clusters 2>/dev/null | grep -x "$CLUSTER" >/dev/null; then
    printf '\n--- diagnostics ---\n' >&2
    kubectl --context "kind-${CLUSTER}" -n "$APP_NS" get dbm,deploy,rs,jobs,pods -o wide >&2 || true
    kubectl --context "kind-${CLUSTER}" -n "$APP_NS" get events --sort-by=.lastTimestamp >&2 || true
    kubectl --context "kind-${CLUSTER}" -n "$SYSTEM_NS" logs deploy/schemagate --tail=50 >&2 || true
  fi
  if [[ "$KEEP_CLUSTER" == "1" ]]; then
    printf '\nCluster kept: kubectl --context kind-%s -n %s get dbm,deploy,pods\n' "$CLUSTER" "$APP_NS"
  else
    kind delete cluster --name "$CLUSTER" >/dev/null 2>&1 || true
    docker rm -f "$REGISTRY_NAME" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

for tool in docker kind kubectl helm; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (see e2e/kind/README.md)"
done
[[ -f "$ROOT/operator/Dockerfile" ]] || fail "operator/Dockerfile not found: this checkout cannot build the operator image"
[[ -f "$ROOT/migrator-image/Dockerfile" ]] || fail "migrator-image/Dockerfile not found"

k() { kubectl --context "kind-${CLUSTER}" "$@"; }
kn() { k -n "$APP_NS" "$@"; }

# ---- images ---------------------------------------------------------------------------------------------

log "Building ${MIGRATOR_IMAGE} and ${OPERATOR_IMAGE}"
docker build -f "$ROOT/migrator-image/Dockerfile" -t "$MIGRATOR_IMAGE" "$ROOT"
docker build -f "$ROOT/operator/Dockerfile" -t "$OPERATOR_IMAGE" "$ROOT"

log "Starting the local registry ${REGISTRY}"
if [[ "$(docker inspect -f '{{.State.Running}}' "$REGISTRY_NAME" 2>/dev/null || true)" != "true" ]]; then
  docker rm -f "$REGISTRY_NAME" >/dev/null 2>&1 || true
  docker run -d --restart=always -p "127.0.0.1:${REGISTRY_PORT}:5000" --network bridge \
    --name "$REGISTRY_NAME" registry:2 >/dev/null
fi

# Builds and pushes an image, prints its digest-pinned reference (repository@sha256:...).
push_pinned() {
  local ref=$1 context=$2 digest
  docker build -q -t "$ref" "$context" >/dev/null
  digest=$(docker push "$ref" | sed -n 's/.*digest: \(sha256:[0-9a-f]\{64\}\).*/\1/p' | tail -n 1)
  [[ -n "$digest" ]] || fail "pushing ${ref} reported no digest"
  echo "${ref%:*}@${digest}"
}

# Version N of the example app: an app image (what the Deployment runs) and a migrations image (the
# migrator image plus that version's SQL, what the migration Job runs), both pinned by digest.
#   build_version N V6_SQL [EXAMPLE_FILES_TO_LEAVE_OUT...]
APP_IMAGES=()
MIGRATION_IMAGES=()
build_version() {
  local version=$1 v6=$2
  shift 2
  local dir="$WORK/v${version}" pattern
  mkdir -p "$dir/app" "$dir/migrations/sql"
  cat >"$dir/app/Dockerfile" <<EOF
FROM busybox:1.36
RUN echo "orders v${version}" > /version
USER 65532:65532
CMD ["sh", "-c", "cat /version; exec sleep 2147483647"]
EOF
  cp "$ROOT"/examples/migrations/*.sql "$dir/migrations/sql/"
  for pattern in "$@"; do
    # shellcheck disable=SC2086 # the pattern is meant to glob
    rm -f "$dir/migrations/sql/"$pattern
  done
  if [[ -n "$v6" ]]; then
    printf '%s\n' "$v6" >"$dir/migrations/sql/V6__add_order_notes.sql"
  fi
  cat >"$dir/migrations/Dockerfile" <<EOF
FROM ${MIGRATOR_IMAGE}
COPY sql/ /migrations/
EOF
  APP_IMAGES[version]=$(push_pinned "${REGISTRY}/shop/orders:v${version}" "$dir/app")
  MIGRATION_IMAGES[version]=$(push_pinned "${REGISTRY}/shop/orders-migrations:v${version}" "$dir/migrations")
  echo "v${version}: app ${APP_IMAGES[version]}"
  echo "    migrations ${MIGRATION_IMAGES[version]}"
}

log "Building the example app at four versions"
# v1 carries the first three example migrations; v2 all of them; v3 adds a broken V6; v4 the fixed V6.
build_version 1 "" 'V3__*.sql' 'V4__*.sql' '000005_*.sql'
build_version 2 ""
build_version 3 "ALTER TABLE order_linez ADD COLUMN note text; -- typo: fails with SQLSTATE 42P01"
build_version 4 "ALTER TABLE order_lines ADD COLUMN note text;"

# ---- cluster ---------------------------------------------------------------------------------------------

log "Creating kind cluster ${CLUSTER}"
if ! kind get clusters 2>/dev/null | grep -x "$CLUSTER" >/dev/null; then
  cat <<EOF | kind create cluster --name "$CLUSTER" --wait 120s --config=-
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
containerdConfigPatches:
- |-
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "/etc/containerd/certs.d"
EOF
fi
# Pods pull localhost:<port>/... from the registry container (kind's local-registry recipe).
for node in $(kind get nodes --name "$CLUSTER"); do
  docker exec "$node" mkdir -p "/etc/containerd/certs.d/${REGISTRY}"
  printf '[host."http://%s:5000"]\n' "$REGISTRY_NAME" |
    docker exec -i "$node" cp /dev/stdin "/etc/containerd/certs.d/${REGISTRY}/hosts.toml"
done
if [[ "$(docker inspect -f '{{json .NetworkSettings.Networks.kind}}' "$REGISTRY_NAME")" == "null" ]]; then
  docker network connect kind "$REGISTRY_NAME"
fi

log "Loading ${OPERATOR_IMAGE} and ${MIGRATOR_IMAGE} into the cluster"
kind load docker-image --name "$CLUSTER" "$OPERATOR_IMAGE" "$MIGRATOR_IMAGE"

log "Installing the chart"
helm upgrade --install schemagate "$ROOT/helm/schemagate" \
  --kube-context "kind-${CLUSTER}" --namespace "$SYSTEM_NS" --create-namespace \
  --set image.repository=schemagate/operator --set image.tag="$TAG" --set image.pullPolicy=IfNotPresent \
  --set logFormat=text --wait --timeout 5m
k -n "$SYSTEM_NS" rollout status deploy/schemagate --timeout="$TIMEOUT"
k wait --for=condition=Established crd/databasemigrations.schemagate.dev --timeout=60s

# ---- PostgreSQL ------------------------------------------------------------------------------------------

log "Deploying PostgreSQL"
k create namespace "$APP_NS" --dry-run=client -o yaml | k apply -f -
DB_PASSWORD=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
# printf is a shell builtin: the password never appears on a command line.
printf 'SCHEMAGATE_DB_URL=jdbc:postgresql://postgres.%s.svc:5432/shop\nPGUSER=shop\nPGPASSWORD=%s\n' \
  "$APP_NS" "$DB_PASSWORD" |
  kn create secret generic shop-db --from-env-file=/dev/stdin --dry-run=client -o yaml | kn apply -f -
kn apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: postgres
spec:
  replicas: 1
  selector: { matchLabels: { app: postgres } }
  template:
    metadata: { labels: { app: postgres } }
    spec:
      containers:
        - name: postgres
          image: postgres:17
          env:
            - { name: POSTGRES_DB, value: shop }
            - { name: POSTGRES_USER, valueFrom: { secretKeyRef: { name: shop-db, key: PGUSER } } }
            - { name: POSTGRES_PASSWORD, valueFrom: { secretKeyRef: { name: shop-db, key: PGPASSWORD } } }
          ports: [ { containerPort: 5432 } ]
          readinessProbe:
            exec: { command: ["pg_isready", "-U", "shop", "-d", "shop"] }
            periodSeconds: 2
---
apiVersion: v1
kind: Service
metadata:
  name: postgres
spec:
  selector: { app: postgres }
  ports: [ { port: 5432, targetPort: 5432 } ]
EOF
kn rollout status deploy/postgres --timeout="$TIMEOUT"

# ---- the app ---------------------------------------------------------------------------------------------

# The DatabaseMigration of version N: the app image gates the rollout, the migrations image runs.
apply_migration() {
  local version=$1
  kn apply -f - <<EOF
apiVersion: schemagate.dev/v1alpha1
kind: DatabaseMigration
metadata:
  name: orders
spec:
  image: ${APP_IMAGES[version]}
  migrator:
    image: ${MIGRATION_IMAGES[version]}
    envFrom:
      - secretRef: { name: shop-db }
EOF
}

# The gated Deployment of version N.
apply_deployment() {
  local version=$1
  kn apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  labels:
    app: orders
    schemagate.dev/migration: orders
spec:
  replicas: 2
  selector: { matchLabels: { app: orders } }
  template:
    metadata: { labels: { app: orders } }
    spec:
      containers:
        - name: app
          image: ${APP_IMAGES[version]}
EOF
}

expect_paused() {
  local paused
  paused=$(kn get deploy orders -o jsonpath='{.spec.paused}')
  [[ "$paused" == "true" ]] || fail "expected Deployment orders to be held (paused), got '${paused}'"
  echo "held: $(kn get deploy orders -o jsonpath='{.metadata.annotations.schemagate\.dev/held-for}')"
}

# The images of the app's running pods, one per line (pods being deleted left out).
running_images() {
  kn get pods -l app=orders --field-selector=status.phase=Running \
    -o go-template='{{range .items}}{{if not .metadata.deletionTimestamp}}{{(index .spec.containers 0).image}}{{"\n"}}{{end}}{{end}}' |
    sort -u
}

expect_serving() {
  local version=$1 images=""
  kn rollout status deploy/orders --timeout="$TIMEOUT"
  for _ in $(seq 1 60); do
    images=$(running_images)
    [[ "$images" == "${APP_IMAGES[version]}" ]] && break
    sleep 2
  done
  [[ "$images" == "${APP_IMAGES[version]}" ]] || fail "expected only v${version} pods, got: ${images}"
  echo "serving v${version}"
}

log "1. First install: the Deployment before its DatabaseMigration"
apply_deployment 1
expect_paused
apply_migration 1
kn wait --for=condition=Ready dbm/orders --timeout="$TIMEOUT"
expect_serving 1

log "2. Upgrade to v2 (new migrations): held until they ran, then rolled out"
apply_deployment 2
expect_paused
apply_migration 2
kn wait --for=condition=Ready dbm/orders --timeout="$TIMEOUT"
expect_serving 2

log "3. Upgrade to v3 with a broken migration: held, v2 keeps serving"
apply_deployment 3
expect_paused
apply_migration 3
kn wait --for=jsonpath='{.status.phase}'=Failed dbm/orders --timeout="$TIMEOUT"
failure=$(kn get dbm orders -o jsonpath='{.status.failure.migration} {.status.failure.sqlState}')
[[ "$failure" == "V6__add_order_notes.sql 42P01" ]] || fail "expected the failure to name V6 and 42P01, got '${failure}'"
echo "failure: ${failure}: $(kn get dbm orders -o jsonpath='{.status.failure.message}')"
expect_paused
images=$(running_images)
[[ "$images" == "${APP_IMAGES[2]}" ]] || fail "expected v2 to keep serving, got: ${images}"
echo "v2 keeps serving"

log "4. Fix forward with v4: released once its migration succeeded"
apply_deployment 4
expect_paused
apply_migration 4
kn wait --for=condition=Ready dbm/orders --timeout="$TIMEOUT"
expect_serving 4

log "Schema history"
kn exec deploy/postgres -- psql -U shop -d shop -c \
  'SELECT version, script, applied_by, applied_at FROM public.schemagate_migrations ORDER BY applied_at, version'
kn get dbm orders
kn get events --field-selector involvedObject.kind=DatabaseMigration --sort-by=.lastTimestamp

log "Upgrade, failure and fix went as expected on kind"
