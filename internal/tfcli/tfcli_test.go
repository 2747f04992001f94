package tfcli

import (
	"os"
	"path/filepath"
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
