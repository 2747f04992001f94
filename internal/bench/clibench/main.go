// Command clibench measures the provider through the terraform CLI against
// the Graph API emulator with a fixed per-call latency: for N
// facebook_page_agency resources on P Pages it times `terraform apply` and
// a refreshing `terraform plan`, counts the API calls per endpoint, and
// follows the provider's peak memory. In the same run it times the same
// commands on N time_static resources of hashicorp/time, a framework
// provider that makes no API calls, with default logging and with the
// SDK's logs off. It prints both side by side, writes JSON a script can
// compare, checks the performance targets (ratios to the peer in the same
// run, listing calls, memory) and exits non-zero when one fails.
//
// Run it from the repository root through `make bench` (scripts/bench.sh).
// It never reads the user's Terraform configuration: Terraform gets a
// generated CLI configuration with dev_overrides for a freshly built
// provider, and the emulator listens on loopback only.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
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
	scenarios   []scenario
	peerSizes   []int
	peer        string
	binary      string
	planRuns    int
	naive       bool
	out, work   string
	keep        bool
	terraform   string
	sampleEvery time.Duration
}

func parseFlags() (options, error) {
	o := options{}
	var scenarios, peerSizes string
	flag.DurationVar(&o.latency, "latency", 20*time.Millisecond, "per-call latency of the emulator for the measured phases")
	flag.IntVar(&o.limit, "limit", 100, "page size cap of the emulator (Options.MaxLimit); the client asks for 100")
	flag.StringVar(&scenarios, "scenarios", "10x1,1000x1,1000x10,1000x1:users,5000x10,"+orderScenarios,
		"scenarios, NxP: N facebook_page_agency spread over P Pages; NxP:users: N facebook_page_assigned_user of one business; "+
			"a suffix @byid, @newest or @shuffled lists the edge in that order (oldest first by default)")
	flag.StringVar(&peerSizes, "peer-sizes", "1000,5000", "numbers of time_static resources; the smallest is the reference of the targets, the largest the scale")
	flag.StringVar(&o.peer, "peer", ".tmp/bench/time/terraform-provider-time", "the hashicorp/time provider binary (scripts/bench.sh builds it)")
	flag.StringVar(&o.binary, "provider", "", "a provider binary to measure instead of building one (for example a release build)")
	flag.IntVar(&o.planRuns, "plan-runs", 3, "plans per latency; the median wall time is reported")
	flag.BoolVar(&o.naive, "naive", true, "also plan the largest scenario with the shared listing turned off")
	flag.StringVar(&o.out, "out", ".tmp/bench/results.json", "JSON results file")
	flag.StringVar(&o.work, "work", "", "working directory (default: a new one under .tmp/bench)")
	flag.BoolVar(&o.keep, "keep", false, "keep the working directory (Terraform logs, state)")
	flag.StringVar(&o.terraform, "terraform", "terraform", "terraform executable")
	flag.DurationVar(&o.sampleEvery, "sample-every", 20*time.Millisecond, "provider memory sampling interval")
	flag.Parse()
	var err error
	if o.scenarios, err = scenarioList(scenarios); err != nil {
		return o, fmt.Errorf("-scenarios: %w", err)
	}
	if o.peerSizes, err = intList(peerSizes); err != nil {
		return o, fmt.Errorf("-peer-sizes: %w", err)
	}
	slices.Sort(o.peerSizes)
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

func scenarioList(s string) ([]scenario, error) {
	var out []scenario
	for _, f := range strings.Split(s, ",") {
		spec, order, _ := strings.Cut(strings.TrimSpace(f), "@")
		if _, known := listingOrders[order]; !known {
			return nil, fmt.Errorf("%q: unknown listing order %q (oldest, byid, newest, shuffled)", f, order)
		}
		size, kind, _ := strings.Cut(spec, ":")
		n, p, ok := strings.Cut(size, "x")
		ns, err1 := intList(n)
		ps, err2 := intList(p)
		if !ok || err1 != nil || err2 != nil || (kind != kindAgencies && kind != kindUsers) {
			return nil, fmt.Errorf("%q is not NxP or NxP:users, such as 1000x10", f)
		}
		out = append(out, scenario{N: ns[0], P: ps[0], Kind: kind, Order: strings.TrimPrefix(order, "oldest")})
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

	peer, err := filepath.Abs(o.peer)
	if err != nil {
		return err
	}
	if err := peerBinaryOK(peer); err != nil {
		return err
	}
	peerTF, err := newTerraformRunner(tfPath, work, "time", peerSource, peer, o.sampleEvery)
	if err != nil {
		return err
	}
	// The release binary, and one built with the bench tag for the naive
	// comparison (its switch is not in the release binary).
	var tf *terraformRunner
	if o.binary != "" {
		bin, err := filepath.Abs(o.binary)
		if err != nil {
			return err
		}
		tf, err = newTerraformRunner(tfPath, work, "bin", tfcli.Source, bin, o.sampleEvery)
		if err != nil {
			return err
		}
	} else if tf, err = buildProvider(ctx, tfPath, work, "bin", o.sampleEvery); err != nil {
		return err
	}
	var naiveTF *terraformRunner
	if o.naive {
		if naiveTF, err = buildProvider(ctx, tfPath, work, "bin-bench", o.sampleEvery, "-tags", "bench"); err != nil {
			return err
		}
	}

	report := newReport(ctx, o, tfPath)
	// The largest scenario of agencies, if any, is the one of the naive
	// comparison and the latency target.
	largest := slices.MaxFunc(o.scenarios, func(a, b scenario) int {
		return cmp.Or(cmp.Compare(b.Kind, a.Kind), cmp.Compare(a.N, b.N), cmp.Compare(a.P, b.P))
	})
	// Each peer size is applied right before the scenarios of its size, so
	// that both providers meet the machine in the same state, and its plans
	// alternate with those of the scenario its plan target is measured on:
	// the machine's speed drifts over minutes (a third within an hour on a
	// 2-CPU virtual machine, CPU time included), which only alternating
	// makes weigh on both sides alike.
	peers := map[int]*peerRuns{}
	applyPeersUpTo := func(n int) error {
		for _, size := range o.peerSizes {
			if size > n || peers[size] != nil {
				continue
			}
			p, rows, err := applyPeer(ctx, peerTF, size, work)
			report.add(rows...)
			if err != nil {
				return report.partial(o.out, fmt.Errorf("%s %d: %w", peerProvider, size, err))
			}
			peers[size] = p
			if _, ok := planPartner(o.scenarios, size); ok {
				continue // planned alongside its partner
			}
			for i := range o.planRuns {
				if err := p.planOnce(ctx, peerTF, i+1, o.planRuns); err != nil {
					report.add(p.rows()...)
					return report.partial(o.out, fmt.Errorf("%s %d: %w", peerProvider, size, err))
				}
			}
			report.add(p.rows()...)
		}
		return nil
	}
	for _, s := range o.scenarios {
		if err := applyPeersUpTo(s.N); err != nil {
			return err
		}
		var naive *terraformRunner
		if s == largest {
			naive = naiveTF
		}
		var peer *peerRuns
		var between func(round int) error
		if partner, ok := planPartner(o.scenarios, s.N); ok && partner == s && peers[s.N] != nil {
			peer = peers[s.N]
			between = func(round int) error { return peer.planOnce(ctx, peerTF, round, o.planRuns) }
		}
		rows, err := runScenario(ctx, tf, naive, o, s, work, between)
		report.add(rows...)
		if peer != nil {
			report.add(peer.rows()...)
		}
		if err != nil {
			return report.partial(o.out, fmt.Errorf("scenario %s: %w", s, err))
		}
	}
	if err := applyPeersUpTo(math.MaxInt); err != nil {
		return report.partial(o.out, err)
	}
	report.check(o, largest)
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

// buildProvider builds the provider (go build, with extra build flags)
// into work/dir and returns a runner for it.
func buildProvider(ctx context.Context, tfPath, work, dir string, sampleEvery time.Duration, flags ...string) (*terraformRunner, error) {
	provider := filepath.Join(work, dir, "terraform-provider-facebook")
	logf("building the provider %v into %s", flags, filepath.Dir(provider))
	args := append(append([]string{"build"}, flags...), "-o", provider, ".")
	build := exec.CommandContext(ctx, "go", args...) //nolint:gosec // G204: provider is a path under the benchmark's own working directory
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("go build: %w", err)
	}
	return newTerraformRunner(tfPath, work, dir, tfcli.Source, provider, sampleEvery)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "clibench: "+format+"\n", args...)
}

// planPartner is the scenario whose plans the peer's plans of size n
// alternate with: the one the plan target compares with the peer, of
// agencies at that size on the most Pages (see report.ours).
func planPartner(scenarios []scenario, n int) (scenario, bool) {
	var best scenario
	found := false
	for _, s := range scenarios {
		if s.Kind == kindAgencies && s.N == n && (!found || s.P > best.P) {
			best, found = s, true
		}
	}
	return best, found
}
