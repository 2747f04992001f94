#!/usr/bin/env bash
# make emulator: the Graph API emulator with the demo data, in the
# foreground, for running your own configurations against it by hand.
# Builds the provider and the emulator, writes a CLI config whose
# dev_overrides point Terraform at the local build, prints the export lines
# to paste into another shell, and serves until Ctrl-C.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$root"

dir=${EMULATOR_DIR:-$PWD/.tmp/emulator}
addr=${EMULATOR_ADDR:-127.0.0.1:0}
mkdir -p "$dir/bin"
rm -f "$dir/emulator.env"

go build -o "$dir/bin/terraform-provider-facebook" .
go build -o "$dir/graph-emulator" ./internal/graphtest/cmd/graph-emulator

write_dev_overrides_rc "$dir/terraformrc" "$dir/bin"

"$dir/graph-emulator" -addr "$addr" -seed demo -env-file "$dir/emulator.env" &
emu_pid=$!
trap 'kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true' INT TERM EXIT
for _ in $(seq 1 100); do
  [ -s "$dir/emulator.env" ] && break
  kill -0 "$emu_pid" 2>/dev/null || exit 1
  sleep 0.1
done
[ -s "$dir/emulator.env" ] || { echo "the emulator did not start" >&2; exit 1; }

cat <<MSG

The emulator is serving the demo data, whose ids README.md's examples use:

$(sed -n -e 's/^# /  /p' "$dir/emulator.env")

In another shell, run:

export TF_CLI_CONFIG_FILE="$dir/terraformrc"
$(grep -v '^#' "$dir/emulator.env" | sed -e 's/^export //' -e 's/^/export /')

then terraform plan / apply in any directory whose configuration requires
facebook = { source = "pageops/facebook" } (no terraform init needed).
Ctrl-C here stops the emulator.

MSG
wait "$emu_pid"
