# shellcheck shell=bash
# The shared part of the image smoke tests (each module's smoke-test-image.sh): checks an image
# tarball's OCI structure and its metadata against the Dockerfile, unpacks its layers into a root
# filesystem and runs commands in it with chroot, as the image's user, with only the image's
# environment, the way a container runtime would. Sourced after image-spec.sh; the caller sets
#   dockerfile  the image's Dockerfile
#   image       the tarball
#   work        a scratch directory (deleted at the end unless a check failed)
# and calls, in order: smoke_require_root, smoke_open_image, smoke_check_metadata, smoke_unpack,
# smoke_mount_runtime, then smoke_run / expect as it likes, and smoke_summary last.
# The conditions given to expect() are single-quoted by callers on purpose: expect() evaluates them.
# shellcheck disable=SC2016,SC2034,SC2154

smoke_failures=0 smoke_passes=0 smoke_mounts=() extra_env=()
pass() { echo "smoke-test: ok   - $1"; smoke_passes=$((smoke_passes + 1)); }
fail() { echo "smoke-test: FAIL - $1" >&2; smoke_failures=$((smoke_failures + 1)); }
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

# chroot needs root (CI runs as root); without it the test says so and ends successfully.
smoke_require_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "smoke-test: SKIPPED: running the image with chroot needs root (CI runs as root)."
    exit 0
  fi
}

smoke_unmount_all() {
  local i
  for ((i = ${#smoke_mounts[@]} - 1; i >= 0; i--)); do
    umount "${smoke_mounts[i]}" 2>/dev/null || umount -l "${smoke_mounts[i]}" || true
  done
  smoke_mounts=()
}

smoke_cleanup() {
  smoke_unmount_all
  # Never delete through a mount that is still there.
  if ! grep -q " $(readlink -f "$rootfs")" /proc/self/mountinfo 2>/dev/null; then rm -rf "$work"; fi
}

# Unpacks the tarball and checks its structure: index -> manifest -> config and layers, each blob
# named by its content's digest. Sets layout, config, layers, user, entrypoint, cmd, env_json, ports_json.
# With allow_oci_only=1, a tarball without a Docker manifest.json (podman save --format oci-archive) passes.
smoke_open_image() {
  rootfs="$work/rootfs"
  trap smoke_cleanup EXIT
  rm -rf "$work"
  mkdir -p "$work/layout" "$rootfs"
  tar -xf "$image" -C "$work/layout"
  layout="$work/layout"
  local blob index manifest_digest manifest config_digest i docker_manifest
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
  for i in "${!layers[@]}"; do
    [ "$(smoke_layer_content "$layout/blobs/sha256/${layers[i]}" | sha256sum | cut -d' ' -f1)" = "${diff_ids[i]}" ] ||
      fail "layer ${layers[i]} does not match diff_id ${diff_ids[i]}"
  done
  if [ -f "$layout/manifest.json" ] || [ -z "${allow_oci_only:-}" ]; then
    docker_manifest=$(cat "$layout/manifest.json")
    expect "manifest.json (docker load) names the same config and layers" \
      '[ "$(json_field "$docker_manifest" Config)" = "blobs/sha256/${config_digest#sha256:}" ] &&
       [ "$(json_array "$docker_manifest" Layers | grep -o "[0-9a-f]\{64\}" | paste -sd,)" = "$(IFS=,; echo "${layers[*]}")" ]'
  fi
  user=$(json_field "$config" User)
  entrypoint=$(json_array "$config" Entrypoint)
  cmd=$(json_array "$config" Cmd || true) # none: no CMD
  env_json=$(json_array "$config" Env)
  ports_json=$(grep -o '"ExposedPorts":{[^]]*}}' <<<"$config" || true) # none: no EXPOSE
}

smoke_layer_content() { # a layer blob, uncompressed (gzip-compressed or plain tar)
  if [ "$(head -c2 "$1" | od -An -tx1 | tr -d ' ')" = 1f8b ]; then gzip -dc "$1"; else cat "$1"; fi
}

# The metadata every image must take from its Dockerfile: user (non-root), entrypoint, command,
# environment and exposed ports.
smoke_check_metadata() {
  expect "user is $(spec_value "$dockerfile" USER) (non-root), as in the Dockerfile" \
    '[ "$user" = "$(spec_value "$dockerfile" USER)" ] && [ "${user%%:*}" != 0 ]'
  expect "entrypoint is the Dockerfile's" \
    '[ "$(spec_array_elements "$entrypoint")" = "$(spec_array_elements "$(spec_value "$dockerfile" ENTRYPOINT)")" ]'
  expect "default command is the Dockerfile's ($(spec_value "$dockerfile" CMD | sed 's/^$/none/'))" \
    '[ "$(spec_array_elements "$cmd")" = "$(spec_array_elements "$(spec_value "$dockerfile" CMD)")" ]'
  expect "environment is the Dockerfile's" \
    '[ "$(spec_array_elements "$env_json" | sort)" = "$(spec_env "$dockerfile" | sort)" ]'
  expect "exposed ports are the Dockerfile's ($(spec_ports "$dockerfile" | paste -sd' ' | sed 's/^$/none/'))" \
    '[ "$(grep -o "\"[0-9]*/[a-z]*\"" <<<"$ports_json" | tr -d \" | sort)" = "$(spec_ports "$dockerfile" | sort)" ]'
}

# Unpacks the layers in order, as a runtime does (no whiteouts in these layers), and checks what every
# image of ours promises: /tmp 1777, every file root's.
smoke_unpack() {
  local layer
  for layer in "${layers[@]}"; do
    # GNU tar detects gzip itself, and reads its file to the end
    tar -xf "$layout/blobs/sha256/$layer" -C "$rootfs" --same-owner --same-permissions --numeric-owner
  done
  expect "/tmp is world-writable with the sticky bit" '[ "$(stat -c %a "$rootfs/tmp")" = 1777 ]'
  expect "no file belongs to anyone but root" '[ -z "$(find "$rootfs" ! -uid 0 -print -quit)" ]'
}

# What every container runtime provides: /etc/hosts, /etc/resolv.conf, /proc, the basic devices and
# /dev/shm. With read_only_root=1 (set by the caller), the root filesystem is mounted read-only with a
# tmpfs on /tmp, as a pod with readOnlyRootFilesystem and an emptyDir at /tmp has it: write every file
# the run needs into $rootfs before this.
smoke_mount_runtime() {
  local node
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n127.0.1.1\t%s\n' "$(uname -n)" >"$rootfs/etc/hosts"
  : >"$rootfs/etc/resolv.conf"
  mkdir -p "$rootfs/proc" "$rootfs/dev/shm"
  for node in null zero random urandom; do : >"$rootfs/dev/$node"; done
  if [ "${read_only_root:-}" = 1 ]; then
    mount --bind "$rootfs" "$rootfs" && smoke_mounts+=("$rootfs")
    mount -o remount,bind,ro "$rootfs"
    mount -t tmpfs -o mode=1777,size=64m tmp "$rootfs/tmp" && smoke_mounts+=("$rootfs/tmp")
  fi
  mount -t proc proc "$rootfs/proc" && smoke_mounts+=("$rootfs/proc")
  for node in null zero random urandom; do
    mount --bind "/dev/$node" "$rootfs/dev/$node" && smoke_mounts+=("$rootfs/dev/$node")
  done
  mount -t tmpfs -o mode=1777 shm "$rootfs/dev/shm" && smoke_mounts+=("$rootfs/dev/shm")
  chroot_bin=$(command -v chroot)
  mapfile -t entry < <(spec_array_elements "$entrypoint")
  mapfile -t image_env < <(spec_array_elements "$env_json")
}

# Runs a command in the image as its user with the image's environment (plus extra_env, an array the
# caller may set); stdout, stderr and the exit status go to $work/NAME.{out,err,status}.
smoke_run() {
  local name=$1
  shift
  set +e
  env -i "${image_env[@]}" "${extra_env[@]}" "$chroot_bin" --userspec="$user" "$rootfs" "$@" \
    >"$work/$name.out" 2>"$work/$name.err"
  echo $? >"$work/$name.status"
  set -e
}
# The same in the background; sets smoke_pid, the process's own id (env and chroot exec it), for
# smoke_stop.
smoke_start() {
  local name=$1
  shift
  env -i "${image_env[@]}" "${extra_env[@]}" "$chroot_bin" --userspec="$user" "$rootfs" "$@" \
    >"$work/$name.out" 2>"$work/$name.err" &
  smoke_pid=$!
}
# Sends SIGTERM to the process smoke_start started and waits up to SECONDS for it to end; then
# SIGKILL. Writes its exit status to $work/NAME.status and whether it ended by itself to
# $work/NAME.stopped (yes/no).
smoke_stop() {
  local name=$1 seconds=$2 i
  kill -TERM "$smoke_pid" 2>/dev/null || true
  echo no >"$work/$name.stopped"
  for ((i = 0; i < seconds * 10; i++)); do
    if ! kill -0 "$smoke_pid" 2>/dev/null; then echo yes >"$work/$name.stopped"; break; fi
    sleep 0.1
  done
  kill -KILL "$smoke_pid" 2>/dev/null || true
  set +e
  { wait "$smoke_pid"; } 2>/dev/null # no "Killed" job notice
  echo $? >"$work/$name.status"
  set -e
}
status() { cat "$work/$1.status"; }

# The entrypoint with -Xlog:class+load written to FILE (a path inside the image) before -jar.
smoke_entry_logging_class_load() {
  local arg
  for arg in "${entry[@]}"; do
    [ "$arg" = -jar ] && printf '%s\n' "-Xlog:class+load=info:file=$1"
    printf '%s\n' "$arg"
  done
}

# Prints the totals and exits: 1 when a check failed (the output is kept in $work), else 0.
smoke_summary() {
  local what=$1
  echo "smoke-test: $smoke_passes passed, $smoke_failures failed"
  if [ "$smoke_failures" != 0 ]; then
    echo "smoke-test: $smoke_failures check(s) failed; output kept in $work" >&2
    trap - EXIT
    smoke_unmount_all
    exit 1
  fi
  echo "smoke-test: $what"
}
