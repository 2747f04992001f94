package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
)

// The peer is HashiCorp's own framework provider hashicorp/time, whose
// time_static makes no API calls at all: what Terraform and the framework
// cost by themselves. scripts/bench.sh builds it from the Go module proxy.
const (
	peerSource   = "hashicorp/time"
	peerProvider = "time_static"
)

// sdkLogsOff is how a user turns the plugin SDK's logs off by hand; the
// peer is measured with and without it.
var sdkLogsOff = []string{"TF_LOG_SDK=OFF", "TF_LOG_SDK_PROTO=OFF", "TF_LOG_SDK_FRAMEWORK=OFF"}

// Peer phases: default logging, and SDK logs off.
const (
	phaseApply       = "apply"
	phasePlan        = "plan"
	phaseApplySDKOff = "apply-sdk-off"
	phasePlanSDKOff  = "plan-sdk-off"
)

// peerRuns is the peer at one size: its two applied working directories
// (default logging, SDK logs off) and the plans measured in them so far.
type peerRuns struct {
	n    int
	dirs map[string]string
	runs map[string][]result
}

// peerVariants are the peer's two ways of running: with default logging,
// and with the SDK's logs off.
var peerVariants = []struct {
	name, apply, plan string
	env               []string
}{{"default", phaseApply, phasePlan, nil}, {"sdk-off", phaseApplySDKOff, phasePlanSDKOff, sdkLogsOff}}

// applyPeer applies n time_static resources twice, each in its own working
// directory, once per variant, and returns the apply rows.
func applyPeer(ctx context.Context, tf *terraformRunner, n int, work string) (*peerRuns, []result, error) {
	p := &peerRuns{n: n, dirs: map[string]string{}, runs: map[string][]result{}}
	var rows []result
	for _, variant := range peerVariants {
		dir := filepath.Join(work, fmt.Sprintf("time-%d-%s", n, variant.name))
		if err := writePeerConfig(dir, n); err != nil {
			return nil, rows, err
		}
		p.dirs[variant.name] = dir
		logf("%s %d: %s", peerProvider, n, variant.apply)
		r, err := measurePeer(ctx, tf, dir, scenario{N: n}, variant.apply, variant.env, applyArgs)
		if err != nil {
			return nil, rows, err
		}
		rows = append(rows, r)
	}
	return p, rows, nil
}

// planOnce plans both variants once; round and of only label the progress.
func (p *peerRuns) planOnce(ctx context.Context, tf *terraformRunner, round, of int) error {
	for _, variant := range peerVariants {
		logf("%s %d: %s (%d/%d)", peerProvider, p.n, variant.plan, round, of)
		r, err := measurePeer(ctx, tf, p.dirs[variant.name], scenario{N: p.n}, variant.plan, variant.env, planArgs)
		if err != nil {
			return err
		}
		p.runs[variant.plan] = append(p.runs[variant.plan], r)
	}
	return nil
}

// rows reports the plans measured so far, one row per variant.
func (p *peerRuns) rows() []result {
	var rows []result
	for _, variant := range peerVariants {
		if runs := p.runs[variant.plan]; len(runs) > 0 {
			rows = append(rows, combine(runs))
		}
	}
	return rows
}

func measurePeer(ctx context.Context, tf *terraformRunner, dir string, s scenario, phase string, env, args []string) (result, error) {
	logPath := filepath.Join(dir, "terraform.log")
	r, err := tf.exec(ctx, dir, logPath, env, args...)
	if err != nil {
		return result{}, err
	}
	if r.ExitCode != 0 {
		return result{}, fmt.Errorf("%s %s exited with %d:\n%s", peerProvider, phase, r.ExitCode, tail(logPath, 30))
	}
	res := newResult(s, phase, 0, r, nil, 0)
	res.Provider, res.Scenario = peerProvider, fmt.Sprintf("%d", s.N)
	return res, nil
}

func writePeerConfig(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "main.tf"), []byte(fmt.Sprintf(`terraform {
  required_providers {
    time = { source = %q }
  }
}

resource "time_static" "bench" {
  count = %d
}
`, peerSource, n)), 0o600)
}

// peerBinaryOK checks that path is an executable file, so that a missing
// peer fails before any scenario runs.
func peerBinaryOK(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("the comparison provider %s: %w (scripts/bench.sh builds it)", path, err)
	}
	if fi.IsDir() || fi.Mode()&0o111 == 0 {
		return fmt.Errorf("the comparison provider %s is not an executable file", path)
	}
	return nil
}
