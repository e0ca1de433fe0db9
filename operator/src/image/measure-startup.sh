#!/usr/bin/env bash
# Measures how long the operator takes from exec to ready (/readyz answers 200), with the image's
# runtime and jar as assembled by the daemonless build (target/image-build/rootfs), for a few JVM
# set-ups, so the README's numbers can be reproduced. Not part of the build.
#
# Every run starts the operator as the Helm chart does (webhook on, leader election on, JSON logs)
# against the same Fabric8 mock API server (src/image/MockApiServer.java: HTTPS, CRUD, one
# DatabaseMigration, the webhook configuration and its certificate Secret already there after the
# warm-up round, as after any pod restart) and kills it once ready. The variants run round-robin, so a
# machine whose load changes during the measurement hurts all alike.
#
# Usage: measure-startup.sh --train-classpath CP [--rootfs DIR] [--runs N] [--jdk JDK_HOME] [--aot]
#   CP: the operator module's test classpath, e.g.
#     ./mvnw -q -pl operator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp
#   --aot: also the image's archive named with -XX:AOTCache (JDK 25) instead of -XX:SharedArchiveFile.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../../.ci/image/image-spec.sh
source "$here/../../../.ci/image/image-spec.sh"
rootfs="$here/../../target/image-build/rootfs" runs=10 jdk="${JAVA_HOME:-}" classpath="" aot=""
crd="$here/../../../crds/databasemigrations.schemagate.dev-v1.yml"
while [ $# -gt 0 ]; do
  case "$1" in
    --rootfs) rootfs=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --jdk) jdk=$2; shift 2 ;;
    --train-classpath) classpath=$2; shift 2 ;;
    --aot) aot=1; shift ;;
    *) echo "measure-startup: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -n "$classpath" ] || { echo "measure-startup: --train-classpath is required" >&2; exit 2; }
command -v curl >/dev/null || { echo "measure-startup: needs curl" >&2; exit 2; }

java_rt="$rootfs/java/opt/java/openjdk/bin/java"
jar="$rootfs/app/opt/schemagate/schemagate-operator.jar"
jsa="$rootfs/app/opt/schemagate/schemagate-operator.jsa"
[ -f "$jsa" ] || { echo "measure-startup: no archive at $jsa: build the image first" >&2; exit 2; }
mapfile -t flags < <(spec_jvm_flags "$here/../../Dockerfile")
# The chart's default memory limit, whatever this machine has (heap ergonomics and GC choice).
flags=(-XX:MaxRAM=512m "${flags[@]}")

tmp=$(mktemp -d)
mock_pid="" operator_pid=""
cleanup() {
  [ -z "$operator_pid" ] || kill -KILL "$operator_pid" 2>/dev/null || true
  [ -z "$mock_pid" ] || kill "$mock_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
"$jdk/bin/java" -cp "$classpath" "$here/MockApiServer.java" "$crd" "$tmp/ca.crt" "$tmp/port" >"$tmp/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 600); do [ -s "$tmp/port" ] && break; sleep 0.2; done
[ -s "$tmp/port" ] || { echo "measure-startup: the mock API server did not start" >&2; exit 1; }
cat >"$tmp/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: mock
    cluster: { server: "https://localhost:$(cat "$tmp/port")", certificate-authority: "$tmp/ca.crt" }
users:
  - name: operator
    user: { token: not-a-real-token }
contexts:
  - name: mock
    context: { cluster: mock, user: operator, namespace: schemagate-system }
current-context: mock
KUBECONFIG
free_port() {
  local port
  for port in $(seq 18080 18180); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "measure-startup: no free port in 18080-18180" >&2
  exit 1
}
http_port=$(free_port)

# Starts the operator with the given java command line (up to -jar), prints ms until /readyz is 200.
start_until_ready() {
  local start elapsed
  start=$(date +%s%N)
  env -i PATH=/usr/bin:/bin HOME="$tmp" HOSTNAME="schemagate-measure-$RANDOM" KUBECONFIG="$tmp/kubeconfig" \
    SCHEMAGATE_NAMESPACE=schemagate-system SCHEMAGATE_HTTP_PORT="$http_port" SCHEMAGATE_LEADER_ELECTION=true \
    SCHEMAGATE_WEBHOOK_ENABLED=true SCHEMAGATE_WEBHOOK_PORT=0 "$@" -jar "$jar" >"$tmp/operator.log" 2>&1 &
  operator_pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$http_port/readyz"; do
    if ! kill -0 "$operator_pid" 2>/dev/null; then
      echo "measure-startup: the operator exited before it was ready:" >&2
      tail -5 "$tmp/operator.log" >&2
      exit 1
    fi
    sleep 0.01
  done
  elapsed=$((($(date +%s%N) - start) / 1000000))
  kill -KILL "$operator_pid"
  wait "$operator_pid" 2>/dev/null || true
  operator_pid=""
  echo "$elapsed"
}

# Records an archive the way assemble-rootfs.sh does (same workload), with the given recording flag.
train() {
  env -i PATH=/usr/bin:/bin HOME="$tmp" HOSTNAME=schemagate-training KUBECONFIG="$tmp/kubeconfig" \
    SCHEMAGATE_NAMESPACE=schemagate-system SCHEMAGATE_HTTP_PORT=0 SCHEMAGATE_LEADER_ELECTION=false \
    SCHEMAGATE_WEBHOOK_ENABLED=true SCHEMAGATE_WEBHOOK_PORT=0 "$java_rt" "${flags[@]}" "$1" -jar "$jar" \
    >"$tmp/training.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1200); do
    grep -qs "Created migration Job" "$tmp/training.log" || ! kill -0 "$pid" 2>/dev/null && break
    sleep 0.1
  done
  kill -TERM "$pid"
  wait "$pid" || true
}

labels=() commands=()
add() { labels+=("$1"); shift; commands+=("$(printf '%q ' "$@")"); }
if [ -x "$jdk/bin/java" ]; then
  add "full JDK ($("$jdk/bin/java" -version 2>&1 | sed -n '1s/[^"]*"\([^"]*\)".*/\1/p')), no flags" "$jdk/bin/java" -XX:MaxRAM=512m
fi
add "jlink'ed runtime, entrypoint flags, CDS off (-Xshare:off)" "$java_rt" "${flags[@]}" -Xshare:off
add "jlink'ed runtime, entrypoint flags, the JDK's own CDS archive only" "$java_rt" "${flags[@]}"
train "-XX:ArchiveClassesAtExit=$tmp/dynamic.jsa"
[ -s "$tmp/dynamic.jsa" ] || { echo "measure-startup: no AppCDS archive recorded" >&2; tail "$tmp/training.log" >&2; exit 1; }
add "jlink'ed runtime, entrypoint flags + dynamic AppCDS archive" "$java_rt" "${flags[@]}" "-XX:SharedArchiveFile=$tmp/dynamic.jsa"
kind="the image's archive"
jvm_flags_available=$("$java_rt" -XX:+PrintFlagsFinal -version 2>/dev/null)
if grep -q ' AOTCacheOutput ' <<<"$jvm_flags_available"; then kind="the image's AOT cache"; fi
add "jlink'ed runtime, entrypoint flags + $kind (the image)" "$java_rt" "${flags[@]}" "-XX:SharedArchiveFile=$jsa"
if [ -n "$aot" ]; then
  add "jlink'ed runtime, entrypoint flags + -XX:AOTCache= the image's archive" "$java_rt" "${flags[@]}" "-XX:AOTCache=$jsa"
fi

declare -A times
ms=""
for ((round = 0; round <= runs; round++)); do # round 0 warms the page cache and the mock; not counted
  for i in "${!commands[@]}"; do
    eval "ms=\$(start_until_ready ${commands[i]})"
    [ "$round" = 0 ] || times[$i]+="$ms "
  done
done
echo "operator exec -> /readyz 200: wall time in ms, median (min-max) of $runs runs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in "${!commands[@]}"; do
  # shellcheck disable=SC2086
  printf '%s\n' ${times[$i]} | sort -n | awk -v label="${labels[i]}" '{ a[NR] = $1 } END {
    m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    printf "  %-72s %6d (%d-%d)\n", label, m, a[1], a[NR] }'
done
