#!/usr/bin/env bash
# make bench: the client's hot paths as Go benchmarks, then the provider
# through the terraform CLI against the Graph API emulator, side by side
# with time_static of HashiCorp's hashicorp/time provider, a framework
# provider that makes no API calls (see internal/bench/clibench). Results
# land in .tmp/bench/: go-bench.txt and results.json, which scripts can
# compare between runs. Extra arguments go to clibench, e.g.
#   scripts/bench.sh -scenarios 100x1,100x10 -peer-sizes 100 -plan-runs 1
# Exits non-zero when a performance target fails.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v terraform >/dev/null || { echo "terraform is not on PATH: install Terraform >= 1.11 first." >&2; exit 1; }
out=.tmp/bench
mkdir -p "$out"

echo "==> Go benchmarks (internal/graph)"
go test -run '^$' -bench . -benchmem -count 1 ./internal/graph/ | tee "$out/go-bench.txt"

# The comparison provider, built once from the Go module proxy and cached
# here; never committed.
peer_module=github.com/hashicorp/terraform-provider-time
peer_version=v0.14.2
peer_dir=$out/time
if [ ! -x "$peer_dir/terraform-provider-time" ] || [ "$(cat "$peer_dir/version" 2>/dev/null)" != "$peer_version" ]; then
  echo "==> building $peer_module@$peer_version into $peer_dir"
  mkdir -p "$peer_dir"
  GOBIN="$(pwd)/$peer_dir" go install "$peer_module@$peer_version"
  echo "$peer_version" > "$peer_dir/version"
fi

echo
echo "==> CLI benchmark (terraform apply/plan against the emulator, and $peer_module@$peer_version)"
go run ./internal/bench/clibench -out "$out/results.json" -peer "$peer_dir/terraform-provider-time" "$@"
