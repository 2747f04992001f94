package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/pageops/terraform-provider-facebook/internal/procmem"
	"github.com/pageops/terraform-provider-facebook/internal/tfcli"
)

// terraformRunner runs the terraform CLI against the provider binary under
// test, with a CLI configuration of its own: the user's ~/.terraformrc and
// any TF_* or FACEBOOK_* variables of the calling environment never apply.
type terraformRunner struct {
	terraform   string // terraform executable
	provider    string // absolute path of the provider binary Terraform runs
	cliConfig   string // generated CLI configuration (dev_overrides)
	sampleEvery time.Duration
}

// run is one measured terraform command.
type run struct {
	Wall      time.Duration
	PeakRSS   int64 // bytes, largest VmHWM over the provider processes
	Providers int   // provider processes Terraform started
	ExitCode  int
}

// exec runs terraform args in dir, its output appended to logPath, and
// measures the wall time and the provider's peak memory. A non-zero exit
// code is not an error here: plan -detailed-exitcode uses 2 for "changes".
func (r *terraformRunner) exec(ctx context.Context, dir, logPath string, extraEnv []string, args ...string) (run, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600) //nolint:gosec // G304: the benchmark's own log, under its working directory
	if err != nil {
		return run{}, err
	}
	defer func() { _ = logFile.Close() }() // a log; Terraform's exit status is what counts
	if _, err := fmt.Fprintf(logFile, "\n$ terraform %s\n", strings.Join(args, " ")); err != nil {
		return run{}, err
	}

	cmd := exec.CommandContext(ctx, r.terraform, args...) //nolint:gosec // G204: terraform from PATH with the benchmark's fixed arguments
	cmd.Dir, cmd.Env = dir, tfcli.Environ(append([]string{"TF_CLI_CONFIG_FILE=" + r.cliConfig}, extraEnv...)...)
	cmd.Stdout, cmd.Stderr = logFile, logFile

	sampler := procmem.StartPeakSampler(r.provider, r.sampleEvery)
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	peak, procs := sampler.Stop()

	res := run{Wall: wall, PeakRSS: peak, Providers: procs}
	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		res.ExitCode = exitErr.ExitCode()
	case err != nil:
		return res, fmt.Errorf("terraform %s: %w", args[0], err)
	}
	return res, nil
}

// newTerraformRunner writes a CLI configuration into work that installs
// provider (a binary named terraform-provider-<type>) as source, and returns
// a runner for it.
func newTerraformRunner(terraform, work, name, source, provider string, sampleEvery time.Duration) (*terraformRunner, error) {
	cliConfig := filepath.Join(work, name+".terraformrc")
	err := os.WriteFile(cliConfig, []byte(tfcli.DevOverridesRC(source, filepath.Dir(provider))), 0o600)
	if err != nil {
		return nil, err
	}
	return &terraformRunner{terraform: terraform, provider: provider, cliConfig: cliConfig, sampleEvery: sampleEvery}, nil
}
