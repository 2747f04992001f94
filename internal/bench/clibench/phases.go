package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// envNaiveListing turns the provider's shared agencies listing off in a
// binary built with the bench tag (internal/provider/bench_switches.go):
// the naive comparison.
const envNaiveListing = "FACEBOOK_BENCH_NAIVE_LISTING=1"

var (
	applyArgs = []string{"apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=10"}
	// -detailed-exitcode: 0 is an empty plan, which a plan right after the
	// apply must be; anything else makes the measurement meaningless.
	planArgs = []string{"plan", "-refresh=true", "-input=false", "-no-color", "-lock=false", "-parallelism=10", "-detailed-exitcode"}
)

// runScenario applies the scenario against a fresh emulator, then plans it
// o.planRuns times at o.latency and at 0 latency, interleaved so that drift
// in the machine's speed hits both alike, calling between (when set) after
// each round, and with a naive runner (a bench build), once more without
// the shared listing.
func runScenario(ctx context.Context, tf, naive *terraformRunner, o options, s scenario, work string, between func(round int) error) ([]result, error) {
	dir := filepath.Join(work, fmt.Sprintf("n%d-p%d%s%s", s.N, s.P, s.Kind, s.Order))
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	e := graphtest.New(graphtest.Options{MaxLimit: o.limit, Latency: o.latency})
	url, err := e.Listen("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	defer e.Close()
	s.seed(e)
	if err := s.writeConfig(dir, url); err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "terraform.log")
	floor := s.floor(o.limit)

	measure := func(tf *terraformRunner, phase string, latency time.Duration, env []string, args []string) (result, error) {
		e.SetLatency(latency)
		e.ResetLog()
		r, err := tf.exec(ctx, dir, logPath, env, args...)
		if err != nil {
			return result{}, err
		}
		if r.ExitCode != 0 {
			return result{}, fmt.Errorf("%s at %s exited with %d (2 = the plan is not empty):\n%s", phase, latency, r.ExitCode, tail(logPath, 30))
		}
		return newResult(s, phase, latency, r, e.Requests(), floor), nil
	}

	logf("%s: apply at %s", s, o.latency)
	apply, err := measure(tf, phaseApply, o.latency, nil, applyArgs)
	if err != nil {
		return nil, err
	}
	if got := s.assigned(e); got != s.N {
		return nil, fmt.Errorf("after apply the emulator holds %d of the scenario's assignments, want %d", got, s.N)
	}
	rows := []result{apply}

	runs := map[time.Duration][]result{}
	latencies := []time.Duration{o.latency, 0}
	for i := range o.planRuns {
		for _, lat := range latencies {
			logf("%s: plan at %s (%d/%d)", s, lat, i+1, o.planRuns)
			r, err := measure(tf, phasePlan, lat, nil, planArgs)
			if err != nil {
				return rows, err
			}
			runs[lat] = append(runs[lat], r)
		}
		if between != nil {
			if err := between(i + 1); err != nil {
				return rows, err
			}
		}
	}
	for _, lat := range latencies {
		rows = append(rows, combine(runs[lat]))
	}

	if naive != nil {
		logf("%s: plan at %s without the shared listing (naive)", s, o.latency)
		r, err := measure(naive, "plan-naive", o.latency, []string{envNaiveListing}, planArgs)
		if err != nil {
			return rows, err
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// combine reports repeated runs of one phase as one row: the median and
// fastest wall times (every run kept in Walls), and the worst calls and
// memory.
func combine(runs []result) result {
	out := runs[0]
	walls := make([]float64, len(runs))
	for i, r := range runs {
		walls[i] = r.WallMS
		if r.totalCalls() > out.totalCalls() {
			out.Calls, out.ListingCalls, out.Writes = r.Calls, r.ListingCalls, r.Writes
		}
		out.PeakRSSMiB = max(out.PeakRSSMiB, r.PeakRSSMiB)
	}
	out.Walls = slices.Clone(walls)
	slices.Sort(walls)
	out.WallMS, out.WallMinMS = walls[len(walls)/2], walls[0]
	return out
}

// tail returns the last n lines of a log file, for error messages.
func tail(path string, n int) string {
	raw, err := os.ReadFile(path) //nolint:gosec // G304: the benchmark's own Terraform log
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(raw), "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
