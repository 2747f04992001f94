#!/usr/bin/env bash
# make bench: the client's hot paths as Go benchmarks, then the provider
# through the terraform CLI against the Graph API emulator (see
# internal/bench/clibench). Results land in .tmp/bench/: go-bench.txt and
# results.json, which scripts can compare between runs. Extra arguments go
# to clibench, e.g. scripts/bench.sh -sizes 10,100 -plan-runs 1.
# Exits non-zero when a performance target fails.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v terraform >/dev/null || { echo "terraform is not on PATH: install Terraform >= 1.11 first." >&2; exit 1; }
out=.tmp/bench
mkdir -p "$out"

echo "==> Go benchmarks (internal/graph)"
go test -run '^$' -bench . -benchmem -count 1 ./internal/graph/ | tee "$out/go-bench.txt"

echo
echo "==> CLI benchmark (terraform apply/plan against the emulator)"
go run ./internal/bench/clibench -out "$out/results.json" "$@"
