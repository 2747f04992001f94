package provider

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// 100 agency assignments over 4 pages, applied and destroyed by the real CLI
// with -parallelism=20 while the emulator throttles a share of the calls
// with several codes. Everything must converge: no error, an empty second
// plan, no duplicate assignment, nothing left after destroy. Run under -race
// (make test-race) it also checks the client's and provider's shared state.
func TestCLIPageAgency_hundredInParallelUnderThrottling(t *testing.T) {
	const pages, perPage = 4, 25
	emu := graphtest.Start(t, graphtest.Options{MaxLimit: 10}) // listings of 25 take 3 pages
	var pageIDs, businessIDs []string
	for p := range pages {
		id := fmt.Sprintf("30000000000000%d", p+1)
		emu.AddPage(id, "Load Page "+id)
		pageIDs = append(pageIDs, id)
	}
	emu.AddUser(testUserToken, pageIDs...)
	for b := range perPage {
		id := fmt.Sprintf("4000000000000%02d", b+1)
		emu.AddBusiness(id, "Agency "+id)
		businessIDs = append(businessIDs, id)
	}
	var injected []int       // the throttling codes of the faults below
	const maxFaultTimes = 15 // the most hits of any fault below
	// A share of every kind of call is refused with a throttling code, spread
	// over the run by Skip; each fault stops after Times hits.
	for _, f := range []struct {
		code, skip, times int
		method, endpoint  string
	}{
		{graph.CodeCustomThrottled, 10, maxFaultTimes, "GET", graphtest.EndpointAgencies},
		{graph.CodePagesBUCThrottled, 5, 10, "POST", graphtest.EndpointAgencies},
		{graph.CodeAppThrottled, 30, 10, "POST", graphtest.EndpointAgencies},
		{graph.CodePageThrottled, 0, 2, "GET", graphtest.EndpointPage},
		{graph.CodeUserThrottled, 20, 10, "DELETE", graphtest.EndpointAgencies},
		{graph.CodePagesBUCThrottled, 40, 10, "GET", graphtest.EndpointAgencies},
	} {
		injected = append(injected, f.code)
		fault := graphtest.Throttle(f.code, 0)
		fault.Method, fault.Endpoint, fault.Skip, fault.Times = f.method, f.endpoint, f.skip, f.times
		emu.InjectFault(fault)
	}

	var entries []string
	for _, p := range pageIDs {
		for _, b := range businessIDs {
			entries = append(entries, fmt.Sprintf("    %q = { page = %q, business = %q }", p+"/"+b, p, b))
		}
	}
	config := providerBlock(emu) + fmt.Sprintf(`
locals {
  assignments = {
%s
  }
}

resource "facebook_page_agency" "load" {
  for_each        = local.assignments
  page_id         = each.value.page
  business_id     = each.value.business
  permitted_tasks = ["ANALYZE", "ADVERTISE"]
}
`, strings.Join(entries, "\n"))
	// Each fault hits whichever calls come next: when the run is slow and
	// few calls are in flight, one call can meet a whole fault in a row.
	// Retries enough for the longest fault keep that from failing the
	// apply; what is tested is that every throttled call is retried, not
	// how they happen to interleave.
	tf := newInProcessDir(t, config, func(cfg *graph.Config) { cfg.MaxRetries = maxFaultTimes + 1 })

	start := time.Now()
	tf.must("apply", "-auto-approve", "-parallelism=20")
	t.Logf("apply of %d resources: %s", pages*perPage, time.Since(start).Round(time.Millisecond))
	for _, p := range pageIDs {
		got := emu.Agencies(p)
		if len(got) != perPage {
			t.Fatalf("page %s has %d agencies after apply, want %d", p, len(got), perPage)
		}
		for _, a := range got {
			if tasks := slices.Sorted(slices.Values(a.PermittedTasks)); !slices.Equal(tasks, []string{"ADVERTISE", "ANALYZE"}) {
				t.Fatalf("page %s, business %s: tasks %v", p, a.BusinessID, tasks)
			}
		}
	}

	if r := tf.run("plan", "-detailed-exitcode", "-parallelism=20"); r.code != 0 {
		t.Fatalf("second plan is not empty (exit %d):\n%s", r.code, r.output())
	}

	start = time.Now()
	tf.must("destroy", "-auto-approve", "-parallelism=20")
	t.Logf("destroy: %s", time.Since(start).Round(time.Millisecond))
	for _, p := range pageIDs {
		if n := len(emu.Agencies(p)); n != 0 {
			t.Fatalf("page %s still has %d agencies after destroy", p, n)
		}
	}

	throttled := map[int]int{}
	accepted := map[string]int{}
	duplicates := 0
	for _, r := range emu.Requests() {
		switch {
		case r.ErrorCode == graph.CodeDuplicateAsset || r.ErrorCode == graph.CodeAlreadyBelongs:
			duplicates++
		case r.ErrorCode != 0:
			throttled[r.ErrorCode]++
		case r.Status == 200 && r.Endpoint == graphtest.EndpointAgencies:
			accepted[r.Method]++
		}
	}
	if duplicates != 0 {
		t.Errorf("%d assignments were sent twice (duplicate errors)", duplicates)
	}
	for _, code := range injected {
		if throttled[code] == 0 {
			t.Errorf("no call was throttled with code %d: the faults did not exercise the retries (%v)", code, throttled)
		}
	}
	if accepted["POST"] != pages*perPage || accepted["DELETE"] != pages*perPage {
		t.Errorf("accepted POSTs %d and DELETEs %d, want %d each", accepted["POST"], accepted["DELETE"], pages*perPage)
	}
	t.Logf("%d calls, throttled by code: %v", emu.TotalCalls(), throttled)
}
