#!/usr/bin/env bash
# Assembles the operator image's filesystem as one directory tree per layer:
#   <out>/base  /etc/passwd+group (user nonroot, uid 65532), /etc/nsswitch.conf, the C runtime libraries
#               the JVM needs and a world-writable /tmp; no shell, no package manager
#   <out>/java  /opt/java/openjdk: a runtime jlink'ed from the build JDK with only the modules needed
#   <out>/app   /opt/schemagate: the operator's shaded jar and its class-data-sharing archive (an AOT cache)
# Used by the Dockerfile's build stage and by .ci/image/build-image.sh (the daemonless build), so both
# images have the same content. The building blocks are shared with the migrator image
# (.ci/image/rootfs-lib.sh); the libraries come from the machine that runs this script, so they match
# the runtime jlink'ed here.
#
# Usage: assemble-rootfs.sh --jar JAR --out DIR [--jdk JDK_HOME] [--train-classpath CP --crd CRD]
#   --train-classpath  the operator module's test classpath (Fabric8's mock API server): the archive's
#                      training run starts the operator against src/image/MockApiServer.java until it
#                      is ready and has created a migration Job; without it, the training run is --help.
#   --crd              the DatabaseMigration CRD the mock API server installs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tools="$here/../../../.ci/image"
# shellcheck source=../../../.ci/image/image-spec.sh
source "$tools/image-spec.sh"
# shellcheck source=../../../.ci/image/rootfs-lib.sh
source "$tools/rootfs-lib.sh"

jar="" out="" jdk="${JAVA_HOME:-}" train_classpath="" crd=""
dockerfile="$here/../../Dockerfile"
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --jdk) jdk=$2; shift 2 ;;
    --train-classpath) train_classpath=$2; shift 2 ;;
    --crd) crd=$2; shift 2 ;;
    --dockerfile) dockerfile=$2; shift 2 ;;
    *) echo "assemble-rootfs: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "assemble-rootfs: --jar must name the shaded operator jar" >&2; exit 2; }
[ -n "$out" ] || { echo "assemble-rootfs: --out is required" >&2; exit 2; }
[ -x "$jdk/bin/jlink" ] || { echo "assemble-rootfs: no jlink in '$jdk' (set --jdk or JAVA_HOME)" >&2; exit 2; }
[ -z "$train_classpath" ] || [ -f "$crd" ] || { echo "assemble-rootfs: --train-classpath needs --crd" >&2; exit 2; }
rootfs_check_platform

# Every file gets this modification time (reproducible layers). The jar must have it before the
# training run below, because the JVM only maps the archive if the jar's mtime is unchanged.
epoch=${SOURCE_DATE_EPOCH:-315532800}
java_home=/opt/java/openjdk
app_dir=/opt/schemagate

rm -rf "$out"
mkdir -p "$out/base" "$out/java" "$out/app"
out=$(cd "$out" && pwd)

# --- java: only the modules the operator needs (jdeps on the shaded jar, then pruned by what runs):
#   java.net.http      Fabric8's JDK HTTP client (the API server)
#   jdk.httpserver     /healthz, /readyz, /metrics and the webhook's HTTPS server
#   java.management, jdk.management   Micrometer's JVM and process metrics (com.sun.management)
#   java.naming, java.xml, java.logging   logback (JNDI lookups, logback.xml), java.util.logging bridges
#   java.sql           Jackson's and Micrometer's optional java.sql.* type handling
#   jdk.unsupported    sun.misc.Unsafe for the Prometheus client's shaded protobuf
#   jdk.crypto.ec      the ECDSA P-256 webhook certificates on JDK 21 (part of java.base from 22 on)
# Left out on purpose: java.desktop (only java.beans in optional paths of Jackson, SnakeYAML and
# commons-lang3) and java.compiler (JOSDK's annotation processor, a build-time tool). The smoke test
# proves the operator starts, reconciles and serves the webhook with exactly these.
modules=java.base,java.net.http,jdk.httpserver,java.management,jdk.management,java.naming,java.xml,java.logging,java.sql,jdk.unsupported
if rootfs_has_module "$jdk" jdk.crypto.ec; then modules=$modules,jdk.crypto.ec; fi
rootfs_jlink "$jdk" "$out/java$java_home" "$modules"

# --- app: the shaded jar as built.
mkdir -p "$out/app$app_dir"
cp "$jar" "$out/app$app_dir/schemagate-operator.jar"

# --- base: users, /tmp, and the shared libraries of the JVM.
rootfs_base "$out/base"
mapfile -t elves < <(rootfs_runtime_elves "$out/java")
rootfs_copy_needed_libs "$out/base" "${elves[@]}"

rootfs_finish "$out" "$epoch"

# --- Class-data sharing: a training run records what the operator loads into an archive that later
# starts map instead of loading, parsing, verifying and linking again. On JDK 25 and newer (the
# Dockerfile's) that archive is an AOT cache (JEP 483/514/515: classes loaded and linked, plus method
# profiles); before, a dynamic AppCDS archive. The JVM reads either through the entrypoint's
# -XX:SharedArchiveFile. The run uses the entrypoint's own JVM flags (from the Dockerfile) and the
# image's runtime and jar at their paths in this tree (the JVM accepts the archive where the jar keeps
# its name and mtime). It is what a pod does after every start: connect, start the informers, create
# the webhook's certificates and inject the CA, reconcile a DatabaseMigration (a Job is created); then
# SIGTERM, which writes the archive. Without leader election, which would only add the wait for a Lease.
# -XX:MaxRAM=512m gives the JVM the ergonomics of the chart's default memory limit, whatever the build
# machine has.
mapfile -t flags < <(spec_jvm_flags "$dockerfile")
train_tmp=$(mktemp -d)
log="$(dirname "$out")/cds-training.log"
java_rt="$out/java$java_home/bin/java"
app_jar="$out/app$app_dir/schemagate-operator.jar"
jvm_flags_available=$("$java_rt" -XX:+PrintFlagsFinal -version 2>/dev/null)
if grep -q ' AOTCacheOutput ' <<<"$jvm_flags_available"; then
  archive_kind="AOT cache"
  archive_at_exit=(-XX:MaxRAM=512m "-XX:AOTCacheOutput=$train_tmp/app.jsa")
else
  archive_kind="AppCDS archive"
  archive_at_exit=(-XX:MaxRAM=512m "-XX:ArchiveClassesAtExit=$train_tmp/app.jsa")
fi
mock_pid=""
stop_mock() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$train_tmp"
}
trap stop_mock EXIT

if [ -z "$train_classpath" ]; then
  set +e
  env -i PATH=/usr/bin:/bin HOME="$train_tmp" "$java_rt" "${flags[@]}" "${archive_at_exit[@]}" \
    -jar "$app_jar" --help >"$log" 2>&1
  status=$?
  set -e
else
  # The mock API server runs on the build JDK (the source launcher needs its compiler).
  "$jdk/bin/java" -cp "$train_classpath" "$here/MockApiServer.java" "$crd" "$train_tmp/ca.crt" "$train_tmp/port" \
    >"$train_tmp/mock.log" 2>&1 &
  mock_pid=$!
  for _ in $(seq 600); do
    [ -s "$train_tmp/port" ] || ! kill -0 "$mock_pid" 2>/dev/null && break
    sleep 0.2
  done
  [ -s "$train_tmp/port" ] || { echo "assemble-rootfs: the mock API server did not start" >&2; cat "$train_tmp/mock.log" >&2; exit 1; }
  cat >"$train_tmp/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: mock
    cluster: { server: "https://localhost:$(cat "$train_tmp/port")", certificate-authority: "$train_tmp/ca.crt" }
users:
  - name: operator
    user: { token: not-a-real-token }
contexts:
  - name: mock
    context: { cluster: mock, user: operator, namespace: schemagate-system }
current-context: mock
KUBECONFIG
  env -i PATH=/usr/bin:/bin HOME="$train_tmp" HOSTNAME=schemagate-training KUBECONFIG="$train_tmp/kubeconfig" \
    SCHEMAGATE_NAMESPACE=schemagate-system SCHEMAGATE_HTTP_PORT=0 SCHEMAGATE_LEADER_ELECTION=false \
    SCHEMAGATE_WEBHOOK_ENABLED=true SCHEMAGATE_WEBHOOK_PORT=0 \
    "$java_rt" "${flags[@]}" "${archive_at_exit[@]}" -jar "$app_jar" >"$log" 2>&1 &
  operator_pid=$!
  for _ in $(seq 1200); do # at most 2 minutes on a loaded machine
    grep -qs "Created migration Job" "$log" || ! kill -0 "$operator_pid" 2>/dev/null && break
    sleep 0.1
  done
  grep -qs "Created migration Job" "$log" ||
    echo "assemble-rootfs: WARNING: the operator did not reconcile in the training run; the archive covers less. See $log" >&2
  kill -TERM "$operator_pid" 2>/dev/null || true
  set +e
  for _ in $(seq 300); do kill -0 "$operator_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$operator_pid" 2>/dev/null # still there after 30 s: the archive is lost, said below
  wait "$operator_pid"
  status=$?
  set -e
  [ "$status" != 143 ] || status=0 # stopped by SIGTERM, as intended
fi
if [ ! -s "$train_tmp/app.jsa" ]; then
  echo "assemble-rootfs: the training run wrote no $archive_kind (exit $status); see $log" >&2
  tail -20 "$log" >&2
  exit 1
fi
if [ "$status" != 0 ]; then
  echo "assemble-rootfs: WARNING: the training run exited $status; the archive covers less. See $log" >&2
fi
cp "$train_tmp/app.jsa" "$out/app$app_dir/schemagate-operator.jsa"
touch -d "@$epoch" "$out/app$app_dir/schemagate-operator.jsa"
echo "assemble-rootfs: $archive_kind of $(du -h "$out/app$app_dir/schemagate-operator.jsa" | cut -f1)"
echo "assemble-rootfs: $(du -sh "$out/base" | cut -f1) base, $(du -sh "$out/java" | cut -f1) java, $(du -sh "$out/app" | cut -f1) app in $out"
