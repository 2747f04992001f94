# Shared by the scripts in this directory: source it, never run it.
#
#   . "$(dirname "$0")/lib.sh"
#
# Sets $root (the repository) and reads the pinned tool versions from
# tools/versions.env.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../tools/versions.env
. "$root/tools/versions.env"

# write_dev_overrides_rc FILE DIR
# Writes a Terraform/OpenTofu CLI configuration to FILE that runs the
# provider binary in DIR instead of installing pageops/facebook, and
# installs every other provider as usual. The address has no host, so each
# CLI reads it as its own registry's, as it reads a configuration's
# `source = "pageops/facebook"`. The Go programs and tests use
# internal/tfcli.WriteDevOverridesRC, which writes the same text.
write_dev_overrides_rc() {
  cat >"$1" <<RC
provider_installation {
  dev_overrides {
    "pageops/facebook" = "$2"
  }
  direct {}
}
RC
}

# Every script runs Terraform with a CLI configuration of the project's own,
# whatever the environment holds: never the user's ~/.terraformrc, nor the
# file the caller's TF_CLI_CONFIG_FILE names, which a script must neither
# read nor create. Scripts that need dev_overrides write their own file and
# point TF_CLI_CONFIG_FILE at it afterwards.
mkdir -p "$root/.tmp"
[ -f "$root/.tmp/terraformrc" ] || : >"$root/.tmp/terraformrc"
export TF_CLI_CONFIG_FILE="$root/.tmp/terraformrc"
export CHECKPOINT_DISABLE=1
export TF_ACC_TEMP_DIR="$root/.tmp/tf-acc"
