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

// runPeer applies n time_static resources twice, each in its own working
// directory, once with default logging and once with the SDK's logs off,
// then plans both o.planRuns times, interleaved.
func runPeer(ctx context.Context, tf *terraformRunner, o options, n int, work string) ([]result, error) {
	s := scenario{N: n, P: 0}
	var rows []result
	dirs := map[string]string{}
	for _, variant := range []struct {
		name, apply string
		env         []string
	}{{"default", phaseApply, nil}, {"sdk-off", phaseApplySDKOff, sdkLogsOff}} {
		dir := filepath.Join(work, fmt.Sprintf("time-%d-%s", n, variant.name))
		if err := writePeerConfig(dir, n); err != nil {
			return nil, err
		}
		dirs[variant.name] = dir
		logf("%s %d: %s", peerProvider, n, variant.apply)
		r, err := measurePeer(ctx, tf, dir, s, variant.apply, variant.env, applyArgs)
		if err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	runs := map[string][]result{}
	for i := range o.planRuns {
		for _, variant := range []struct {
			name, phase string
			env         []string
		}{{"default", phasePlan, nil}, {"sdk-off", phasePlanSDKOff, sdkLogsOff}} {
			logf("%s %d: %s (%d/%d)", peerProvider, n, variant.phase, i+1, o.planRuns)
			r, err := measurePeer(ctx, tf, dirs[variant.name], s, variant.phase, variant.env, planArgs)
			if err != nil {
				return rows, err
			}
			runs[variant.phase] = append(runs[variant.phase], r)
		}
	}
	return append(rows, combine(runs[phasePlan]), combine(runs[phasePlanSDKOff])), nil
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
