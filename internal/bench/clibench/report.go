package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// Targets. The listing cache: one listing per Page per refresh, and the
// latency barely felt. Against the peer (time_static in the same run, its
// plans alternating with ours, so that load on the machine weighs on both
// sides): ratios of wall times. The plan's reference is time_static's plan
// with the SDK's logs off: Terraform core's own cost for that many
// resources, which no provider can go below; the provider's release binary
// plans through the framework, with its logs off when no one asked.
const (
	maxPlanSlowdown = 1.3 // plan at the latency vs at 0, largest scenario
	maxPeakMiB      = 100.0
	maxPlanRatio    = 1.2 // refreshing plan, P Pages at the latency, vs time_static's plan with SDK logs off
	maxApplyRatio   = 1.0 // apply on one Page at the latency vs time_static's default apply
)

// result is one measured phase of one scenario.
type result struct {
	Provider  string    `json:"provider"` // facebook, or time_static for the peer
	Scenario  string    `json:"scenario"`
	Kind      string    `json:"kind,omitempty"`  // "" for agencies, "users" for assigned users
	Order     string    `json:"order,omitempty"` // the emulator's listing order, "" for oldest first
	N         int       `json:"resources"`
	P         int       `json:"pages"`
	Phase     string    `json:"phase"` // apply, plan, plan-naive
	LatencyMS float64   `json:"latency_ms"`
	WallMS    float64   `json:"wall_ms"` // the median when the phase ran more than once
	WallMinMS float64   `json:"wall_ms_min"`
	Walls     []float64 `json:"wall_ms_runs,omitempty"`
	// Calls counts API calls per "METHOD endpoint".
	Calls             map[string]int `json:"calls"`
	ListingCalls      int            `json:"listing_calls"` // GET of the scenario's edge: /{page-id}/agencies or /assigned_users
	Writes            int            `json:"writes"`        // POST of the scenario's edge
	Floor             int            `json:"floor"`         // fewest listing calls a refresh can make
	PeakRSSMiB        float64        `json:"provider_peak_rss_mib"`
	ProviderProcesses int            `json:"provider_processes"`
}

func newResult(s scenario, phase string, latency time.Duration, r run, log []graphtest.Request, floor int) result {
	calls := map[string]int{}
	for _, req := range log {
		calls[req.Method+" "+req.Endpoint]++
	}
	return result{
		Provider: "facebook", Scenario: s.String(), Kind: s.Kind, Order: s.Order, N: s.N, P: s.P, Phase: phase,
		LatencyMS: ms(latency), WallMS: ms(r.Wall), WallMinMS: ms(r.Wall),
		Calls: calls, ListingCalls: calls["GET "+s.endpoint()], Writes: calls["POST "+s.endpoint()], Floor: floor,
		PeakRSSMiB: float64(r.PeakRSS) / (1 << 20), ProviderProcesses: r.Providers,
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (r result) totalCalls() int {
	n := 0
	for _, c := range r.Calls {
		n += c
	}
	return n
}

type target struct {
	Name   string `json:"name"`
	Pass   bool   `json:"pass"`
	Detail string `json:"detail"`
}

type machine struct {
	CPUs      int    `json:"cpus"`
	OS        string `json:"os"`
	Go        string `json:"go"`
	Terraform string `json:"terraform"`
}

// report is the JSON file: stable field names, so scripts can compare runs.
type report struct {
	Generated string   `json:"generated"`
	Machine   machine  `json:"machine"`
	LatencyMS float64  `json:"latency_ms"`
	Limit     int      `json:"limit"`
	PlanRuns  int      `json:"plan_runs"`
	Results   []result `json:"results"`
	Targets   []target `json:"targets"`
}

func newReport(ctx context.Context, o options, terraform string) *report {
	version := "unknown"
	if out, err := exec.CommandContext(ctx, terraform, "version", "-json").Output(); err == nil { //nolint:gosec // G204: terraform from PATH
		var v struct {
			Version string `json:"terraform_version"`
		}
		if json.Unmarshal(out, &v) == nil {
			version = v.Version
		}
	}
	return &report{
		Generated: time.Now().UTC().Format(time.RFC3339),
		Machine:   machine{CPUs: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH, Go: runtime.Version(), Terraform: version},
		LatencyMS: ms(o.latency), Limit: o.limit, PlanRuns: o.planRuns,
	}
}

func (r *report) find(provider string, s scenario, phase string, latencyMS float64) (result, bool) {
	for _, x := range r.Results {
		if x.Provider == provider && x.Kind == s.Kind && x.Order == s.Order && x.N == s.N && x.P == s.P && x.Phase == phase && x.LatencyMS == latencyMS {
			return x, true
		}
	}
	return result{}, false
}

// ours is the row of the facebook_page_agency scenario of n resources on
// the most Pages measured for n (p == 0), or on p Pages: the targets
// against the peer are the agencies'.
func (r *report) ours(n, p int, phase string) (result, bool) {
	var best result
	found := false
	for _, x := range r.Results {
		if x.Provider != "facebook" || x.Kind != kindAgencies || x.Order != "" || x.N != n || x.Phase != phase || x.LatencyMS != r.LatencyMS || (p != 0 && x.P != p) {
			continue
		}
		if !found || x.P > best.P {
			best, found = x, true
		}
	}
	return best, found
}

func (r *report) peer(n int, phase string) (result, bool) {
	return r.find(peerProvider, scenario{N: n}, phase, 0)
}

// check evaluates the targets: every refresh lists at the floor; the
// largest scenario's plan at the latency within maxPlanSlowdown of the same
// plan at 0; the provider under maxPeakMiB everywhere; and against the
// peer at the smallest peer size (the reference) and the largest (the
// scale): the plan within maxPlanRatio of the peer's with SDK logs off,
// the apply on one Page within
// maxApplyRatio and with at most one listing call per created agency.
// Plans are compared on their fastest runs: what other load on the machine
// adds to a run only ever slows it, so the fastest is the least disturbed.
func (r *report) check(o options, largest scenario) {
	floorOK, misses := true, []string{}
	peakOK, peak, peakAt := true, 0.0, ""
	for _, x := range r.Results {
		if x.Provider != "facebook" {
			continue
		}
		if x.Phase == phasePlan && x.ListingCalls != x.Floor {
			floorOK = false
			misses = append(misses, fmt.Sprintf("%s at %gms: %d calls, floor %d", x.Scenario, x.LatencyMS, x.ListingCalls, x.Floor))
		}
		if x.PeakRSSMiB > peak {
			peak, peakAt = x.PeakRSSMiB, x.Scenario+" "+x.Phase
		}
		if x.PeakRSSMiB >= maxPeakMiB || x.PeakRSSMiB == 0 {
			peakOK = false
		}
	}
	detail := "every refresh plan listed each Page exactly once"
	if !floorOK {
		detail = strings.Join(misses, "; ")
	}
	r.Targets = append(r.Targets, target{Name: "refresh listing calls = floor", Pass: floorOK, Detail: detail})

	slow, ok1 := r.find("facebook", largest, phasePlan, r.LatencyMS)
	fast, ok2 := r.find("facebook", largest, phasePlan, 0)
	if ok1 && ok2 {
		ratio := slow.WallMinMS / fast.WallMinMS
		r.Targets = append(r.Targets, target{
			Name: fmt.Sprintf("plan %s at %gms within %.1fx of 0ms", largest, r.LatencyMS, maxPlanSlowdown),
			Pass: ratio <= maxPlanSlowdown,
			Detail: fmt.Sprintf("fastest of %d runs %.0f ms vs %.0f ms: %.2fx (medians %.0f vs %.0f ms: %.2fx)",
				r.PlanRuns, slow.WallMinMS, fast.WallMinMS, ratio, slow.WallMS, fast.WallMS, slow.WallMS/fast.WallMS),
		})
	}
	r.Targets = append(r.Targets, target{
		Name:   fmt.Sprintf("provider peak memory < %.0f MiB", maxPeakMiB),
		Pass:   peakOK,
		Detail: fmt.Sprintf("highest %.1f MiB (%s), the provider process alone; 0 would mean it was never sampled", peak, peakAt),
	})

	ref, scale := o.peerSizes[0], o.peerSizes[len(o.peerSizes)-1]
	for _, n := range slices.Compact([]int{ref, scale}) {
		r.Targets = append(r.Targets, r.ratioTarget(fmt.Sprintf("refreshing plan %d×P at %gms <= %.1fx %s %d SDK logs off", n, r.LatencyMS, maxPlanRatio, peerProvider, n),
			maxPlanRatio, func() (result, bool) { return r.ours(n, 0, phasePlan) }, func() (result, bool) { return r.peer(n, phasePlanSDKOff) }))
	}
	r.Targets = append(r.Targets, r.ratioTarget(fmt.Sprintf("apply %d×1 at %gms <= %.1fx %s %d default", ref, r.LatencyMS, maxApplyRatio, peerProvider, ref),
		maxApplyRatio, func() (result, bool) { return r.ours(ref, 1, phaseApply) }, func() (result, bool) { return r.peer(ref, phaseApply) }))

	t := target{Name: fmt.Sprintf("apply %d×1: listing calls <= 1 per created agency", ref)}
	if x, ok := r.ours(ref, 1, phaseApply); ok {
		t.Pass = x.ListingCalls <= x.N
		t.Detail = fmt.Sprintf("%d listing calls for %d agencies (%.2f each)", x.ListingCalls, x.N, float64(x.ListingCalls)/float64(x.N))
	} else {
		t.Detail = "not measured: run the scenario " + scenario{N: ref, P: 1}.String()
	}
	r.Targets = append(r.Targets, t)
	r.Targets = append(r.Targets, r.orderTargets(ref)...)
}

// ratioTarget compares the fastest runs of ours and the peer's. A target
// whose rows were not measured fails: a reduced run proves nothing.
func (r *report) ratioTarget(name string, limit float64, ours, peer func() (result, bool)) target {
	a, ok1 := ours()
	b, ok2 := peer()
	if !ok1 || !ok2 {
		return target{Name: name, Detail: "not measured in this run (see -scenarios and -peer-sizes)"}
	}
	ratio := a.WallMinMS / b.WallMinMS
	return target{Name: name, Pass: ratio <= limit, Detail: fmt.Sprintf("%s %.2fs vs %.2fs: %.2fx (medians %.2fs vs %.2fs: %.2fx)",
		a.Scenario, a.WallMinMS/1000, b.WallMinMS/1000, ratio, a.WallMS/1000, b.WallMS/1000, a.WallMS/b.WallMS)}
}

func (r *report) passed() bool {
	return !slices.ContainsFunc(r.Targets, func(t target) bool { return !t.Pass })
}

// add records finished phases and prints each at once, so that a long run
// that is stopped, or fails later, still shows what it measured.
func (r *report) add(rows ...result) {
	for _, x := range rows {
		logf("measured %s %s %s at %gms: wall %.2fs (fastest %.2fs), %d listing calls (floor %d), provider peak %.1f MiB",
			x.Provider, x.Scenario, x.Phase, x.LatencyMS, x.WallMS/1000, x.WallMinMS/1000, x.ListingCalls, x.Floor, x.PeakRSSMiB)
	}
	r.Results = append(r.Results, rows...)
}

// partial prints and writes what a failed run measured before err, and
// returns err.
func (r *report) partial(path string, err error) error {
	if len(r.Results) == 0 {
		return err
	}
	fmt.Println("\nThe run stopped early; what it measured:")
	if perr := r.printTable(os.Stdout); perr != nil {
		return errors.Join(err, perr)
	}
	return errors.Join(err, r.write(path))
}

// printTable writes the results and the verdicts, for people.
func (r *report) printTable(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "\nWall times are this machine's (%d CPUs, %s, Terraform %s); listing limit %d; wall is the median of %d plans, fastest the best.\n\n",
		r.Machine.CPUs, r.Machine.OS, r.Machine.Terraform, r.Limit, r.PlanRuns)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	// The listing and POST columns count the scenario's own edge: agencies,
	// or assigned_users for the "users" scenarios.
	rows := []string{"provider\tscenario\tphase\tlatency\twall\tfastest\tGET listing\tfloor\tGET page\tPOST\tother\tpeak MiB\t"}
	for _, x := range r.Results {
		page := x.Calls["GET "+graphtest.EndpointPage]
		other := x.totalCalls() - x.ListingCalls - page - x.Writes
		rows = append(rows, fmt.Sprintf("%s\t%s\t%s\t%gms\t%.2fs\t%.2fs\t%d\t%d\t%d\t%d\t%d\t%.1f\t",
			x.Provider, x.Scenario, x.Phase, x.LatencyMS, x.WallMS/1000, x.WallMinMS/1000, x.ListingCalls, x.Floor, page, x.Writes, other, x.PeakRSSMiB))
	}
	if _, err := io.WriteString(tw, strings.Join(rows, "\n")+"\n"); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b.WriteString("\n")
	r.printGrowth(&b)
	b.WriteString("\n")
	for _, t := range r.Targets {
		verdict := "PASS"
		if !t.Pass {
			verdict = "FAIL"
		}
		fmt.Fprintf(&b, "%s  %s: %s\n", verdict, t.Name, t.Detail)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// printGrowth prints how wall times grow from the smallest peer size to
// the largest, for both providers side by side: Terraform itself grows
// faster than linearly, so the targets are ratios at each size.
func (r *report) printGrowth(b *strings.Builder) {
	ns := r.peerSizes()
	if len(ns) < 2 {
		return
	}
	from, to := ns[0], ns[len(ns)-1]
	fmt.Fprintf(b, "Growth from %d to %d resources (fastest runs):\n", from, to)
	line := func(name string, a, z result, ok bool) {
		if !ok {
			fmt.Fprintf(b, "  %-44s not measured\n", name)
			return
		}
		fmt.Fprintf(b, "  %-44s %7.2fs -> %7.2fs  %5.2fx\n", name, a.WallMinMS/1000, z.WallMinMS/1000, z.WallMinMS/a.WallMinMS)
	}
	for _, phase := range []string{phasePlan, phasePlanSDKOff, phaseApply, phaseApplySDKOff} {
		a, ok1 := r.peer(from, phase)
		z, ok2 := r.peer(to, phase)
		line(peerProvider+" "+phase, a, z, ok1 && ok2)
	}
	for _, phase := range []string{phasePlan, phaseApply} {
		z, ok2 := r.ours(to, 0, phase)
		a, ok1 := r.ours(from, z.P, phase)
		line(fmt.Sprintf("facebook %s ×%d Pages at %gms", phase, z.P, r.LatencyMS), a, z, ok1 && ok2)
	}
}

// peerSizes returns the sizes the peer was measured at, smallest first.
func (r *report) peerSizes() []int {
	sizes := map[int]bool{}
	for _, x := range r.Results {
		if x.Provider == peerProvider {
			sizes[x.N] = true
		}
	}
	return slices.Sorted(maps.Keys(sizes))
}

func (r *report) write(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return err
	}
	raw, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o600)
}
