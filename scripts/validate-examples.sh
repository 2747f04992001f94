#!/usr/bin/env bash
# Validates every example directory under examples/ against the local build
# of the provider, as the docs show them to users: a generated CLI config
# with dev_overrides points Terraform at the build, and each directory is
# validated in a scratch copy (so no .terraform or lock file lands in the
# repository). Examples without a terraform block get one that names
# pageops/facebook, which Terraform would otherwise read as hashicorp/facebook.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$root"

command -v terraform >/dev/null || { echo "terraform is not on PATH: install Terraform >= 1.11 first." >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/facebook-examples.XXXXXX")
trap 'rm -rf "$work"' EXIT

go build -o "$work/bin/terraform-provider-facebook" .
write_dev_overrides_rc "$work/terraformrc" "$work/bin"
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

# Action blocks and query files (.tfquery.hcl, validated with -query) are
# Terraform 1.14 syntax, import blocks with identity 1.12; older CLIs cannot
# parse them.
tf_minor=$(terraform version -json | sed -n 's/.*"terraform_version": *"1\.\([0-9]*\)\..*/\1/p')
tf_version=$(terraform version -json | sed -n 's/.*"terraform_version": *"\([^"]*\)".*/\1/p')

# validate NAME DIR [FLAG]...: terraform validate in DIR, or fail naming NAME.
validate() {
  local name=$1 dir=$2 out
  shift 2
  if ! out=$(cd "$dir" && terraform validate -no-color "$@" 2>&1); then
    echo "FAIL  $name"
    echo "$out" | grep -v -e 'Provider development overrides' -e 'dev_overrides' -e '^ *- pageops/facebook in' -e 'The behavior may therefore' -e 'applying changes may cause' -e 'published releases' >&2
    exit 1
  fi
}

checked=0 skipped=0
while IFS= read -r dir; do
  if [[ $dir == examples/actions/* || $dir == examples/list-resources/* ]] && [ "${tf_minor:-0}" -lt 14 ]; then
    echo "skip  $dir (action blocks and query files need Terraform >= 1.14; this is $tf_version)"
    skipped=$((skipped + 1))
    continue
  fi
  scratch="$work/check/$dir"
  mkdir -p "$scratch"
  cp "$dir"/*.tf "$scratch/" 2>/dev/null || true
  cp "$dir"/*.tfquery.hcl "$scratch/" 2>/dev/null || true
  # import-by-identity.tf is an alternative to import-by-string-id.tf (both
  # import the same resource): it is validated on its own, below.
  by_identity=
  if [ -f "$scratch/import-by-identity.tf" ]; then
    rm "$scratch/import-by-identity.tf"
    if [ "${tf_minor:-0}" -lt 12 ]; then
      echo "skip  $dir/import-by-identity.tf (import blocks with identity need Terraform >= 1.12; this is $tf_version)"
      skipped=$((skipped + 1))
    else
      by_identity=$dir/import-by-identity.tf
    fi
  fi
  if ! grep -qs 'required_providers' "$scratch"/*.tf; then
    printf 'terraform {\n  required_providers {\n    facebook = { source = "pageops/facebook" }\n  }\n}\n' >"$scratch/zz_providers.tf"
  fi
  query=()
  if compgen -G "$scratch/*.tfquery.hcl" >/dev/null; then
    query=(-query)
  fi
  validate "$dir" "$scratch" "${query[@]}"
  if [ -n "$by_identity" ]; then
    cp -r "$scratch" "$scratch.identity"
    rm -f "$scratch.identity/import-by-string-id.tf"
    cp "$by_identity" "$scratch.identity/"
    validate "$by_identity" "$scratch.identity"
  fi
  echo "ok    $dir"
  checked=$((checked + 1))
done < <(find examples \( -name '*.tf' -o -name '*.tfquery.hcl' \) -exec dirname {} \; | sort -u)

echo "examples: $checked validated, $skipped skipped"
