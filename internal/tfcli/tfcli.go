// Package tfcli is what the tests, the benchmark and the tools share to run
// a Terraform or OpenTofu CLI against a local build of the provider: which
// binary to run, the registry host that CLI gives the provider's address,
// and the CLI configuration that points it at the build. scripts/lib.sh
// writes the same configuration for the shell scripts.
package tfcli

import (
	"fmt"
	"os"
	"strings"
)

// Source is the provider's address as configurations write it. Without a
// host, each CLI reads it as its own registry's: registry.terraform.io for
// Terraform, registry.opentofu.org for OpenTofu.
const Source = "pageops/facebook"

// The variables terraform-plugin-testing reads to pick the CLI and the
// registry host of the providers it serves; everything here follows them
// too, so that one setting moves every test to another CLI.
const (
	EnvTerraformPath = "TF_ACC_TERRAFORM_PATH"
	EnvProviderHost  = "TF_ACC_PROVIDER_HOST"
)

// DefaultHost is Terraform's registry host.
const DefaultHost = "registry.terraform.io"

// Binary is the CLI to run: TF_ACC_TERRAFORM_PATH when set, else terraform
// from PATH.
func Binary() string {
	if p := os.Getenv(EnvTerraformPath); p != "" {
		return p
	}
	return "terraform"
}

// Host is the registry host the CLI under test puts in front of Source:
// TF_ACC_PROVIDER_HOST when set (registry.opentofu.org for OpenTofu), else
// registry.terraform.io.
func Host() string {
	if h := os.Getenv(EnvProviderHost); h != "" {
		return h
	}
	return DefaultHost
}

// Address is the provider's full address for the CLI under test, as
// TF_REATTACH_PROVIDERS must name it.
func Address() string { return Host() + "/" + Source }

// DevOverridesRC is a CLI configuration that runs the provider binary found
// in dir instead of installing the provider at source (Source, or a test
// provider's), and installs every other provider as usual.
func DevOverridesRC(source, dir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, source, dir)
}

// WriteDevOverridesRC writes DevOverridesRC(Source, dir) to path: the
// configuration that runs this provider's build in dir.
func WriteDevOverridesRC(path, dir string) error {
	return os.WriteFile(path, []byte(DevOverridesRC(Source, dir)), 0o600)
}

// Environ is this process's environment for running the CLI under test,
// then extra. It leaves out every TF_* variable, which would change how the
// CLI runs (logging, extra arguments, another CLI configuration, data
// directory, workspace, input variables), and every FACEBOOK_* variable,
// which would give the provider credentials the caller did not choose. It
// turns off the update check and the hints meant for people at a prompt.
func Environ(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "FACEBOOK_") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
	return append(env, extra...)
}
