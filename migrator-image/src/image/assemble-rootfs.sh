#!/usr/bin/env bash
# Assembles the migrator image's filesystem as one directory tree per layer:
#   <out>/base  /etc/passwd+group (user nonroot, uid 65532), /bin/sh, the C and C++ runtime libraries,
#               an empty /migrations and a world-writable /tmp
#   <out>/java  /opt/java/openjdk: a runtime jlink'ed from the build JDK with only the modules needed
#   <out>/app   /opt/schemagate: the migrator's shaded jar (less other platforms' PostgreSQL) and its AppCDS archive
# Used by the Dockerfile's build stage and by build-image.sh (the daemonless build), so both images
# have the same content. The libraries are copied from the machine that runs this script, so they
# match the runtime jlink'ed here. The building blocks shared with the operator image are in
# .ci/image/rootfs-lib.sh.
#
# Usage: assemble-rootfs.sh --jar JAR --out DIR [--jdk JDK_HOME] [--train-dir MIGRATIONS_DIR]
#   --train-dir   migrations for the AppCDS training run (`check` on them); without it, `--help`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tools="$here/../../../.ci/image"
# shellcheck source=../../../.ci/image/image-spec.sh
source "$tools/image-spec.sh"
# shellcheck source=../../../.ci/image/rootfs-lib.sh
source "$tools/rootfs-lib.sh"

jar="" out="" jdk="${JAVA_HOME:-}" train_dir=""
dockerfile="$here/../../Dockerfile"
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --jdk) jdk=$2; shift 2 ;;
    --train-dir) train_dir=$2; shift 2 ;;
    --dockerfile) dockerfile=$2; shift 2 ;;
    *) echo "assemble-rootfs: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "assemble-rootfs: --jar must name the shaded migrator jar" >&2; exit 2; }
[ -n "$out" ] || { echo "assemble-rootfs: --out is required" >&2; exit 2; }
[ -x "$jdk/bin/jlink" ] || { echo "assemble-rootfs: no jlink in '$jdk' (set --jdk or JAVA_HOME)" >&2; exit 2; }
rootfs_check_platform

# Every file gets this modification time (reproducible layers). The jar must have it before the
# AppCDS training run, because the JVM only maps the archive if the jar's mtime is unchanged.
epoch=${SOURCE_DATE_EPOCH:-315532800}
java_home=/opt/java/openjdk
app_dir=/opt/schemagate

rm -rf "$out"
mkdir -p "$out/base" "$out/java" "$out/app"
out=$(cd "$out" && pwd)

# --- java: only the modules the migrator needs. jdeps finds java.base, java.sql (JDBC, which brings
# java.logging and java.xml for logback), java.naming and java.management (logback),
# java.security.jgss (PostgreSQL GSSAPI). jdk.security.auth holds the Kerberos login module that
# GSSAPI uses, and jdk.crypto.ec the elliptic curves for TLS on JDK 21 (empty on 22+). java.desktop
# is left out on purpose: only optional paths of Jackson and the driver's geometric types touch it.
modules=java.base,java.sql,java.naming,java.management,java.security.jgss,jdk.security.auth
if rootfs_has_module "$jdk" jdk.crypto.ec; then modules=$modules,jdk.crypto.ec; fi
rootfs_jlink "$jdk" "$out/java$java_home" "$modules"

# --- app: the jar, less the embedded PostgreSQL binaries for other platforms (macOS, Windows, Alpine's
# musl), which `check` cannot use in this glibc linux/amd64 image: 68 MB of the jar's 91.
mkdir -p "$out/app$app_dir"
"$jdk/bin/java" "$here/StripJar.java" "$jar" "$out/app$app_dir/schemagate-migrator.jar" \
  postgres-darwin-x86_64.txz postgres-windows-x86_64.txz postgres-linux-x86_64-alpine_linux.txz

# --- base: users, directories, a shell, and the shared libraries of the JVM, of /bin/sh, and of the
# PostgreSQL that `check` starts (its binaries bring their own libraries except the C++ runtime).
rootfs_base "$out/base"
mkdir -p "$out/base"/{bin,migrations}
chmod 0755 "$out/base/migrations"
cp -L /bin/sh "$out/base/bin/sh"

elves=("$out/base/bin/sh")
while IFS= read -r f; do elves+=("$f"); done < <(rootfs_runtime_elves "$out/java")
for soname in libstdc++.so.6 libgcc_s.so.1; do
  path=$(rootfs_resolve_soname "$soname")
  [ -n "$path" ] || { echo "assemble-rootfs: $soname not found on this machine (needed by PostgreSQL for check)" >&2; exit 1; }
  elves+=("$path")
  rootfs_copy_lib "$out/base" "$path"
done
rootfs_copy_needed_libs "$out/base" "${elves[@]}"

rootfs_finish "$out" "$epoch"

# --- AppCDS: a training run records the classes the migrator loads into an archive that later starts
# map instead of parsing and verifying them again. It uses the entrypoint's own JVM flags (from the
# Dockerfile) and the image's runtime and jar, at their paths in this tree: the JVM accepts the archive
# where the jar keeps its name and mtime, whatever the directory. PostgreSQL refuses to run as root,
# so a root build trains as the unprivileged user nobody (initdb needs a user that exists here).
mapfile -t flags < <(spec_jvm_flags "$dockerfile")
train_tmp=$(mktemp -d)
chmod 0777 "$train_tmp"
train_args=(--help)
if [ -n "$train_dir" ]; then
  cp -r "$train_dir" "$train_tmp/migrations"
  chmod -R a+rX "$train_tmp/migrations"
  train_args=(check --dir "$train_tmp/migrations")
fi
as_image_user=()
train_root=$out
if [ "$(id -u)" = 0 ]; then
  as_image_user=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups)
  # nobody may not be able to reach $out (a checkout under /root): train on a copy in $train_tmp,
  # keeping the jar's mtime; the archive only cares that the jar's name and mtime match.
  cp -a "$out/java" "$out/app" "$train_tmp/"
  train_root=$train_tmp
fi
log="$(dirname "$out")/cds-training.log"
set +e
(cd "$train_tmp" && env -i PATH=/usr/bin:/bin HOME="$train_tmp" TMPDIR="$train_tmp" \
  "${as_image_user[@]}" "$train_root/java$java_home/bin/java" "${flags[@]}" -Djava.io.tmpdir="$train_tmp" \
  -XX:ArchiveClassesAtExit="$train_tmp/app.jsa" \
  -jar "$train_root/app$app_dir/schemagate-migrator.jar" "${train_args[@]}") >"$log" 2>&1
status=$?
set -e
if [ ! -s "$train_tmp/app.jsa" ]; then
  echo "assemble-rootfs: the AppCDS training run wrote no archive (exit $status); see $log" >&2
  tail -20 "$log" >&2
  exit 1
fi
if [ "$status" != 0 ]; then
  echo "assemble-rootfs: WARNING: the training run (${train_args[*]}) exited $status; the archive covers less. See $log" >&2
fi
cp "$train_tmp/app.jsa" "$out/app$app_dir/schemagate-migrator.jsa"
touch -d "@$epoch" "$out/app$app_dir/schemagate-migrator.jsa"
rm -rf "$train_tmp"
echo "assemble-rootfs: $(du -sh "$out/base" | cut -f1) base, $(du -sh "$out/java" | cut -f1) java, $(du -sh "$out/app" | cut -f1) app in $out"
