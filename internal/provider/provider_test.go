package provider

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// Fixture ids used across the acceptance tests.
const (
	testUserToken  = "EAAGuserTOKENforTESTS0123456789"
	testPageID     = "100000000000001"
	testBusinessID = "200000000000001"
	testBusiness   = "Acme Agency"
)

// TestMain makes the CLI acceptance tests runnable with plain `go test` on a
// machine whose environment points TF_CLI_CONFIG_FILE at a missing file, and
// refuses to let terraform-plugin-testing download a Terraform binary.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if _, err := exec.LookPath("terraform"); err != nil {
			fmt.Fprintln(os.Stderr, "terraform is not on PATH. Install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) or set TF_ACC_TERRAFORM_PATH; the acceptance tests drive the real CLI against the local Graph API emulator.")
			os.Exit(1)
		}
	}
	tmp, err := os.MkdirTemp("", "tfprovider-facebook-test-")
	if err != nil {
		panic(err)
	}
	testTmpDir = tmp
	if cfg := os.Getenv("TF_CLI_CONFIG_FILE"); cfg == "" || !fileExists(cfg) {
		empty := filepath.Join(tmp, "terraformrc")
		if err := os.WriteFile(empty, nil, 0o600); err != nil {
			panic(err)
		}
		mustSetenv("TF_CLI_CONFIG_FILE", empty)
	}
	if os.Getenv("TF_ACC_TEMP_DIR") == "" {
		mustSetenv("TF_ACC_TEMP_DIR", tmp)
	}
	mustSetenv("CHECKPOINT_DISABLE", "1")
	code := m.Run()
	if err := os.RemoveAll(tmp); err != nil {
		fmt.Fprintf(os.Stderr, "could not remove the test directory: %v\n", err)
	}
	os.Exit(code)
}

// mustSetenv is os.Setenv for TestMain, which has no t to fail.
func mustSetenv(key, value string) {
	if err := os.Setenv(key, value); err != nil {
		panic(err)
	}
}

// testTmpDir is removed when the tests end; shared artefacts such as the
// built provider binary live there.
var testTmpDir string

func fileExists(p string) bool {
	_, err := os.Stat(p) //nolint:gosec // G703: only checks whether the tester's own TF_CLI_CONFIG_FILE exists
	return err == nil
}

// fastRetries keeps the client's real retry policy but shortens its waits,
// so tests of throttling take milliseconds.
func fastRetries(cfg *graph.Config) {
	cfg.RetryWaitMin = 5 * time.Millisecond
	cfg.RetryWaitMax = 50 * time.Millisecond
	cfg.RegainUnit = 50 * time.Millisecond
}

// providerFactories returns the in-process provider for the CLI tests.
func providerFactories(tune ...func(*graph.Config)) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"facebook": func() (tfprotov6.ProviderServer, error) {
			return NewProtocol6Server(&facebookProvider{
				version: "test",
				tune: func(cfg *graph.Config) {
					fastRetries(cfg)
					for _, f := range tune {
						f(cfg)
					}
				},
			})(), nil
		},
	}
}

// newEmulator starts a Graph API emulator with a user who has a role on the
// test page, and the test business. Pages hold two items, so listings take
// several calls.
func newEmulator(t *testing.T) *graphtest.Emulator {
	t.Helper()
	emu := graphtest.Start(t, graphtest.Options{MaxLimit: 2})
	emu.AddPage(testPageID, "Test Page")
	emu.AddUser(testUserToken, testPageID)
	emu.AddBusiness(testBusinessID, testBusiness)
	return emu
}

// providerBlock configures the provider against emu.
func providerBlock(emu *graphtest.Emulator) string {
	return fmt.Sprintf(`
provider "facebook" {
  base_url     = %q
  access_token = %q
}
`, emu.URL(), testUserToken)
}
