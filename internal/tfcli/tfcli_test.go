package tfcli

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestBinaryAndHostFollowTerraformPluginTesting(t *testing.T) {
	t.Setenv(EnvTerraformPath, "")
	t.Setenv(EnvProviderHost, "")
	if got := Binary(); got != "terraform" {
		t.Errorf("Binary() = %q without %s, want terraform", got, EnvTerraformPath)
	}
	if got := Address(); got != "registry.terraform.io/pageops/facebook" {
		t.Errorf("Address() = %q, want registry.terraform.io/pageops/facebook", got)
	}
	t.Setenv(EnvTerraformPath, "/opt/tofu")
	t.Setenv(EnvProviderHost, "registry.opentofu.org")
	if got := Binary(); got != "/opt/tofu" {
		t.Errorf("Binary() = %q, want /opt/tofu", got)
	}
	if got := Address(); got != "registry.opentofu.org/pageops/facebook" {
		t.Errorf("Address() = %q, want registry.opentofu.org/pageops/facebook", got)
	}
}

// The shell scripts write the same file (scripts/lib.sh); this pins its text.
func TestWriteDevOverridesRC(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rc")
	if err := WriteDevOverridesRC(path, "/build/bin"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path) //nolint:gosec // G304: the test's own temp file
	if err != nil {
		t.Fatal(err)
	}
	want := `provider_installation {
  dev_overrides {
    "pageops/facebook" = "/build/bin"
  }
  direct {}
}
`
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestEnvironLeavesOutWhatChangesTheRun(t *testing.T) {
	t.Setenv("TF_LOG", "trace")
	t.Setenv("TF_CLI_CONFIG_FILE", "/home/someone/.terraformrc")
	t.Setenv("TF_VAR_page_id", "1")
	t.Setenv("FACEBOOK_ACCESS_TOKEN", "EAAB-not-for-this-run")
	t.Setenv("TFCLI_KEPT", "yes")
	env := Environ("TF_CLI_CONFIG_FILE=/tmp/rc", "FACEBOOK_BASE_URL=http://127.0.0.1:1")
	for _, gone := range []string{"TF_LOG=trace", "TF_CLI_CONFIG_FILE=/home/someone/.terraformrc", "TF_VAR_page_id=1", "FACEBOOK_ACCESS_TOKEN=EAAB-not-for-this-run"} {
		if slices.Contains(env, gone) {
			t.Errorf("Environ kept %s", gone)
		}
	}
	for _, kept := range []string{"TFCLI_KEPT=yes", "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1"} {
		if !slices.Contains(env, kept) {
			t.Errorf("Environ lacks %s", kept)
		}
	}
	// The caller's own settings come last, so that they win.
	if got := env[len(env)-2:]; !slices.Equal(got, []string{"TF_CLI_CONFIG_FILE=/tmp/rc", "FACEBOOK_BASE_URL=http://127.0.0.1:1"}) {
		t.Errorf("Environ ends with %q, want the extra settings in order", got)
	}
}
