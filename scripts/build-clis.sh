#!/usr/bin/env bash
# make clis: builds the pinned Terraform and OpenTofu (tools/versions.env)
# from their source on the Go module proxy, for the test matrix
# (make test-matrix). Binaries are cached in .tmp/cli/ and reused when they
# report the pinned version; nothing is downloaded but Go modules.
#
#   scripts/build-clis.sh [terraform|tofu]...   (both by default)
#
# Prints each binary's path. Terraform's remote-state backends other than
# http and inmem are separate Go modules that the proxy does not serve, so
# they are left out of the build: local, remote, cloud, http and inmem remain,
# which is all the tests use.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$root"

cli_dir=$root/.tmp/cli
# The module proxy only: no toolchain download, no workspace of ours.
export GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=readonly CGO_ENABLED=0
# Running the built CLIs (version checks) must not call home.
export CHECKPOINT_DISABLE=1

log() { echo "build-clis: $*" >&2; }
die() { log "$*"; exit 1; }

# cli_version BINARY: the version the binary reports, "" if it does not run.
cli_version() {
  [ -x "$1" ] || return 0
  "$1" version -json 2>/dev/null | sed -nE 's/^ *"terraform_version": *"([^"]+)".*/\1/p'
}

# module_source MODULE VERSION DEST: a writable copy of the module's source
# (the module cache is read-only).
module_source() {
  local dir
  dir=$(go mod download -json "$1@v$2" | sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p')
  [ -d "$dir" ] || die "go mod download $1@v$2 gave no source directory"
  rm -rf "$3"
  mkdir -p "$(dirname "$3")"
  cp -r "$dir" "$3"
  chmod -R u+w "$3"
}

# build NAME VERSION MODULE PACKAGE [PREPARE]: builds PACKAGE of MODULE at
# VERSION into .tmp/cli/NAME-VERSION/NAME, after running PREPARE in the
# source directory, unless a binary reporting VERSION is already there.
build() {
  local name=$1 version=$2 module=$3 pkg=$4 prepare=${5:-}
  local out=$cli_dir/$name-$version/$name
  if [ "$(cli_version "$out")" = "$version" ]; then
    log "$name $version already built"
    echo "$out"
    return
  fi
  local src=$cli_dir/src/$name-$version start=$SECONDS
  log "building $name $version from $module (a few minutes on a cold cache)"
  module_source "$module" "$version" "$src"
  [ -z "$prepare" ] || (cd "$src" && "$prepare")
  # As the projects' release builds do: -X version.dev=no drops the "-dev"
  # suffix; -trimpath and -s -w keep local paths and symbols out.
  (cd "$src" && go build -trimpath -ldflags "-s -w -X $module/version.dev=no" -o "$out.new" "$pkg")
  mv "$out.new" "$out"
  rm -rf "$src"
  local got
  got=$(cli_version "$out")
  [ "$got" = "$version" ] || die "$out reports version '${got:-nothing}', expected $version"
  log "$name $version built in $((SECONDS - start))s"
  echo "$out"
}

# Terraform's remote-state backends that are nested modules: their imports
# and map entries in internal/backend/init, and their require and replace
# lines in go.mod, go.
terraform_drop_nested_backends() {
  local nested=(azure consul cos gcs kubernetes oci oss pg s3) b mod init=internal/backend/init/init.go
  local idents
  idents=$(IFS='|'; echo "${nested[*]}" | sed -E 's/azure/Azure/;s/consul/Consul/;s/cos/Cos/;s/gcs/GCS/;s/kubernetes/Kubernetes/;s/oci/OCI/;s/oss/OSS/;s/pg/Pg/;s/s3/S3/')
  sed -E -i "/backend($idents)[ .]/d" "$init"
  rm -f internal/backend/init/*_test.go
  for b in "${nested[@]}"; do
    mod=github.com/hashicorp/terraform/internal/backend/remote-state/$b
    go mod edit -droprequire "$mod" -dropreplace "$mod"
    rm -rf "internal/backend/remote-state/$b"
  done
  go mod edit -droprequire github.com/hashicorp/terraform/internal/legacy \
    -dropreplace github.com/hashicorp/terraform/internal/legacy
  if grep -nE 'remote-state/(azure|consul|cos|gcs|kubernetes|oci|oss|pg|s3)"' "$init"; then
    die "$init still imports a nested backend"
  fi
}

[ $# -gt 0 ] || set -- terraform tofu
for cli; do
  case $cli in
    terraform) build terraform "$TERRAFORM_VERSION" github.com/hashicorp/terraform . terraform_drop_nested_backends ;;
    tofu) build tofu "$OPENTOFU_VERSION" github.com/opentofu/opentofu ./cmd/tofu ;;
    *) die "unknown CLI '$cli': terraform or tofu" ;;
  esac
done
