#!/usr/bin/env bash
# make demo: the provider doing its job end to end against the local Graph
# API emulator. Builds both, points Terraform at the local build through a
# generated CLI config (dev_overrides; the user's ~/.terraformrc is never
# read), applies examples/demo, shows the outputs, checks that a second plan
# is empty, destroys, and stops the emulator.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$root"

command -v terraform >/dev/null || { echo "terraform is not on PATH: install Terraform >= 1.11 first." >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/facebook-demo.XXXXXX")
emu_pid=""
cleanup() {
  # The emulator may already be gone; its exit status after the kill is not
  # the demo's.
  if [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null; then
    wait "$emu_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Building the provider and the Graph API emulator"
go build -o "$work/bin/terraform-provider-facebook" .
go build -o "$work/graph-emulator" ./internal/graphtest/cmd/graph-emulator

step "Starting the emulator on loopback"
"$work/graph-emulator" -addr 127.0.0.1:0 -seed demo -env-file "$work/emulator.env" 2>"$work/emulator.log" &
emu_pid=$!
for _ in $(seq 1 100); do
  [ -s "$work/emulator.env" ] && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$work/emulator.env" ] || { echo "the emulator did not start" >&2; exit 1; }
set -a
# shellcheck disable=SC1091
source "$work/emulator.env"
set +a
echo "emulator at $FACEBOOK_BASE_URL, serving:"
sed -n -e 's/^# /  /p' "$work/emulator.env"

write_dev_overrides_rc "$work/terraformrc" "$work/bin"
export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export TF_VAR_page_id="$FACEBOOK_TEST_PAGE_ID"
export TF_VAR_business_id="$FACEBOOK_TEST_BUSINESS_ID"
export TF_VAR_recipient_id="${FACEBOOK_TEST_RECIPIENT_ID:-}"

cp -r examples/demo "$work/config"
cd "$work/config"

step "terraform apply"
terraform apply -auto-approve -no-color -compact-warnings

step "terraform output"
terraform output -no-color

step "Second plan: expecting no changes"
set +e
terraform plan -detailed-exitcode -no-color -compact-warnings >"$work/plan.txt"
code=$?
set -e
tail -n 3 "$work/plan.txt"
if [ "$code" -ne 0 ]; then
  cat "$work/plan.txt"
  echo "the second plan is not empty (exit code $code)" >&2
  exit 1
fi

step "terraform destroy"
terraform destroy -auto-approve -no-color -compact-warnings

step "Calls the emulator answered"
grep -v '^graph-emulator:' "$work/emulator.log" | cut -d' ' -f1-3 | sort | uniq -c | sort -rn
echo
echo "Demo finished: applied, no drift on the second plan, destroyed."
