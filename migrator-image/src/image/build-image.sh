#!/usr/bin/env bash
# Builds the migrator image without a container daemon or registry: .ci/image/build-image.sh with
# this module's Dockerfile and assemble-rootfs.sh (see there). The tarball is an OCI image layout with a
# Docker-style manifest.json (`docker load -i`, `podman load -i`, `skopeo copy oci-archive:...`).
#
# Usage: build-image.sh --jar JAR --out TARBALL [--name NAME:TAG] [--train-dir MIGRATIONS_DIR] [--jdk JDK]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
args=(--name schemagate/migrator:latest)
while [ $# -gt 0 ]; do
  case "$1" in
    --jar | --out | --name | --train-dir | --jdk) args+=("$1" "$2"); shift 2 ;;
    *) echo "build-image: unknown argument $1" >&2; exit 2 ;;
  esac
done
exec bash "$here/../../../.ci/image/build-image.sh" \
  --dockerfile "$here/../../Dockerfile" --assemble "$here/assemble-rootfs.sh" "${args[@]}"
