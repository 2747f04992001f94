#!/usr/bin/env bash
# Runs golangci-lint at exactly GOLANGCI_LINT_VERSION (tools/versions.env).
# The binary lives in the project's .tmp/bin, so no global install is needed
# and a stale one on PATH is never used.
#
#   scripts/lint.sh [extra golangci-lint run args...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$root"
version=$GOLANGCI_LINT_VERSION

bin_dir="$root/.tmp/bin"
bin="$bin_dir/golangci-lint"
module=github.com/golangci/golangci-lint/v2

# go version -m reads the module version recorded in the binary, which is
# exact for go-installed binaries (unlike the tool's own version banner).
installed_version() {
  [ -x "$bin" ] || return 0
  go version -m "$bin" 2>/dev/null | awk -v m="$module" '$1 == "mod" && $2 == m { print $3 }'
}

if [ "$(installed_version)" != "$version" ]; then
  echo "lint: installing golangci-lint $version into ${bin_dir#"$root"/}" >&2
  mkdir -p "$bin_dir"
  GOBIN="$bin_dir" go install "$module/cmd/golangci-lint@$version"
  got=$(installed_version)
  if [ "$got" != "$version" ]; then
    echo "lint: expected golangci-lint $version, got '${got:-nothing}'" >&2
    exit 1
  fi
fi

# Keep the analysis cache with the project, not in the user's home.
export GOLANGCI_LINT_CACHE="$root/.tmp/golangci-lint-cache"
mkdir -p "$GOLANGCI_LINT_CACHE"

"$bin" config verify
exec "$bin" run "$@" ./...
