# shellcheck shell=bash
# Reads an image's metadata from the final stage of its Dockerfile, so the Dockerfile stays the one
# definition of user, environment, ports, entrypoint, command, labels and layers, and an image built
# without a daemon (build-image.sh) cannot drift from it. Sourced by the image scripts of every module.
#
# The final stage must use the simple forms this reader understands, and it fails loudly otherwise:
#   COPY --from=<stage> /rootfs/<layer>/ /   one line per layer, in layer order
#   USER <uid>:<gid>
#   ENV <KEY>=<value>                        one variable per line, value without quotes or spaces
#   LABEL <key>="<value>"                    one label per line
#   EXPOSE <port>/tcp ...                    ports, with their protocol
#   ENTRYPOINT [...] / CMD [...]             JSON arrays of plain strings (no quotes or backslashes)

# Prints the instructions of the last stage (after the last FROM), one per line, without comments.
spec_final_stage() {
  local dockerfile=$1
  awk '
    /^[[:space:]]*#/ || /^[[:space:]]*$/ { next }
    /^[[:space:]]*FROM[[:space:]]/ { n = 0; next }
    { stage[n++] = $0 }
    END { for (i = 0; i < n; i++) print stage[i] }
  ' "$dockerfile"
}

# Checks that the final stage only uses the forms documented above.
spec_check() {
  local dockerfile=$1 line
  while IFS= read -r line; do
    case "$line" in
      COPY\ --from=*\ /rootfs/*/\ /) ;;
      USER\ *) ;;
      ENV\ *=*) [[ "$line" =~ ^ENV\ [A-Za-z_][A-Za-z0-9_]*=[^\ \"\']*$ ]] || spec_fail "$line" ;;
      LABEL\ *=\"*\") [[ "$line" =~ ^LABEL\ [a-z0-9.-]+=\"[^\"\\]*\"$ ]] || spec_fail "$line" ;;
      EXPOSE\ *) [[ "$line" =~ ^EXPOSE(\ [0-9]+/(tcp|udp))+$ ]] || spec_fail "$line" ;;
      ENTRYPOINT\ \[*\] | CMD\ \[*\])
        [[ "${line#* }" =~ ^\[(\"[^\"\\]*\"(,\ ?\"[^\"\\]*\")*)?\]$ ]] || spec_fail "$line" ;;
      *) spec_fail "$line" ;;
    esac
  done < <(spec_final_stage "$dockerfile")
}

spec_fail() {
  echo "image-spec: the Dockerfile's final stage uses a form build-image.sh cannot mirror: $1" >&2
  exit 2
}

# The value of a single-valued instruction (USER, ENTRYPOINT, CMD), as written; empty when absent.
spec_value() {
  spec_final_stage "$1" | awk -v k="$2" '$1 == k { sub(/^[^ ]+ /, ""); v = $0 } END { print v }'
}

# The ENV lines as KEY=value, in order.
spec_env() {
  spec_final_stage "$1" | awk '$1 == "ENV" { sub(/^ENV /, ""); print }'
}

# The LABEL lines as key="value", in order.
spec_labels() {
  spec_final_stage "$1" | awk '$1 == "LABEL" { sub(/^LABEL /, ""); print }'
}

# The exposed ports as <port>/<protocol>, one per line, in order.
spec_ports() {
  spec_final_stage "$1" | awk '$1 == "EXPOSE" { for (i = 2; i <= NF; i++) print $i }'
}

# The layer names, from COPY --from=... /rootfs/<layer>/ / lines, in order.
spec_layers() {
  spec_final_stage "$1" | awk '$1 == "COPY" { split($3, p, "/"); print p[3] }'
}

# The elements of a JSON array of plain strings, one per line.
spec_array_elements() {
  grep -o '"[^"]*"' <<<"$1" | sed 's/^"//; s/"$//'
}

# The JVM flags of a `java ... -jar JAR` entrypoint: the elements between java and -jar, one per line,
# without -XX:SharedArchiveFile (the AppCDS training run records that archive, it cannot read it yet).
spec_jvm_flags() {
  local arg first=1
  while IFS= read -r arg; do
    if [ $first = 1 ]; then first=0; continue; fi
    case "$arg" in
      -jar) break ;;
      -XX:SharedArchiveFile=*) ;;
      *) printf '%s\n' "$arg" ;;
    esac
  done < <(spec_array_elements "$(spec_value "$1" ENTRYPOINT)")
}
