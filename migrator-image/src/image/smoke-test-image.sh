#!/usr/bin/env bash
# Proves the daemonless image works: checks the tarball's OCI structure (every blob matches its digest,
# the config's diff_ids match the layers, the Docker manifest agrees), checks the metadata against the
# Dockerfile, unpacks the layers into a root filesystem and runs the image's own entrypoint in it with
# chroot, as the image's user, with only the image's environment, the way a container runtime would:
#   <entrypoint> --help            exit 0 and the usage
#   <entrypoint> check             exit 0: the example migrations apply to a throwaway PostgreSQL that the
#                                  image's jar starts from its bundled binaries (dir from the image's env)
#   <entrypoint> (default command) exit 2: `migrate` without a database is a configuration error
# and that the migrator's classes come from the AppCDS archive. chroot needs root (CI runs as root);
# without it the test says so and skips.
#
# Usage: smoke-test-image.sh --image TARBALL --migrations DIR [--work DIR] [--skip-if true|...]...
# The conditions given to expect() are single-quoted on purpose: expect() evaluates them.
# shellcheck disable=SC2016,SC2034
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=image-spec.sh
source "$here/image-spec.sh"
dockerfile="$here/../../Dockerfile"

image="" migrations="" work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --image) image=$2; shift 2 ;;
    --migrations) migrations=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --oci-only) allow_oci_only=1; shift ;; # e.g. `podman save --format oci-archive` of the Dockerfile's image
    --skip-if) # Maven passes -DskipTests / -DskipITs here (unset ones arrive as the literal ${...})
      if [ "$2" = true ]; then echo "smoke-test: skipped (tests skipped)"; exit 0; fi
      shift 2 ;;
    *) echo "smoke-test: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$image" ] || { echo "smoke-test: no image tarball at '$image'" >&2; exit 2; }
[ -d "$migrations" ] || { echo "smoke-test: no migrations directory at '$migrations'" >&2; exit 2; }
if [ "$(id -u)" != 0 ]; then
  echo "smoke-test: SKIPPED: running the image with chroot needs root (CI runs as root)."
  exit 0
fi

failures=0 passes=0
pass() { echo "smoke-test: ok   - $1"; passes=$((passes + 1)); }
fail() { echo "smoke-test: FAIL - $1" >&2; failures=$((failures + 1)); }
expect() { # description, condition[, name of a run whose output to show on failure]
  if eval "$2"; then
    pass "$1"
  else
    fail "$1"
    if [ -n "${3:-}" ]; then show "$3"; fi
  fi
}
show() { echo "--- $1 stdout:"; tail -20 "$work/$1.out"; echo "--- $1 stderr:"; tail -20 "$work/$1.err"; } >&2
sha256() { sha256sum "$1" | cut -d' ' -f1; }
# No reader in a pipeline here stops before its input ends (head, grep -q): with pipefail, the
# writer's SIGPIPE would fail the pipeline at random.
json_field() { grep -o "\"$2\":\"[^\"]*\"" <<<"$1" | sed -n '1{s/.*:"//; s/"$//; p}'; }
json_array() { grep -o "\"$2\":\[[^]]*\]" <<<"$1" | sed -n "1{s/^\"$2\"://; p}"; }

work=${work:-"$(dirname "$image")/image-smoke-test"}
rootfs="$work/rootfs"
mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" || true; done
  # Never delete through a mount that is still there.
  if ! grep -q " $(readlink -f "$rootfs")" /proc/self/mountinfo 2>/dev/null; then rm -rf "$work"; fi
}
trap cleanup EXIT
rm -rf "$work"
mkdir -p "$work/layout" "$rootfs"
tar -xf "$image" -C "$work/layout"
layout="$work/layout"

# --- structure: index -> manifest -> config and layers, each blob named by its content's digest
for blob in "$layout"/blobs/sha256/*; do
  [ "$(sha256 "$blob")" = "$(basename "$blob")" ] || fail "blob $(basename "$blob") does not match its digest"
done
index=$(cat "$layout/index.json")
manifest_digest=$(json_field "$index" digest)
manifest=$(cat "$layout/blobs/sha256/${manifest_digest#sha256:}")
config_digest=$(json_field "$manifest" digest)
config=$(cat "$layout/blobs/sha256/${config_digest#sha256:}")
mapfile -t layers < <(grep -o '"digest":"sha256:[0-9a-f]*"' <<<"$manifest" | tail -n +2 | sed 's/.*sha256://; s/"$//')
mapfile -t diff_ids < <(json_array "$config" diff_ids | grep -o 'sha256:[0-9a-f]*' | sed 's/sha256://')
expect "the manifest lists as many layers as the config has diff_ids (${#layers[@]})" \
  '[ "${#layers[@]}" -gt 0 ] && [ "${#layers[@]}" = "${#diff_ids[@]}" ]'
layer_content() { # a layer blob, uncompressed (gzip-compressed or plain tar)
  if [ "$(head -c2 "$1" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then gzip -dc "$1"; else cat "$1"; fi
}
for i in "${!layers[@]}"; do
  [ "$(layer_content "$layout/blobs/sha256/${layers[i]}" | sha256sum | cut -d' ' -f1)" = "${diff_ids[i]}" ] ||
    fail "layer ${layers[i]} does not match diff_id ${diff_ids[i]}"
done
if [ -f "$layout/manifest.json" ] || [ -z "${allow_oci_only:-}" ]; then
  docker_manifest=$(cat "$layout/manifest.json")
  expect "manifest.json (docker load) names the same config and layers" \
    '[ "$(json_field "$docker_manifest" Config)" = "blobs/sha256/${config_digest#sha256:}" ] &&
     [ "$(json_array "$docker_manifest" Layers | grep -o "[0-9a-f]\{64\}" | paste -sd,)" = "$(IFS=,; echo "${layers[*]}")" ]'
fi

# --- metadata: what the Dockerfile says
user=$(json_field "$config" User)
entrypoint=$(json_array "$config" Entrypoint)
cmd=$(json_array "$config" Cmd)
env_json=$(json_array "$config" Env)
expect "user is $(spec_value "$dockerfile" USER) (non-root), as in the Dockerfile" \
  '[ "$user" = "$(spec_value "$dockerfile" USER)" ] && [ "${user%%:*}" != 0 ]'
expect "entrypoint is the Dockerfile's" \
  '[ "$(spec_array_elements "$entrypoint")" = "$(spec_array_elements "$(spec_value "$dockerfile" ENTRYPOINT)")" ]'
expect "default command is migrate, as in the Dockerfile" \
  '[ "$(spec_array_elements "$cmd")" = migrate ] &&
   [ "$(spec_array_elements "$cmd")" = "$(spec_array_elements "$(spec_value "$dockerfile" CMD)")" ]'
expect "environment is the Dockerfile's and sets SCHEMAGATE_MIGRATIONS_DIR=/migrations" \
  '[ "$(spec_array_elements "$env_json" | sort)" = "$(spec_env "$dockerfile" | sort)" ] &&
   grep -qx "SCHEMAGATE_MIGRATIONS_DIR=/migrations" <<<"$(spec_array_elements "$env_json")"'

# --- unpack the layers in order, as a runtime does (no whiteouts in these layers)
for layer in "${layers[@]}"; do
  # GNU tar detects gzip itself, and reads its file to the end
  tar -xf "$layout/blobs/sha256/$layer" -C "$rootfs" --same-owner --same-permissions --numeric-owner
done
expect "the top level holds only bin etc lib lib64 migrations opt tmp" \
  '[ "$(ls -A "$rootfs" | paste -sd" ")" = "bin etc lib lib64 migrations opt tmp" ]'
expect "/migrations exists and is empty" '[ -d "$rootfs/migrations" ] && [ -z "$(ls -A "$rootfs/migrations")" ]'
expect "/tmp is world-writable with the sticky bit" '[ "$(stat -c %a "$rootfs/tmp")" = 1777 ]'
expect "no file belongs to anyone but root" '[ -z "$(find "$rootfs" ! -uid 0 -print -quit)" ]'
expect "the jar is at /opt/schemagate/schemagate-migrator.jar" '[ -f "$rootfs/opt/schemagate/schemagate-migrator.jar" ]'

# What a user's `COPY migrations/ /migrations/` adds, and what every runtime provides.
cp -r "$migrations"/. "$rootfs/migrations/"
chmod -R a+rX "$rootfs/migrations"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n127.0.1.1\t%s\n' "$(uname -n)" >"$rootfs/etc/hosts"
: >"$rootfs/etc/resolv.conf"
mkdir -p "$rootfs/proc" "$rootfs/dev/shm"
mount -t proc proc "$rootfs/proc" && mounts+=("$rootfs/proc")
for node in null zero random urandom; do
  : >"$rootfs/dev/$node"
  mount --bind "/dev/$node" "$rootfs/dev/$node" && mounts+=("$rootfs/dev/$node")
done
mount -t tmpfs -o mode=1777 shm "$rootfs/dev/shm" && mounts+=("$rootfs/dev/shm")

chroot=$(command -v chroot)
mapfile -t entry < <(spec_array_elements "$entrypoint")
mapfile -t image_env < <(spec_array_elements "$env_json")
run() { # runs the image's entrypoint with the given arguments; stdout and stderr to files
  local name=$1
  shift
  set +e
  env -i "${image_env[@]}" "$chroot" --userspec="$user" "$rootfs" "$@" \
    >"$work/$name.out" 2>"$work/$name.err"
  echo $? >"$work/$name.status"
  set -e
}
status() { cat "$work/$1.status"; }

run help "${entry[@]}" --help
expect "--help exits 0 and shows the commands" \
  '[ "$(status help)" = 0 ] && grep -q migrate "$work/help.out" && grep -q check "$work/help.out"' help

run check "${entry[@]}" check
expect "check applies the migrations in /migrations to an embedded PostgreSQL and exits 0" \
  '[ "$(status check)" = 0 ]' check
expected=$(find "$migrations" -maxdepth 1 -type f \( -name 'V*__*.sql' -o -name '*.up.sql' \) | wc -l)
expect "check's JSON result (last line on stdout) says success and $expected applied" \
  'result=$(tail -1 "$work/check.out") && grep -q "^{.*\"status\":\"success\"" <<<"$result" &&
   grep -q "\"appliedCount\":$expected[,}]" <<<"$result"' check

mapfile -t default_cmd < <(spec_array_elements "$cmd")
run default "${entry[@]}" "${default_cmd[@]}"
expect "the default command (migrate) without a database exits 2 (configuration error)" \
  '[ "$(status default)" = 2 ]' default

# The same --help, with class-loading logged: the migrator's classes must come from the archive.
cds_entry=()
for arg in "${entry[@]}"; do
  [ "$arg" = -jar ] && cds_entry+=(-Xlog:class+load=info:file=/tmp/class-load.log)
  cds_entry+=("$arg")
done
run cds "${cds_entry[@]}" --help
expect "the migrator's classes load from the AppCDS archive" \
  'grep -qs "dev.schemagate.migrator.cli.MigratorCli source: shared objects file (top)" "$rootfs/tmp/class-load.log"' cds

echo "smoke-test: $passes passed, $failures failed"
if [ "$failures" != 0 ]; then
  echo "smoke-test: $failures check(s) failed; output kept in $work" >&2
  trap - EXIT
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" || true; done
  exit 1
fi
echo "smoke-test: the image runs: --help, check and the default command behave as specified"
