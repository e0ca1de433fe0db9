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
# without it the test says so and skips. The shared steps are in .ci/image/smoke-lib.sh.
#
# Usage: smoke-test-image.sh --image TARBALL --migrations DIR [--work DIR] [--skip-if true|...]...
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
smoke_require_root
work=${work:-"$(dirname "$image")/image-smoke-test"}

smoke_open_image
smoke_check_metadata
expect "default command is migrate" '[ "$(spec_array_elements "$cmd")" = migrate ]'
expect "environment sets SCHEMAGATE_MIGRATIONS_DIR=/migrations" \
  'grep -qx "SCHEMAGATE_MIGRATIONS_DIR=/migrations" <<<"$(spec_array_elements "$env_json")"'

smoke_unpack
expect "the top level holds only bin etc lib lib64 migrations opt tmp" \
  '[ "$(ls -A "$rootfs" | paste -sd" ")" = "bin etc lib lib64 migrations opt tmp" ]'
expect "/migrations exists and is empty" '[ -d "$rootfs/migrations" ] && [ -z "$(ls -A "$rootfs/migrations")" ]'
expect "the jar is at /opt/schemagate/schemagate-migrator.jar" '[ -f "$rootfs/opt/schemagate/schemagate-migrator.jar" ]'

# What a user's `COPY migrations/ /migrations/` adds.
cp -r "$migrations"/. "$rootfs/migrations/"
chmod -R a+rX "$rootfs/migrations"
smoke_mount_runtime

smoke_run help "${entry[@]}" --help
expect "--help exits 0 and shows the commands" \
  '[ "$(status help)" = 0 ] && grep -q migrate "$work/help.out" && grep -q check "$work/help.out"' help

smoke_run check "${entry[@]}" check
expect "check applies the migrations in /migrations to an embedded PostgreSQL and exits 0" \
  '[ "$(status check)" = 0 ]' check
expected=$(find "$migrations" -maxdepth 1 -type f \( -name 'V*__*.sql' -o -name '*.up.sql' \) | wc -l)
expect "check's JSON result (last line on stdout) says success and $expected applied" \
  'result=$(tail -1 "$work/check.out") && grep -q "^{.*\"status\":\"success\"" <<<"$result" &&
   grep -q "\"appliedCount\":$expected[,}]" <<<"$result"' check

mapfile -t default_cmd < <(spec_array_elements "$cmd")
smoke_run default "${entry[@]}" "${default_cmd[@]}"
expect "the default command (migrate) without a database exits 2 (configuration error)" \
  '[ "$(status default)" = 2 ]' default

# The same --help, with class-loading logged: the migrator's classes must come from the archive.
mapfile -t cds_entry < <(smoke_entry_logging_class_load /tmp/class-load.log)
smoke_run cds "${cds_entry[@]}" --help
expect "the migrator's classes load from the AppCDS archive" \
  'grep -qs "dev.schemagate.migrator.cli.MigratorCli source: shared objects file (top)" "$rootfs/tmp/class-load.log"' cds

smoke_summary "the image runs: --help, check and the default command behave as specified"
