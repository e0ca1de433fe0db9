#!/usr/bin/env bash
# Measures how long the migrator takes to start and finish, with the image's runtime and jar as
# assembled by build-image.sh (target/image-build/rootfs), for a few JVM set-ups, so the README's
# numbers can be reproduced. Not part of the build.
#
# Usage: measure-startup.sh [--rootfs DIR] [--runs N] [--jdk JDK_HOME] [-- MIGRATOR ARGS...]
#   default migrator args: --help. For a no-op migrate: -- migrate --url jdbc:postgresql://... --dir DIR
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../../.ci/image/image-spec.sh
source "$here/../../../.ci/image/image-spec.sh"
rootfs="$here/../../target/image-build/rootfs" runs=10 jdk="${JAVA_HOME:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --rootfs) rootfs=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --jdk) jdk=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "measure-startup: unknown argument $1" >&2; exit 2 ;;
  esac
done
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--help)

java_rt="$rootfs/java/opt/java/openjdk/bin/java"
jar="$rootfs/app/opt/schemagate/schemagate-migrator.jar"
jsa="$rootfs/app/opt/schemagate/schemagate-migrator.jsa"
mapfile -t entrypoint < <(spec_array_elements "$(spec_value "$here/../../Dockerfile" ENTRYPOINT)")
flags=() no_cds_flags=()
for arg in "${entrypoint[@]:1}"; do
  case "$arg" in
    -jar) break ;;
    -XX:SharedArchiveFile=*) flags+=("-XX:SharedArchiveFile=$jsa") ;;
    *) flags+=("$arg"); no_cds_flags+=("$arg") ;;
  esac
done

# Variants run round-robin, so a machine whose load changes during the measurement hurts all alike.
labels=() commands=()
add() { labels+=("$1"); shift; commands+=("$(printf '%q ' "$@")"); }
if [ -x "$jdk/bin/java" ]; then
  add "full JDK ($("$jdk/bin/java" -version 2>&1 | sed -n '1s/[^"]*"\([^"]*\)".*/\1/p')), no flags" "$jdk/bin/java" -jar "$jar" "${args[@]}"
fi
add "jlink'ed runtime, no flags" "$java_rt" -jar "$jar" "${args[@]}"
add "jlink'ed runtime, entrypoint flags without AppCDS" "$java_rt" "${no_cds_flags[@]}" -jar "$jar" "${args[@]}"
add "jlink'ed runtime, entrypoint flags with AppCDS (the image)" "$java_rt" "${flags[@]}" -jar "$jar" "${args[@]}"

declare -A times
for ((round = 0; round <= runs; round++)); do # round 0 warms the page cache and is not counted
  for i in "${!commands[@]}"; do
    start=$(date +%s%N)
    eval "${commands[i]}" >/dev/null 2>&1 || true
    [ "$round" = 0 ] || times[$i]+="$((($(date +%s%N) - start) / 1000000)) "
  done
done
echo "migrator ${args[*]}: wall time in ms, median (min-max) of $runs runs"
for i in "${!commands[@]}"; do
  # shellcheck disable=SC2086
  printf '%s\n' ${times[$i]} | sort -n | awk -v label="${labels[i]}" '{ a[NR] = $1 } END {
    m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    printf "  %-58s %6d (%d-%d)\n", label, m, a[1], a[NR] }'
done
