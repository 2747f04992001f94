package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/tfcli"
)

// tfDir drives the terraform CLI directly, for what terraform-plugin-testing
// cannot do: -parallelism, TF_LOG to a file, saved plans and
// `terraform show -json`, the provider as a released binary installed
// through dev_overrides, and signals (see helpers_test.go for when to use
// which harness).

// requiredProviders is the terraform block every CLI test configuration
// starts with.
const requiredProviders = `
terraform {
  required_providers {
    facebook = { source = "pageops/facebook" }
  }
}
`

// tfDir is a Terraform working directory and the environment its commands
// run with.
type tfDir struct {
	t   *testing.T
	dir string
	env []string
}

// tfResult is what one terraform command printed, and its exit code.
type tfResult struct {
	args           []string
	stdout, stderr string
	code           int
}

func (r tfResult) output() string { return r.stdout + r.stderr }

// newBinaryDir returns a working directory whose terraform runs the provider
// built as a binary (go build), installed through a generated CLI config's
// dev_overrides, exactly as a user's Terraform would run a release.
func newBinaryDir(t *testing.T, config string) *tfDir {
	t.Helper()
	bin := providerBinary(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, "terraformrc")
	if err := tfcli.WriteDevOverridesRC(rc, filepath.Dir(bin)); err != nil {
		t.Fatal(err)
	}
	d := &tfDir{t: t, dir: dir, env: []string{"TF_CLI_CONFIG_FILE=" + rc}}
	d.write(config)
	return d
}

// newInProcessDir returns a working directory whose terraform reattaches to
// the provider served from this test process, so that the race detector and
// the test's client tuning (short retry waits) cover it.
func newInProcessDir(t *testing.T, config string, tune ...func(*graph.Config)) *tfDir {
	t.Helper()
	dir := t.TempDir()
	rc := filepath.Join(dir, "terraformrc")
	writeFile(t, rc, "")
	d := &tfDir{t: t, dir: dir, env: []string{"TF_CLI_CONFIG_FILE=" + rc, "TF_REATTACH_PROVIDERS=" + serveInProcess(t, tune...)}}
	d.write(config)
	if r := d.run("init"); r.code != 0 {
		t.Fatalf("terraform init: %s", r.output())
	}
	return d
}

func (d *tfDir) write(config string) {
	d.t.Helper()
	writeFile(d.t, filepath.Join(d.dir, "main.tf"), requiredProviders+config)
}

func (d *tfDir) path(name string) string { return filepath.Join(d.dir, name) }

// run runs terraform with args; -no-color and -input=false are added.
func (d *tfDir) run(args ...string) tfResult {
	d.t.Helper()
	return d.runWith(nil, args...)
}

// runWith is run with a hook called once the command has started (for
// tests that signal it).
func (d *tfDir) runWith(started func(*exec.Cmd), args ...string) tfResult {
	d.t.Helper()
	full := append([]string{args[0]}, "-no-color")
	if !slices.Contains([]string{"show", "version", "query", "validate"}, args[0]) {
		full = append(full, "-input=false")
	}
	full = append(full, args[1:]...)
	cmd := exec.CommandContext(d.t.Context(), tfcli.Binary(), full...) //nolint:gosec // G204: the CLI under test (TF_ACC_TERRAFORM_PATH) with the calling test's own command line
	cmd.Dir = d.dir
	cmd.Env = tfcli.Environ(d.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		d.t.Fatalf("terraform %v: %v", full, err)
	}
	if started != nil {
		started(cmd)
	}
	err := cmd.Wait()
	res := tfResult{args: full, stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.code = exit.ExitCode()
	case err != nil:
		d.t.Fatalf("terraform %v: %v", full, err)
	}
	return res
}

// outputs returns the root module's outputs in the state, as
// `terraform show -json` prints them.
func (d *tfDir) outputs() map[string]any {
	d.t.Helper()
	var shown struct {
		Values struct {
			Outputs map[string]struct {
				Value any `json:"value"`
			} `json:"outputs"`
		} `json:"values"`
	}
	out := d.run("show", "-json")
	if err := json.Unmarshal([]byte(out.stdout), &shown); err != nil {
		d.t.Fatalf("terraform show -json: %v\n%s", err, out.output())
	}
	values := map[string]any{}
	for name, o := range shown.Values.Outputs {
		values[name] = o.Value
	}
	return values
}

// must runs terraform and fails the test unless it exits 0.
func (d *tfDir) must(args ...string) {
	d.t.Helper()
	r := d.run(args...)
	if r.code != 0 {
		d.t.Fatalf("terraform %v exited %d:\n%s", r.args, r.code, r.output())
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	//nolint:gosec // G703: name is a path under the test's own temporary directory
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
)

// providerBinary builds the provider from the module root once per test run.
func providerBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp(testTmpDir, "bin-") //nolint:usetesting // built once and shared by every test, so no single test's TempDir may own it; TestMain removes testTmpDir
		if err != nil {
			buildErr = err
			return
		}
		builtPath = filepath.Join(dir, "terraform-provider-facebook")
		cmd := exec.CommandContext(t.Context(), "go", "build", "-o", builtPath, ".") //nolint:gosec // G204: builtPath is a fresh directory under the test run's temp dir
		cmd.Dir = filepath.Join("..", "..")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtPath
}

// serveInProcess serves the provider from this process in go-plugin's debug
// mode and returns the TF_REATTACH_PROVIDERS value pointing terraform at it.
// The server stops when the test ends.
func serveInProcess(t *testing.T, tune ...func(*graph.Config)) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig, 1)
	closeCh := make(chan struct{})
	p := &facebookProvider{version: "test", tune: func(cfg *graph.Config) {
		fastRetries(cfg)
		for _, f := range tune {
			f(cfg)
		}
	}}
	serveErr := make(chan error, 1)
	go func() {
		serveErr <- tf6server.Serve(tfcli.Address(), NewProtocol6Server(p),
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			// Provider logs follow TF_LOG of the test process, as with
			// terraform-plugin-testing, instead of flooding stderr.
			tf6server.WithLoggingSink(t))
	}()
	var rc *plugin.ReattachConfig
	select {
	case rc = <-configCh:
	case err := <-serveErr:
		cancel()
		t.Fatalf("serving the provider: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("the in-process provider server did not start")
	}
	t.Cleanup(func() {
		cancel()
		select {
		case <-closeCh:
		case <-time.After(10 * time.Second):
			t.Error("the in-process provider server did not stop")
		}
	})
	reattach, err := json.Marshal(map[string]any{tfcli.Address(): map[string]any{
		"Protocol": string(rc.Protocol), "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": rc.Test,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(reattach)
}

// generateConfig runs `terraform query -generate-config-out` and returns
// the configuration it wrote, which must hold imports import blocks (what
// says what they are, for the failure message).
func (d *tfDir) generateConfig(imports int, what string) string {
	d.t.Helper()
	d.must("query", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(d.path("generated.tf"))
	if err != nil {
		d.t.Fatal(err)
	}
	if n := strings.Count(string(generated), "import {"); n != imports {
		d.t.Fatalf("generated.tf has %d import blocks, want %d%s:\n%s", n, imports, what, generated)
	}
	return string(generated)
}

// applyGenerated applies the configuration generateConfig wrote, which must
// import its imports resources and change nothing.
func (d *tfDir) applyGenerated(imports int, generated string) {
	d.t.Helper()
	apply := d.run("apply", "-auto-approve")
	if want := fmt.Sprintf("%d imported, 0 added, 0 changed, 0 destroyed", imports); apply.code != 0 || !strings.Contains(apply.stdout, want) {
		d.t.Fatalf("apply of the generated configuration (exit %d):\n%s\ngenerated.tf:\n%s", apply.code, apply.output(), generated)
	}
}

// planIsEmpty fails the test unless a plan proposes no change.
func (d *tfDir) planIsEmpty(after string) {
	d.t.Helper()
	if plan := d.run("plan", "-detailed-exitcode"); plan.code != 0 {
		d.t.Fatalf("plan after %s exited %d, want 0 (no changes):\n%s", after, plan.code, plan.output())
	}
}
