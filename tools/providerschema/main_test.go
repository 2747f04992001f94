package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/pageops/terraform-provider-facebook/internal/provider"

	"github.com/pageops/terraform-provider-facebook/internal/tfcli"
)

// serveSynthetic, when set, makes this test binary serve the synthetic
// provider instead of running tests: terraform starts it as a plugin.
const serveSynthetic = "PROVIDERSCHEMA_TEST_SERVE_SYNTHETIC"

func TestMain(m *testing.M) {
	if os.Getenv(serveSynthetic) != "" {
		if err := tf6server.Serve(syntheticAddress, func() tfprotov6.ProviderServer { return synthetic{} }); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// The converter must print what `terraform providers schema -json` prints.
// A Terraform older than the kinds it prints leaves them out: identities
// before 1.12, actions and list resources before 1.14 (the terraform on
// PATH may be 1.11; TF_ACC_TERRAFORM_PATH may name a newer one). A kind the
// CLI leaves out is compared only in the converter's favour: the converter
// must have it, with the named entry, unverified.
var newerKinds = map[string]string{
	"resource_identity_schemas": "1.12",
	"action_schemas":            "1.14",
	"list_resource_schemas":     "1.14",
}

func TestFacebookMatchesTerraform(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "terraform-provider-facebook")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".") //nolint:gosec // G204: bin is this test's own temp dir
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	server := provider.NewProtocol6Server(provider.New("docs")())()
	compareWithTerraform(t, server, provider.Address, "facebook", bin, nil, map[string]string{
		"action_schemas": "facebook_page_message", "resource_identity_schemas": "facebook_page_agency", "list_resource_schemas": "facebook_page_agency",
	})
}

func TestSyntheticMatchesTerraform(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "terraform-provider-synthetic")
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	compareWithTerraform(t, synthetic{}, syntheticAddress, "synthetic", bin, []string{serveSynthetic + "=1"}, map[string]string{
		"action_schemas": "synthetic_poke", "resource_identity_schemas": "synthetic_thing", "list_resource_schemas": "synthetic_thing",
	})
}

// compareWithTerraform runs the real terraform against the provider binary
// bin (through a CLI config's dev_overrides, in an otherwise empty
// configuration) and compares its schema JSON with the converter's for the
// same provider served in-process. entries names, for each of newerKinds,
// an entry the provider has.
func compareWithTerraform(t *testing.T, server tfprotov6.ProviderServer, addr, name, bin string, env []string, entries map[string]string) {
	t.Helper()
	terraform := terraformPath(t)
	dir := t.TempDir()
	source := strings.TrimPrefix(addr, "registry.terraform.io/")
	rc := filepath.Join(dir, "terraformrc")
	writeFile(t, rc, tfcli.DevOverridesRC(source, filepath.Dir(bin)))
	writeFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf("terraform {\n  required_providers {\n    %s = { source = %q }\n  }\n}\n", name, source))

	//nolint:gosec // G204: the CLI under test, named by TF_ACC_TERRAFORM_PATH or found on PATH
	cmd := exec.CommandContext(t.Context(), terraform, "providers", "schema", "-json")
	cmd.Dir = dir
	cmd.Env = tfcli.Environ(append(env, "TF_CLI_CONFIG_FILE="+rc)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("terraform providers schema -json: %v\n%s", err, stderr.String())
	}
	want := decode(t, "terraform", stdout.Bytes())

	doc, err := render(t.Context(), server, addr)
	if err != nil {
		t.Fatal(err)
	}
	got := decode(t, "converter", doc)

	for kind, entry := range entries {
		if _, ok := want.schemas(t, addr)[kind]; ok {
			continue
		}
		var printed map[string]json.RawMessage
		if err := json.Unmarshal(got.schemas(t, addr)[kind], &printed); err != nil || len(printed[entry]) < len(`{"x":1}`) {
			t.Fatalf("converter's %s lack %s or its content (%v): %s", kind, entry, err, got.schemas(t, addr)[kind])
		}
		t.Logf("terraform %s prints no %s (Terraform %s and later do): %s not compared", terraformVersion(t, terraform), kind, newerKinds[kind], entry)
		delete(got.schemas(t, addr), kind)
	}
	if diff := cmp.Diff(normalise(t, want), normalise(t, got)); diff != "" {
		t.Errorf("converter output differs from terraform providers schema -json (-terraform +converter):\n%s", diff)
	}
}

// document keeps the provider's entry raw, so that whole kinds can be
// dropped before comparing.
type document struct {
	FormatVersion string                                `json:"format_version"`
	Schemas       map[string]map[string]json.RawMessage `json:"provider_schemas"`
}

func decode(t *testing.T, from string, b []byte) *document {
	t.Helper()
	var d document
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s printed no schema JSON: %v\n%s", from, err, b)
	}
	return &d
}

func (d *document) schemas(t *testing.T, addr string) map[string]json.RawMessage {
	t.Helper()
	s, ok := d.Schemas[addr]
	if !ok {
		t.Fatalf("no provider_schemas[%q] in %v", addr, d.Schemas)
	}
	return s
}

// normalise reduces a document to generic JSON values, so that the
// comparison is about structure, not key order or spacing.
func normalise(t *testing.T, d *document) any {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// terraformPath is the terraform to compare with: the CLI the acceptance
// tests run (tfcli.Binary), as a path.
func terraformPath(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath(tfcli.Binary())
	if err != nil {
		t.Fatalf("%v: install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) or set %s; this test compares with its output.", err, tfcli.EnvTerraformPath)
	}
	return p
}

func terraformVersion(t *testing.T, terraform string) string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), terraform, "version").Output()
	if err != nil {
		return "(unknown version)"
	}
	first, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimPrefix(first, "Terraform ")
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
