#!/usr/bin/env bash
# make test-matrix: the CLI acceptance suite once per CLI a user may run:
#
#   terraform  the terraform on PATH, as `make test` runs it
#   terraform  the pinned Terraform (tools/versions.env), through TF_ACC_TERRAFORM_PATH
#   tofu       the pinned OpenTofu, through TF_ACC_TERRAFORM_PATH, with
#              TF_ACC_PROVIDER_HOST=registry.opentofu.org (OpenTofu's default registry)
#
# The pinned CLIs are built (or reused) by scripts/build-clis.sh. For each
# CLI it prints the time, the test counts and every skip with its reason.
# It fails when a test fails, and when a test skips for a missing CLI
# feature on the pinned Terraform, which has every feature the provider uses.
#
#   scripts/test-matrix.sh [path|terraform|tofu]...   (all three by default)
#
# MATRIX_PACKAGES picks the packages (default: the provider, whose tests run
# the CLI).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$root"

packages=${MATRIX_PACKAGES:-./internal/provider/...}
# Shared with internal/provider/cli_features_test.go (cliFeatureMissing).
feature_skip='CLI feature missing'
out_dir=$root/.tmp/test-matrix
mkdir -p "$out_dir"
export CHECKPOINT_DISABLE=1
command -v jq >/dev/null || { echo "test-matrix: jq is not installed; it reads go test -json (Debian/Ubuntu: apt-get install jq)." >&2; exit 1; }

# run_suite NAME [VAR=value...]: the suite with the given environment.
summary=() failed=0
run_suite() {
  local name=$1; shift
  local log=$out_dir/$name.json start=$SECONDS rc=0
  echo "==> $name: $(env "$@" bash -c '"${TF_ACC_TERRAFORM_PATH:-terraform}" version' | head -n1)"
  # shellcheck disable=SC2086 # packages is a list
  env "$@" go test -count=1 -timeout=30m -json $packages >"$log" || rc=$?
  local secs=$((SECONDS - start))
  # Per test: its last action and what it printed; a skip's reason is the
  # printed lines that are not go test's own === / --- lines.
  local counts skips features
  counts=$(jq -rs '[.[] | select(.Test and (.Action=="pass" or .Action=="fail" or .Action=="skip"))] | group_by(.Action) | map("\(.[0].Action) \(length)") | join(", ")' "$log")
  skips=$(jq -rs '
    (map(select(.Test and .Action=="output")) | group_by(.Package + " " + .Test) | map({key: (.[0].Package + " " + .[0].Test), value: (map(.Output) | join(""))}) | from_entries) as $out
    | .[] | select(.Test and .Action=="skip") | .Package as $p | .Test as $t
    | "  skip \($t): " + (($out[$p + " " + $t] // "") | split("\n") | map(select(test("^\\s*(=== |--- )") | not) | sub("^\\s+"; "")) | map(select(. != "")) | join(" "))' "$log")
  features=$(grep -c "$feature_skip" <<<"$skips" || true)
  [ -z "$skips" ] || echo "$skips"
  if [ "$rc" -ne 0 ]; then
    jq -r 'select(.Action=="fail" and .Test) | "  FAIL \(.Package) \(.Test)"' "$log"
    jq -r 'select(.Action=="output" and (.Output | test("^(FAIL|panic|.*\\[build failed\\])"))) | "  " + .Output' "$log" | sort -u | head -n 20
    failed=1
  fi
  if [ "$name" = terraform-pinned ] && [ "$features" -gt 0 ]; then
    echo "  $features tests skipped for a missing feature on the pinned Terraform, which should have them all" >&2
    failed=1
  fi
  summary+=("$(printf '%-18s %4ds  exit %d  %s; %d feature skips' "$name" "$secs" "$rc" "$counts" "$features")")
  echo "<== $name in ${secs}s (log: ${log#"$root"/})"
}

[ $# -gt 0 ] || set -- path terraform tofu
for cli; do
  case $cli in
    path) run_suite terraform-path TF_ACC_TERRAFORM_PATH= TF_ACC_PROVIDER_HOST= ;;
    terraform)
      bin=$(scripts/build-clis.sh terraform)
      run_suite terraform-pinned TF_ACC_TERRAFORM_PATH="$bin" TF_ACC_PROVIDER_HOST= ;;
    tofu)
      bin=$(scripts/build-clis.sh tofu)
      run_suite opentofu TF_ACC_TERRAFORM_PATH="$bin" TF_ACC_PROVIDER_HOST=registry.opentofu.org ;;
    *) echo "test-matrix: unknown CLI '$cli': path, terraform or tofu" >&2; exit 2 ;;
  esac
done

echo
echo "--- test matrix"
printf '%s\n' "${summary[@]}"
exit "$failed"
