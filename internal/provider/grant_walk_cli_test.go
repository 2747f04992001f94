package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// A walk of a grant listing (a complete listing and every extension past
// its last page, or a tail walk resumed from a remembered cursor) is
// bounded as a whole and believed only when it agrees with itself (issue
// 25, defects 10 and 12). Meta documents no order for these edges and
// nothing about what a request resumed from a listing's last cursor
// answers; the emulator answers such requests as awkwardly as Meta may
// (graphtest.GrowPastEnd, RepeatPastEnd, StickPastEnd).

// walkEmulator is newEmulator with Meta's common page size of 100: the
// read-back costs these tests count are per page.
func walkEmulator(t *testing.T) *graphtest.Emulator {
	t.Helper()
	emu := graphtest.Start(t, graphtest.Options{})
	emu.AddPage(testPageID, "Test Page")
	emu.AddUser(testUserToken, testPageID)
	emu.AddBusiness(testBusinessID, testBusiness)
	return emu
}

// Defect 10: a read-back over a listing that keeps growing past its end
// (each request resumed from the last cursor finds 8 MiB of new agencies
// with long names) while the created grant is listed late reads at most
// MaxListingBytes per walk, all its extensions together, not per call: the
// review saw one such apply read 419 MB. The apply ends with an error that
// names the bound.
func TestCLIWalk_growingListingIsReadWithinOneBudgetPerWalk(t *testing.T) {
	emu := walkEmulator(t)
	seedOtherAgencies(emu, 3) // a listing with an end, to go on from
	emu.ListLate(graphtest.EndpointAgencies, 1<<30, 0)
	const entries, nameBytes = 400, 20 << 10 // 8 MiB past the end, each time
	emu.GrowPastEnd(graphtest.EndpointAgencies, entries, nameBytes)
	d := newInProcessDir(t, agencyWithTimeouts(emu, `create = "40s"`))
	emu.ResetLog()
	r := d.run("apply", "-auto-approve")
	served := emu.BytesServed("GET", graphtest.EndpointAgencies)
	calls := emu.Calls("GET", graphtest.EndpointAgencies)
	t.Logf("the apply read %d MiB of agencies in %d calls (exit %d)", served>>20, calls, r.code)
	// The look before the POST, the read-back's tail walk, its complete
	// walk with every extension, and the bounded wait's listing: four
	// walks, each within one budget (and its last page, up to one answer).
	if bound := int64(4 * (graph.MaxListingBytes + 3<<20)); served > bound {
		t.Errorf("the apply read %d MiB of agencies, want at most %d MiB: four walks of MaxListingBytes each", served>>20, bound>>20)
	}
	if r.code == 0 {
		t.Fatalf("the apply succeeded, yet no listing of the Page fits MaxListingBytes any more:\n%s", r.output())
	}
	if !wrappedSequence("GET /v", testPageID+"/agencies", "MaxListingBytes").MatchString(r.output()) {
		t.Fatalf("the error does not name the listing and the bound it reached:\n%s", r.output())
	}
}

// Defect 12a: agency A, in state with ANALYZE, is listed again past the
// end of the listing with other tasks while agency B is created and read
// back. The listing contradicts itself about A and nothing wrote to A: the
// apply is an error naming A, never a silent pick of either entry, and the
// state keeps only what Meta listed consistently.
func TestCLIWalk_listingThatContradictsItselfIsAnError(t *testing.T) {
	emu := newEmulator(t) // two per page
	emu.AddBusiness(integrityBizB, "Business B")
	agencyB := fmt.Sprintf(`
resource "facebook_page_agency" "b" {
  page_id         = %q
  business_id     = %q
  permitted_tasks = ["ANALYZE"]
}
`, testPageID, integrityBizB)
	d := newInProcessDir(t, agencyConfig(emu, "ANALYZE"))
	d.must("apply", "-auto-approve")

	emu.RepeatPastEnd(graphtest.EndpointAgencies, testBusinessID, []string{"ADVERTISE", "MANAGE"})
	// B is left out of the first listing call after its POST, so that its
	// read-back goes past the end of the listing whatever walk it takes.
	emu.ListLate(graphtest.EndpointAgencies, 1, 0)
	d.write(agencyConfig(emu, "ANALYZE") + agencyB)
	r := d.run("apply", "-auto-approve")
	contradiction := regexp.MustCompile(`(?s)listed\s+with\s+other\s+access.*` + testBusinessID + `|` + testBusinessID + `.*listed\s+with\s+other\s+access`)
	switch {
	case r.code == 0:
		t.Errorf("the apply succeeded, yet Meta listed business %s twice with other access:\n%s", testBusinessID, r.output())
	case !contradiction.MatchString(r.output()):
		t.Errorf("the error does not say that business %s is listed with other access:\n%s", testBusinessID, r.output())
	}
	kept := false
	for _, r := range d.managedResources() {
		addr := r.Type + "." + r.Name
		for _, attr := range []string{"permitted_tasks", "effective_tasks"} {
			tasks, _ := r.Values[attr].([]any)
			if slices.Contains(tasks, any("MANAGE")) || slices.Contains(tasks, any("ADVERTISE")) {
				t.Errorf("%s.%s = %v in state: tasks only the contradicting entry listed", addr, attr, tasks)
			}
		}
		if tasks, _ := r.Values["permitted_tasks"].([]any); addr == agencyAddr && slices.Equal(tasks, []any{"ANALYZE"}) {
			kept = true
		}
	}
	if !kept {
		t.Errorf("%s is not in state with ANALYZE: the failed apply lost what Meta listed consistently", agencyAddr)
	}
}

// Defect 12b: a cursor at the end of the listing that never advances (a
// request resumed after it answers nothing and the same cursor, with or
// without a next link, or spelled anew each time) does not cost calls over
// and over: 25 creates on one Page take at most 1.5 listing calls each,
// one at a time or ten at a time, and succeed. The review measured 208
// calls for 25 creates; with every read-back paying one call for the tail
// and one for a complete listing, 2 each.
func TestCLIWalk_stuckTailCursorIsNotRetried(t *testing.T) {
	const creates = 25
	for _, link := range []struct {
		name string
		link graphtest.StuckLink
	}{{"no next link", graphtest.StuckNoLink}, {"same next link", graphtest.StuckSameLink}, {"fresh cursor", graphtest.StuckFreshLink}} {
		// One at a time, each create pays for its own read-back; ten at a
		// time, as Terraform applies by default, they share listings.
		for _, parallelism := range []int{1, 10} {
			t.Run(fmt.Sprintf("%s/parallelism=%d", link.name, parallelism), func(t *testing.T) {
				emu := walkEmulator(t)
				emu.StickPastEnd(graphtest.EndpointAgencies, link.link)
				var businesses []string
				for i := range creates {
					id := fmt.Sprintf("26%013d", i+1)
					emu.AddBusiness(id, "Agency "+id)
					businesses = append(businesses, fmt.Sprintf("%q", id))
				}
				d := newInProcessDir(t, providerBlock(emu)+fmt.Sprintf(`
resource "facebook_page_agency" "each" {
  for_each        = toset([%s])
  page_id         = %q
  business_id     = each.value
  permitted_tasks = ["ANALYZE"]
}
`, strings.Join(businesses, ", "), testPageID))
				emu.ResetLog()
				r := d.run("apply", "-auto-approve", fmt.Sprintf("-parallelism=%d", parallelism))
				calls := emu.Calls("GET", graphtest.EndpointAgencies)
				t.Logf("%d listing calls for %d creates (exit %d)", calls, creates, r.code)
				if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("Apply complete! Resources: %d added", creates)) {
					t.Fatalf("the apply did not create the %d agencies:\n%s", creates, r.output())
				}
				if limit := creates * 3 / 2; calls > limit {
					t.Errorf("%d listing calls for %d creates, want at most %d: a stuck cursor is not followed again", calls, creates, limit)
				}
				if n := len(emu.Agencies(testPageID)); n != creates {
					t.Errorf("the Page has %d agencies, want %d", n, creates)
				}
			})
		}
	}
}
