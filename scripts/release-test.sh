#!/usr/bin/env bash
# make release-test: rehearse a release end to end, offline, on this machine.
#
#  1. Install the pinned GoReleaser into .tmp/bin (if not there already).
#  2. Make a throwaway GPG key in a temporary GNUPGHOME.
#  3. Snapshot the working tree (tracked and untracked, not ignored files) into
#     a temporary clone with a placeholder remote, so the real repository never
#     gets one, and run `goreleaser release --snapshot --clean --skip=publish`
#     with a second configuration: the real .goreleaser.yml with its builds
#     narrowed to the host platform by tools/goreleaserhost. GoReleaser
#     signs the SHA256SUMS with the throwaway key through GPG_FINGERPRINT, just
#     as the release workflow does with the namespace's key.
#  4. Check the release files the registry needs: gpg --verify of the
#     signature, sha256sum -c of the sums, the manifest, one zip.
#  5. Lay the zip out as a Terraform filesystem mirror (the packed layout, the
#     zip as released) and point TF_CLI_CONFIG_FILE at a CLI config that
#     installs pageops/facebook from the mirror only.
#  6. terraform init (from the mirror, checked against the lock file) and
#     validate with scripts/release-test/main.tf; then, with the Graph API
#     emulator on loopback, apply, plan (must show no changes) and destroy.
#
# Every step prints its duration. Set RELEASE_TEST_KEEP=1 to keep the work
# directory for inspection.
set -euo pipefail
shopt -s inherit_errexit
# GORELEASER_VERSION comes from tools/versions.env.
. "$(dirname "$0")/lib.sh"
# Only used to satisfy GoReleaser's remote checks; nothing is published.
PLACEHOLDER_REMOTE=https://github.com/pageops/terraform-provider-facebook.git
PROVIDER_HOST=registry.terraform.io
PROVIDER_NAMESPACE=pageops
PROVIDER_TYPE=facebook
NAME=terraform-provider-$PROVIDER_TYPE
EMULATOR_PKG=./internal/graphtest/cmd/graph-emulator
EMULATOR_START_TIMEOUT=${EMULATOR_START_TIMEOUT:-60}
EMULATOR_ENV_VARS=(FACEBOOK_BASE_URL FACEBOOK_ACCESS_TOKEN FACEBOOK_TEST_PAGE_ID FACEBOOK_TEST_BUSINESS_ID FACEBOOK_TEST_RECIPIENT_ID)

cd "$root"
bin_dir=$root/.tmp/bin
goreleaser=$bin_dir/goreleaser
mkdir -p "$bin_dir"

work=$(mktemp -d "${TMPDIR:-/tmp}/release-test.XXXXXX")
emu_pid=
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR

cleanup() {
  local rc=$?
  [ -z "$emu_pid" ] || kill_emulator
  if [ -d "$work/gnupg" ]; then
    GNUPGHOME=$work/gnupg gpgconf --kill all >/dev/null 2>&1 || true
  fi
  if [ "$rc" -ne 0 ] && [ -s "$work/emulator.log" ]; then
    echo "--- emulator log (last 30 lines)" >&2
    tail -n 30 "$work/emulator.log" >&2
  fi
  if [ "${RELEASE_TEST_KEEP:-}" = 1 ]; then
    echo "release-test: work directory kept at $work" >&2
  else
    rm -rf "$work"
  fi
  if [ "$rc" -ne 0 ]; then
    echo "release-test: FAILED (exit $rc)" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() { echo "release-test: $*" >&2; exit 1; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }
fmt_ms() { printf '%d.%01ds' $(($1 / 1000)) $(($1 % 1000 / 100)); }

summary=()
step() {
  local name=$1; shift
  local t0; t0=$(now_ms)
  echo "==> $name"
  "$@"
  local ms=$(($(now_ms) - t0))
  echo "<== $name: $(fmt_ms "$ms")"
  summary+=("$(printf '%-34s %8s' "$name" "$(fmt_ms "$ms")")")
}

# Module version recorded in a go-installed binary ("" if absent).
mod_version() {
  [ -x "$1" ] || return 0
  go version -m "$1" 2>/dev/null | awk -v m="$2" '$1 == "mod" && $2 == m { print $3 }'
}

# --- 1 ----------------------------------------------------------------------
install_goreleaser() {
  local module=github.com/goreleaser/goreleaser/v2
  if [ "$(mod_version "$goreleaser" "$module")" = "$GORELEASER_VERSION" ]; then
    echo "goreleaser $GORELEASER_VERSION already in .tmp/bin"
  else
    GOBIN=$bin_dir go install "$module@$GORELEASER_VERSION"
    [ "$(mod_version "$goreleaser" "$module")" = "$GORELEASER_VERSION" ] ||
      die "expected goreleaser $GORELEASER_VERSION in $bin_dir"
  fi
}

# --- 2 ----------------------------------------------------------------------
make_gpg_key() {
  local missing=()
  command -v gpg >/dev/null && command -v gpg-agent >/dev/null || missing+=(gnupg)
  command -v unzip >/dev/null || missing+=(unzip)
  [ ${#missing[@]} = 0 ] ||
    die "missing ${missing[*]}: install it first (Debian/Ubuntu: apt-get install ${missing[*]}); this script installs no system packages"
  export GNUPGHOME=$work/gnupg
  mkdir -m 700 "$GNUPGHOME"
  # RSA, as the Terraform Registry accepts only RSA and DSA signing keys. No
  # passphrase, so --batch signing needs no agent prompt.
  gpg --batch --quiet --passphrase '' \
    --quick-gen-key "$NAME release-test <release-test@example.invalid>" rsa3072 sign 1d
  GPG_FINGERPRINT=$(gpg --batch --with-colons --list-secret-keys | awk -F: '$1 == "fpr" { print $10; exit }')
  [ -n "$GPG_FINGERPRINT" ] || die "no fingerprint for the generated key"
  export GPG_FINGERPRINT
  echo "signing key $GPG_FINGERPRINT"
}

# --- 3 ----------------------------------------------------------------------
# A commit object holding the working tree as it is, so uncommitted edits are
# tested too. It goes through a temporary index: the real index, branches and
# config are untouched (only unreferenced objects are written, which git gc
# removes in time).
snapshot_commit() {
  local head tree idx=$work/index
  head=$(git rev-parse HEAD)
  cp "$(git rev-parse --git-path index)" "$idx"
  GIT_INDEX_FILE=$idx git add -A
  tree=$(GIT_INDEX_FILE=$idx git write-tree)
  if [ "$tree" = "$(git rev-parse "HEAD^{tree}")" ]; then
    echo "$head"
  else
    echo "release-test: the working tree has uncommitted changes; testing it as it is" >&2
    GIT_AUTHOR_NAME=release-test GIT_AUTHOR_EMAIL=release-test@example.invalid \
      GIT_COMMITTER_NAME=release-test GIT_COMMITTER_EMAIL=release-test@example.invalid \
      git commit-tree -p "$head" -m "release-test snapshot of the working tree" "$tree"
  fi
}

host_os=$(go env GOOS)
host_arch=$(go env GOARCH)
src=$work/src
override=$work/goreleaser.host.yml

prepare_clone() {
  local commit
  commit=$(snapshot_commit)
  # --shared: borrow the objects, including the snapshot commit above.
  git clone --quiet --shared --no-checkout "$root" "$src"
  git -C "$src" checkout --quiet --detach "$commit"
  git -C "$src" remote set-url origin "$PLACEHOLDER_REMOTE"
  echo "testing $(git -C "$src" log -1 --format='%h %s') in $src"

  # The release configuration with its builds narrowed to this machine:
  # the full 14-target matrix is for the release workflow.
  go run ./tools/goreleaserhost -goos "$host_os" -goarch "$host_arch" <"$src/.goreleaser.yml" >"$override"
  (cd "$src" && "$goreleaser" check --quiet -f "$override")
}

run_goreleaser() {
  (cd "$src" && "$goreleaser" release --snapshot --clean --skip=publish -f "$override")
}

# --- 4 ----------------------------------------------------------------------
dist=$src/dist
version=

check_release_files() {
  version=$(sed -nE 's/.*"version":[[:space:]]*"([^"]+)".*/\1/p' "$dist/metadata.json" | head -n1)
  [ -n "$version" ] || die "no version in $dist/metadata.json"
  echo "snapshot version $version"

  local base=${NAME}_$version
  zip=$dist/${base}_${host_os}_${host_arch}.zip
  local sums=$dist/${base}_SHA256SUMS f
  for f in "$zip" "$sums" "$sums.sig"; do
    [ -f "$f" ] || die "missing ${f#"$dist"/}"
  done
  local zips
  zips=$(find "$dist" -maxdepth 1 -name '*.zip' | wc -l)
  [ "$zips" = 1 ] || die "expected one zip (host platform only), found $zips"

  # The files as the GitHub release would carry them: the zip, the sums, the
  # signature, and the manifest uploaded under its versioned name
  # (release.extra_files; GoReleaser does not copy it into dist/).
  local assets=$work/assets
  mkdir -p "$assets"
  cp "$zip" "$sums" "$sums.sig" "$assets/"
  cp "$src/terraform-registry-manifest.json" "$assets/${base}_manifest.json"

  gpg --batch --verify "$assets/${base}_SHA256SUMS.sig" "$assets/${base}_SHA256SUMS"
  grep -qE "  ${base}_${host_os}_${host_arch}\.zip$" "$sums" || die "SHA256SUMS does not list the zip"
  grep -qE "  ${base}_manifest\.json$" "$sums" || die "SHA256SUMS does not list the manifest"
  (cd "$assets" && sha256sum --check --strict "${base}_SHA256SUMS")
  zip_sha=$(sha256sum "$zip" | cut -d' ' -f1)
}

# --- 5 ----------------------------------------------------------------------
mirror=$work/mirror
cfg=$work/config

make_mirror() {
  local dir=$mirror/$PROVIDER_HOST/$PROVIDER_NAMESPACE/$PROVIDER_TYPE
  mkdir -p "$dir"
  cp "$zip" "$dir/"
  cat >"$work/terraformrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["$PROVIDER_HOST/$PROVIDER_NAMESPACE/$PROVIDER_TYPE"]
  }
  direct {
    exclude = ["$PROVIDER_HOST/$PROVIDER_NAMESPACE/$PROVIDER_TYPE"]
  }
}
EOF
  export TF_CLI_CONFIG_FILE=$work/terraformrc
  find "$mirror" -type f | sed "s|^$work/||"

  mkdir -p "$cfg"
  sed "s/RELEASE_TEST_VERSION/$version/" "$root/scripts/release-test/main.tf" >"$cfg/main.tf"
  grep -q "version = \"$version\"" "$cfg/main.tf" || die "could not pin the snapshot version in main.tf"
}

# --- 6 ----------------------------------------------------------------------
tf() { terraform -chdir="$cfg" "$@" -no-color; }

terraform_init() {
  tf init -input=false
  local platform=${host_os}_${host_arch}
  local plugin=$cfg/.terraform/providers/$PROVIDER_HOST/$PROVIDER_NAMESPACE/$PROVIDER_TYPE/$version/$platform/${NAME}_v$version
  [ -x "$plugin" ] || die "provider not installed at ${plugin#"$cfg"/}"
  # Terraform ran the binary from the released zip (a mirror only gets h1:
  # hashes in the lock file, so compare the file itself).
  grep -qF "version     = \"$version\"" "$cfg/.terraform.lock.hcl" ||
    die ".terraform.lock.hcl does not select $version"
  unzip -p "$zip" "${NAME}_v$version" | cmp - "$plugin" ||
    die "the installed provider is not the binary from ${zip##*/}"
  # And the binary was built as .goreleaser.yml says. Build info omits
  # -ldflags under -trimpath, so look for the stamped version in the binary.
  grep -qaF "$version" "$plugin" || die "binary has no $version: -X main.version not applied?"
  local info
  info=$(go version -m "$plugin")
  grep -qE "build[[:space:]]+CGO_ENABLED=0" <<<"$info" || die "binary not built with CGO_ENABLED=0"
  grep -qE "build[[:space:]]+-trimpath=true" <<<"$info" || die "binary not built with -trimpath"
  echo "installed $PROVIDER_NAMESPACE/$PROVIDER_TYPE $version from the mirror (zip sha256 $zip_sha)"
}

terraform_validate() { tf validate; }

# Whether a process runs. The emulator is not our child, so once it exits it
# stays a zombie until init reaps it, and kill -0 still succeeds on a zombie.
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [ -r "/proc/$1/stat" ] || return 0
  local state
  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}

emulator_bin=$work/graph-emulator
emulator_env=$work/emu.env

build_emulator() { go build -o "$emulator_bin" "$EMULATOR_PKG"; }

start_emulator() {
  # Never let a developer's own Graph API settings reach the run.
  local v
  for v in $(compgen -e | grep '^FACEBOOK_' || true); do unset "$v"; done

  # Started from a subshell, so it is no job of this shell: it is stopped by
  # pid (stop_emulator, or the EXIT trap on any failure).
  emu_pid=$(
    "$emulator_bin" -addr 127.0.0.1:0 -seed demo -env-file "$emulator_env" </dev/null >"$work/emulator.log" 2>&1 &
    echo $!
  )
  local deadline=$((SECONDS + EMULATOR_START_TIMEOUT)) ready
  while :; do
    alive "$emu_pid" || die "the emulator exited before writing $emulator_env"
    if [ -s "$emulator_env" ]; then
      ready=1
      for v in "${EMULATOR_ENV_VARS[@]}"; do
        grep -qE "^(export[[:space:]]+)?$v=" "$emulator_env" || ready=
      done
      [ -z "$ready" ] || break
    fi
    [ "$SECONDS" -lt "$deadline" ] || die "the emulator wrote no complete $emulator_env within ${EMULATOR_START_TIMEOUT}s"
    sleep 0.2
  done
  set -a
  # shellcheck disable=SC1090
  . "$emulator_env"
  set +a
  case $FACEBOOK_BASE_URL in
    http://127.* | http://localhost[:/]* | http://\[::1\]*) ;;
    *) die "FACEBOOK_BASE_URL=$FACEBOOK_BASE_URL is not on loopback" ;;
  esac
  export TF_VAR_page_id=$FACEBOOK_TEST_PAGE_ID TF_VAR_business_id=$FACEBOOK_TEST_BUSINESS_ID
  echo "emulator (pid $emu_pid) at $FACEBOOK_BASE_URL; page $TF_VAR_page_id, business $TF_VAR_business_id"
}

terraform_apply() {
  tf apply -auto-approve -input=false
  tf state list | grep -qx 'facebook_page_agency.release_test' || die "facebook_page_agency.release_test not in state after apply"
}

terraform_plan() {
  local rc=0
  tf plan -detailed-exitcode -input=false || rc=$?
  case $rc in
    0) echo "no changes after apply" ;;
    2) die "plan after apply is not empty: the provider does not converge" ;;
    *) die "terraform plan failed (exit $rc)" ;;
  esac
}

terraform_destroy() {
  tf destroy -auto-approve -input=false
  [ -z "$(tf state list)" ] || die "state not empty after destroy"
}

# SIGTERM, then wait up to 5s for the emulator to go.
kill_emulator() {
  kill "$emu_pid" 2>/dev/null || return 0
  local tries=50
  while [ "$tries" -gt 0 ] && alive "$emu_pid"; do
    sleep 0.1
    tries=$((tries - 1))
  done
  if alive "$emu_pid"; then
    echo "release-test: the emulator (pid $emu_pid) ignored SIGTERM; killing it" >&2
    kill -KILL "$emu_pid" 2>/dev/null || true
  fi
  emu_pid=
}

stop_emulator() { kill_emulator; }

t_start=$(now_ms)
step "install goreleaser $GORELEASER_VERSION" install_goreleaser
step "throwaway GPG key" make_gpg_key
step "temporary clone" prepare_clone
step "goreleaser snapshot ($host_os/$host_arch)" run_goreleaser
step "verify signature and checksums" check_release_files
step "filesystem mirror" make_mirror
step "terraform init (mirror)" terraform_init
step "terraform validate" terraform_validate
step "build emulator" build_emulator
step "start emulator" start_emulator
step "terraform apply" terraform_apply
step "terraform plan (no changes)" terraform_plan
step "terraform destroy" terraform_destroy
step "stop emulator" stop_emulator

echo
echo "--- durations"
printf '%s\n' "${summary[@]}"
printf '%-34s %8s\n' "total" "$(fmt_ms $(($(now_ms) - t_start)))"
echo "release-test: OK"
