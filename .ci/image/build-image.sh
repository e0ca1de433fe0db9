#!/usr/bin/env bash
# Builds a container image without a container daemon or registry: runs the module's assemble script,
# which writes the image's filesystem as one directory tree per layer, then writes those trees as
# layers, with the metadata read from the Dockerfile's final stage (image-spec.sh), as an OCI image
# layout in one tarball. The tarball also carries a Docker-style manifest.json, so both
#   docker load -i IMAGE.tar      and      podman load -i IMAGE.tar
# accept it (as does skopeo copy oci-archive:...). Layers are reproducible: sorted entries, one mtime,
# root ownership, gzip without timestamps. Next to the tarball: <tarball without .tar>.digest.
#
# Usage: build-image.sh --dockerfile DOCKERFILE --assemble SCRIPT --out TARBALL [--name NAME:TAG] [ARG...]
#   SCRIPT is run as `bash SCRIPT --out ROOTFS --dockerfile DOCKERFILE ARG...` and must write
#   ROOTFS/<layer>/ for every `COPY --from=... /rootfs/<layer>/ /` of the Dockerfile's final stage.
#   Every other ARG (e.g. --jar, --jdk) goes to SCRIPT unchanged.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=.ci/image/image-spec.sh
source "$here/image-spec.sh"

dockerfile="" assemble="" out="" name="" assemble_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dockerfile) dockerfile=$2; shift 2 ;;
    --assemble) assemble=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --name) name=$2; shift 2 ;;
    *)
      [ $# -ge 2 ] || { echo "build-image: $1 needs a value" >&2; exit 2; }
      assemble_args+=("$1" "$2"); shift 2 ;;
  esac
done
[ -f "$dockerfile" ] || { echo "build-image: --dockerfile must name the image's Dockerfile" >&2; exit 2; }
[ -f "$assemble" ] || { echo "build-image: --assemble must name the script that writes the layers" >&2; exit 2; }
[ -n "$out" ] || { echo "build-image: --out is required" >&2; exit 2; }
[ -n "$name" ] || { echo "build-image: --name is required" >&2; exit 2; }
spec_check "$dockerfile"

epoch=${SOURCE_DATE_EPOCH:-315532800}
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
work="$(dirname "$out")/image-build"
rm -rf "$work"
mkdir -p "$work/oci/blobs/sha256"
work=$(cd "$work" && pwd)
blobs="$work/oci/blobs/sha256"

bash "$assemble" --out "$work/rootfs" --dockerfile "$dockerfile" "${assemble_args[@]}"

sha256() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
json_strings() { # lines -> "a","b"
  local first=1 line
  while IFS= read -r line; do
    [ $first = 1 ] || printf ','
    printf '"%s"' "$line"
    first=0
  done
}

layer_descriptors="" diff_ids="" history="" docker_layers=""
for layer in $(spec_layers "$dockerfile"); do
  dir="$work/rootfs/$layer"
  [ -d "$dir" ] || { echo "build-image: the Dockerfile copies layer '$layer', $(basename "$assemble") made none" >&2; exit 1; }
  (cd "$dir" && find . -mindepth 1 -maxdepth 1 -printf '%P\n' | LC_ALL=C sort) >"$work/$layer.entries"
  tar --create --file "$work/$layer.tar" --directory "$dir" --files-from "$work/$layer.entries" \
    --sort=name --format=posix --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
    --mtime="@$epoch" --owner=0 --group=0 --numeric-owner
  diff_id=$(sha256 "$work/$layer.tar")
  gzip -n -6 -c "$work/$layer.tar" >"$work/$layer.tar.gz"
  digest=$(sha256 "$work/$layer.tar.gz")
  layer_size=$(size "$work/$layer.tar.gz")
  mv "$work/$layer.tar.gz" "$blobs/$digest"
  rm "$work/$layer.tar"
  sep=${layer_descriptors:+,}
  layer_descriptors+="$sep{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$digest\",\"size\":$layer_size}"
  diff_ids+="$sep\"sha256:$diff_id\""
  history+="$sep{\"created\":\"$created\",\"created_by\":\"COPY /rootfs/$layer/ / # build-image.sh\"}"
  docker_layers+="$sep\"blobs/sha256/$digest\""
  echo "build-image: layer $layer sha256:$digest ($layer_size bytes)"
done

env_json=$(spec_env "$dockerfile" | json_strings)
labels_json=$(spec_labels "$dockerfile" | sed -E 's/^([^=]+)=(.*)$/"\1":\2/' | paste -sd, -)
ports_json=$(spec_ports "$dockerfile" | sed -E 's/^(.*)$/"\1":{}/' | paste -sd, -)
config_fields="\"User\":\"$(spec_value "$dockerfile" USER)\",\"Env\":[$env_json]"
[ -z "$ports_json" ] || config_fields+=",\"ExposedPorts\":{$ports_json}"
config_fields+=",\"Entrypoint\":$(spec_value "$dockerfile" ENTRYPOINT)"
[ -z "$(spec_value "$dockerfile" CMD)" ] || config_fields+=",\"Cmd\":$(spec_value "$dockerfile" CMD)"
config_fields+=",\"Labels\":{$labels_json}"
config="{\"created\":\"$created\",\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{$config_fields},\
\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[$diff_ids]},\"history\":[$history]}"
printf '%s' "$config" >"$work/config.json"
config_digest=$(sha256 "$work/config.json")
config_size=$(size "$work/config.json")
mv "$work/config.json" "$blobs/$config_digest"

manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\
\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$config_digest\",\"size\":$config_size},\
\"layers\":[$layer_descriptors]}"
printf '%s' "$manifest" >"$work/manifest"
manifest_digest=$(sha256 "$work/manifest")
manifest_size=$(size "$work/manifest")
mv "$work/manifest" "$blobs/$manifest_digest"

tag=${name##*:}
printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[\
{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:$manifest_digest\",\"size\":$manifest_size,\
\"annotations\":{\"io.containerd.image.name\":\"$name\",\"org.opencontainers.image.ref.name\":\"$tag\"}}]}" \
  >"$work/oci/index.json"
printf '%s' '{"imageLayoutVersion":"1.0.0"}' >"$work/oci/oci-layout"
printf '%s' "[{\"Config\":\"blobs/sha256/$config_digest\",\"RepoTags\":[\"$name\"],\"Layers\":[$docker_layers]}]" \
  >"$work/oci/manifest.json"

tar --create --file "$out.tmp" --directory "$work/oci" --sort=name --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  --mtime="@$epoch" --owner=0 --group=0 --numeric-owner oci-layout index.json manifest.json blobs
mv "$out.tmp" "$out"
printf '%s\n' "sha256:$manifest_digest" >"${out%.tar}.digest"
echo "build-image: $name sha256:$manifest_digest -> $out ($(du -h "$out" | cut -f1))"
