# shellcheck shell=bash
# Building blocks for a module's assemble-rootfs.sh: the image's filesystem as one directory tree per
# layer, for a Java application on an empty (FROM scratch) base. Sourced; every function fails the
# script (set -e) on error.
#
#   rootfs_check_platform            the images are linux/amd64 and take their libraries from this machine
#   rootfs_jlink JDK DIR MODULES     a runtime with only MODULES (comma-separated), stripped, with the
#                                    JDK's default CDS archive for its own classes
#   rootfs_has_module JDK MODULE     whether the JDK has MODULE (jdk.crypto.ec is gone from 22 on)
#   rootfs_base DIR                  /etc/passwd and /etc/group (user nonroot, uid:gid 65532:65532),
#                                    /etc/nsswitch.conf and a world-writable /tmp
#   rootfs_copy_needed_libs DIR ELF...  the shared libraries (and the dynamic linker) the ELF files need,
#                                    copied to the same paths under DIR, except those inside the tree
#   rootfs_copy_lib DIR PATH         one library, at its path, symlinks followed
#   rootfs_resolve_soname NAME       the path the dynamic linker uses for a soname on this machine
#   rootfs_finish DIR EPOCH          modes (nothing writable but by root, /tmp 1777) and one mtime

rootfs_check_platform() {
  [ "$(uname -s)/$(uname -m)" = Linux/x86_64 ] || { echo "rootfs: the image is linux/amd64; build it on one" >&2; exit 2; }
}

rootfs_has_module() {
  local available
  # (Whole outputs are captured before they are searched: with pipefail, a reader that stops early
  # would fail the pipeline with SIGPIPE.)
  available=$("$1/bin/java" --list-modules)
  grep -q "^$2@" <<<"$available"
}

rootfs_jlink() {
  local jdk=$1 dir=$2 modules=$3
  [ -x "$jdk/bin/jlink" ] || { echo "rootfs: no jlink in '$jdk' (set --jdk or JAVA_HOME)" >&2; exit 2; }
  "$jdk/bin/jlink" --add-modules "$modules" --output "$dir" \
    --strip-debug --no-man-pages --no-header-files --generate-cds-archive >/dev/null
  # The no-compressed-oops variant of the default CDS archive is for heaps over 32 GB only.
  rm -f "$dir"/lib/server/classes_nocoops.jsa
}

rootfs_base() {
  local dir=$1
  mkdir -p "$dir"/{etc,tmp}
  chmod 1777 "$dir/tmp"
  cat >"$dir/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/tmp:/sbin/nologin
PASSWD
  cat >"$dir/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
nonroot:x:65532:
GROUP
  cat >"$dir/etc/nsswitch.conf" <<'NSS'
passwd: files
group: files
hosts: files dns
NSS
}

rootfs_copy_lib() {
  local dir=$1 lib=$2
  [ -e "$dir$lib" ] && return 0
  mkdir -p "$dir$(dirname "$lib")"
  cp -L "$lib" "$dir$lib"
}

rootfs_resolve_soname() {
  /sbin/ldconfig -p | awk -v n="$1" '$1 == n && /x86-64/ && !found { print $NF; found = 1 }'
}

# The libraries (and the dynamic linker) an ELF file needs, as absolute paths.
rootfs_libs_of() {
  ldd "$1" 2>/dev/null | awk '/=> \// { print $3 } /^[[:space:]]*\/.*ld-linux/ { print $1 }'
}

rootfs_copy_needed_libs() {
  local dir=$1 tree f lib
  shift
  tree=$(dirname "$dir")
  for f in "$@"; do
    while IFS= read -r lib; do
      case "$lib" in "$tree"/*) ;; *) rootfs_copy_lib "$dir" "$lib" ;; esac # the runtime's own are in place
    done < <(rootfs_libs_of "$f")
  done
  [ -e "$dir/lib64/ld-linux-x86-64.so.2" ] || { echo "rootfs: dynamic linker not collected" >&2; exit 1; }
}

# The ELF files of a jlink'ed runtime: its launchers and shared libraries.
rootfs_runtime_elves() {
  find "$1" -type f \( -name '*.so' -o -path '*/bin/*' \)
}

rootfs_finish() {
  local dir=$1 epoch=$2 tmp
  # The same modes whatever the umask: nothing writable but by root, except /tmp.
  chmod -R u+rwX,go+rX,go-w "$dir"
  while IFS= read -r tmp; do chmod 1777 "$tmp"; done < <(find "$dir" -mindepth 2 -maxdepth 2 -type d -name tmp)
  find "$dir" -exec touch -h -d "@$epoch" {} +
}
