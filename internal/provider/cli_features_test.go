package provider

import (
	"context"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pageops/terraform-provider-facebook/internal/tfcli"
)

// The CLI tests run against Terraform and OpenTofu (make test-matrix). A test
// that needs something not every CLI has says so with a cliFeature: on a CLI
// without it the test skips, and the skip message contains
// cliFeatureMissing, which make test-matrix counts (and refuses on the
// pinned Terraform, which has every feature).

// cliFeatureMissing marks every skip for a missing CLI feature.
const cliFeatureMissing = "CLI feature missing"

// cliFeature is a CLI feature the provider uses and the first versions of
// each CLI that have it (nil: that CLI has none yet).
type cliFeature struct {
	name      string
	terraform *version.Version
	tofu      *version.Version
}

var (
	featureEphemeral = cliFeature{"ephemeral resources", tfversion.Version1_10_0, version.Must(version.NewVersion("1.11.0"))}
	featureActions   = cliFeature{"actions (action blocks, action_trigger, -invoke)", tfversion.Version1_14_0, nil}
	featureIdentity  = cliFeature{"resource identities (import by identity)", tfversion.Version1_12_0, nil}
	featureQuery     = cliFeature{"list resources (terraform query)", tfversion.Version1_14_0, nil}
)

// missing says why cli lacks f, or "" when it has it.
func (f cliFeature) missing(cli cliVersion) string {
	first, product := f.terraform, "Terraform"
	if cli.tofu {
		first, product = f.tofu, "OpenTofu"
	}
	switch {
	case first == nil:
		return cliFeatureMissing + ": " + f.name + " are not in " + product + " " + cli.version.String() + " nor any release of it yet"
	case cli.version.LessThan(first):
		return cliFeatureMissing + ": " + f.name + " need " + product + " >= " + first.String() + ", this is " + cli.version.String() + "; set TF_ACC_TERRAFORM_PATH to a newer one (make test-matrix builds one)"
	}
	return ""
}

// versionChecks is f as terraform-plugin-testing's TerraformVersionChecks.
func (f cliFeature) versionChecks() []tfversion.TerraformVersionCheck {
	return []tfversion.TerraformVersionCheck{f}
}

// CheckTerraformVersion makes cliFeature a tfversion.TerraformVersionCheck.
// The request's version does not tell Terraform from OpenTofu, so the CLI
// is asked itself.
func (f cliFeature) CheckTerraformVersion(_ context.Context, _ tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	cli, err := cliUnderTest()
	if err != nil {
		resp.Error = err
		return
	}
	resp.Skip = f.missing(cli)
}

// skipUnlessCLIHas is the same check for the tests that drive the CLI
// themselves (tfDir).
func skipUnlessCLIHas(t *testing.T, f cliFeature) {
	t.Helper()
	cli, err := cliUnderTest()
	if err != nil {
		t.Fatal(err)
	}
	if why := f.missing(cli); why != "" {
		t.Skip(why)
	}
}

// cliVersion is which CLI the tests run and its version.
type cliVersion struct {
	tofu    bool
	version *version.Version
}

var cliUnderTest = sync.OnceValues(func() (cliVersion, error) {
	out, err := exec.CommandContext(context.Background(), tfcli.Binary(), "version").Output() //nolint:gosec // G204: the CLI under test (TF_ACC_TERRAFORM_PATH or terraform)
	if err != nil {
		return cliVersion{}, err
	}
	// The first line is "Terraform v1.14.9" or "OpenTofu v1.12.6".
	first, _, _ := strings.Cut(string(out), "\n")
	product, v, ok := strings.Cut(strings.TrimSpace(first), " v")
	if !ok || (product != "Terraform" && product != "OpenTofu") {
		return cliVersion{}, &unknownCLIError{first}
	}
	parsed, err := version.NewVersion(v)
	if err != nil {
		return cliVersion{}, err
	}
	return cliVersion{tofu: product == "OpenTofu", version: parsed.Core()}, nil
})

type unknownCLIError struct{ line string }

func (e *unknownCLIError) Error() string {
	return "the CLI under test (" + tfcli.Binary() + ") is neither Terraform nor OpenTofu: its version says " + e.line
}

func TestCLIFeatureMissing(t *testing.T) {
	v := func(s string) *version.Version { return version.Must(version.NewVersion(s)) }
	for _, tc := range []struct {
		cli  cliVersion
		f    cliFeature
		want string
	}{
		{cliVersion{false, v("1.14.0")}, featureActions, ""},
		{cliVersion{false, v("1.11.4")}, featureActions, "CLI feature missing: actions (action blocks, action_trigger, -invoke) need Terraform >= 1.14.0, this is 1.11.4; set TF_ACC_TERRAFORM_PATH to a newer one (make test-matrix builds one)"},
		{cliVersion{true, v("1.99.0")}, featureActions, "CLI feature missing: actions (action blocks, action_trigger, -invoke) are not in OpenTofu 1.99.0 nor any release of it yet"},
		{cliVersion{true, v("1.12.6")}, featureEphemeral, ""},
		{cliVersion{false, v("1.12.0")}, featureIdentity, ""},
		{cliVersion{true, v("1.12.6")}, featureIdentity, "CLI feature missing: resource identities (import by identity) are not in OpenTofu 1.12.6 nor any release of it yet"},
		{cliVersion{false, v("1.13.5")}, featureQuery, "CLI feature missing: list resources (terraform query) need Terraform >= 1.14.0, this is 1.13.5; set TF_ACC_TERRAFORM_PATH to a newer one (make test-matrix builds one)"},
		{cliVersion{true, v("1.10.0")}, featureEphemeral, "CLI feature missing: ephemeral resources need OpenTofu >= 1.11.0, this is 1.10.0; set TF_ACC_TERRAFORM_PATH to a newer one (make test-matrix builds one)"},
	} {
		if got := tc.f.missing(tc.cli); got != tc.want {
			t.Errorf("%+v lacks %s: got %q, want %q", tc.cli, tc.f.name, got, tc.want)
		}
	}
}
