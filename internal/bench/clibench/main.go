// Command clibench measures the provider through the terraform CLI against
// the Graph API emulator with a fixed per-call latency: for N
// facebook_page_agency resources on P Pages it times `terraform apply` and
// a refreshing `terraform plan`, counts the API calls per endpoint, and
// follows the provider's peak memory. It prints a table, writes JSON a
// script can compare, checks the performance targets of the listing cache
// and exits non-zero when one fails.
//
// Run it from the repository root through `make bench` (scripts/bench.sh).
// It never reads the user's Terraform configuration: Terraform gets a
// generated CLI configuration with dev_overrides for a freshly built
// provider, and the emulator listens on loopback only.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pageops/terraform-provider-facebook/internal/tfcli"
)

func main() {
	if err := mainErr(); err != nil {
		fmt.Fprintln(os.Stderr, "clibench:", err)
		os.Exit(1)
	}
}

type options struct {
	latency     time.Duration
	limit       int
	sizes       []int
	pages       []int
	planRuns    int
	naive       bool
	out, work   string
	keep        bool
	terraform   string
	sampleEvery time.Duration
}

func parseFlags() (options, error) {
	o := options{}
	var sizes, pages string
	flag.DurationVar(&o.latency, "latency", 20*time.Millisecond, "per-call latency of the emulator for the measured phases")
	flag.IntVar(&o.limit, "limit", 100, "page size cap of the emulator (Options.MaxLimit); the client asks for 100")
	flag.StringVar(&sizes, "sizes", "10,100,1000", "numbers of facebook_page_agency resources")
	flag.StringVar(&pages, "pages", "1,10", "numbers of Pages the resources are spread over")
	flag.IntVar(&o.planRuns, "plan-runs", 3, "plans per latency; the median wall time is reported")
	flag.BoolVar(&o.naive, "naive", true, "also plan the largest scenario with the shared listing turned off")
	flag.StringVar(&o.out, "out", ".tmp/bench/results.json", "JSON results file")
	flag.StringVar(&o.work, "work", "", "working directory (default: a new one under .tmp/bench)")
	flag.BoolVar(&o.keep, "keep", false, "keep the working directory (Terraform logs, state)")
	flag.StringVar(&o.terraform, "terraform", "terraform", "terraform executable")
	flag.DurationVar(&o.sampleEvery, "sample-every", 20*time.Millisecond, "provider memory sampling interval")
	flag.Parse()
	var err error
	if o.sizes, err = intList(sizes); err != nil {
		return o, fmt.Errorf("-sizes: %w", err)
	}
	if o.pages, err = intList(pages); err != nil {
		return o, fmt.Errorf("-pages: %w", err)
	}
	if o.planRuns < 1 {
		return o, fmt.Errorf("-plan-runs must be at least 1")
	}
	return o, nil
}

func intList(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func mainErr() error {
	o, err := parseFlags()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	tfPath, err := exec.LookPath(o.terraform)
	if err != nil {
		return fmt.Errorf("terraform is not on PATH: %w", err)
	}
	work := o.work
	if work == "" {
		if err := os.MkdirAll(filepath.Join(".tmp", "bench"), 0o750); err != nil {
			return err
		}
		if work, err = os.MkdirTemp(filepath.Join(".tmp", "bench"), "work-"); err != nil {
			return err
		}
	}
	if work, err = filepath.Abs(work); err != nil {
		return err
	}
	if !o.keep {
		defer func() { _ = os.RemoveAll(work) }() // leftovers under .tmp are harmless
	}

	binDir := filepath.Join(work, "bin")
	provider := filepath.Join(binDir, "terraform-provider-facebook")
	logf("building the provider into %s", binDir)
	build := exec.CommandContext(ctx, "go", "build", "-o", provider, ".") //nolint:gosec // G204: provider is a path under the benchmark's own working directory
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}
	cliConfig := filepath.Join(work, "terraformrc")
	if err := tfcli.WriteDevOverridesRC(cliConfig, binDir); err != nil {
		return err
	}
	tf := &terraformRunner{terraform: tfPath, provider: provider, cliConfig: cliConfig, sampleEvery: o.sampleEvery}

	report := newReport(ctx, o, tfPath)
	largest := scenario{N: maxOf(o.sizes), P: maxOf(o.pages)}
	for _, p := range o.pages {
		for _, n := range o.sizes {
			s := scenario{N: n, P: p}
			rows, err := runScenario(ctx, tf, o, s, work, o.naive && s == largest)
			report.Results = append(report.Results, rows...)
			if err != nil {
				return fmt.Errorf("scenario %s: %w", s, err)
			}
		}
	}
	report.check(largest)
	if err := report.printTable(os.Stdout); err != nil {
		return err
	}
	if err := report.write(o.out); err != nil {
		return err
	}
	fmt.Printf("\nresults written to %s\n", o.out)
	if !report.passed() {
		return fmt.Errorf("a performance target failed")
	}
	return nil
}

func maxOf(xs []int) int {
	m := xs[0]
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "clibench: "+format+"\n", args...)
}
