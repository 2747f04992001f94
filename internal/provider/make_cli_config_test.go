package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/tfcli"
)

// TestMakeNeverTouchesTheUsersCLIConfig: with TF_CLI_CONFIG_FILE naming a
// file that does not exist, in the environment and on make's command line,
// make and the scripts use the project's own configuration and neither read
// nor create the user's file (`export TF_CLI_CONFIG_FILE ?=` used to create
// it empty, and make test then read it).
func TestMakeNeverTouchesTheUsersCLIConfig(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	users := filepath.Join(t.TempDir(), "home", ".terraformrc")
	own := filepath.Join(root, ".tmp", "terraformrc")
	if err := os.MkdirAll(filepath.Dir(users), 0o700); err != nil { // so that creating it would succeed
		t.Fatal(err)
	}
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), name, args...) //nolint:gosec // G204: make and bash with this test's own arguments
		cmd.Dir = root
		cmd.Env = append(tfcli.Environ(), "TF_CLI_CONFIG_FILE="+users)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", name, args, err, out)
		}
		return strings.TrimSpace(string(out))
	}

	run("make", "-s", "tf-env")
	run("make", "-s", "tf-env", "TF_CLI_CONFIG_FILE="+users)
	if _, err := os.Stat(users); !os.IsNotExist(err) {
		t.Fatalf("make tf-env touched the user's CLI configuration %s: %v", users, err)
	}
	// What make exports to every recipe, and what every script runs with.
	if got := run("make", "-s", "--eval=print-cli-config: ; @echo $$TF_CLI_CONFIG_FILE", "print-cli-config"); got != own {
		t.Errorf("make's recipes run with TF_CLI_CONFIG_FILE=%s, want %s", got, own)
	}
	if got := run("bash", "-c", `. scripts/lib.sh && echo "$TF_CLI_CONFIG_FILE"`); got != own {
		t.Errorf("the scripts run with TF_CLI_CONFIG_FILE=%s, want %s", got, own)
	}
	if _, err := os.Stat(users); !os.IsNotExist(err) {
		t.Fatalf("the scripts touched the user's CLI configuration %s: %v", users, err)
	}
}
