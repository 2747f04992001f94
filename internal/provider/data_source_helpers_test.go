package provider

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// rfc3339 matches the timestamps the provider writes.
var rfc3339 = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)

// listing counts the GETs a listing endpoint received: first pages (no
// cursor) and follow-up pages (with an after cursor) answered successfully,
// and answers that carried a Graph error.
type listing struct{ first, follow, failed int }

func listingCalls(emu *graphtest.Emulator, endpoint string) listing {
	var l listing
	for _, r := range emu.Requests() {
		switch {
		case r.Method != "GET" || r.Endpoint != endpoint:
		case r.ErrorCode != 0:
			l.failed++
		case r.Params.Get("after") != "":
			l.follow++
		default:
			l.first++
		}
	}
	return l
}

// eachReadTook checks that every read of endpoint took exactly pages
// successful calls, and that failed calls (throttled ones, say) number
// exactly failed: the Terraform CLI reads a data source several times per
// test step, so the log holds whole multiples of one read.
func eachReadTook(emu *graphtest.Emulator, endpoint string, pages, failed int) func(*terraform.State) error {
	return func(*terraform.State) error {
		l := listingCalls(emu, endpoint)
		if l.first == 0 {
			return fmt.Errorf("no successful read of %s", endpoint)
		}
		if l.follow != l.first*(pages-1) || l.failed != failed {
			return fmt.Errorf("%s: %d reads took %d follow-up pages and %d failed calls; want %d follow-up pages per read and %d failed calls",
				endpoint, l.first, l.follow, l.failed, pages-1, failed)
		}
		return nil
	}
}

// ids is a check that a list of objects holds exactly these ids, in order.
func ids(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(v)})
	}
	return knownvalue.ListExact(checks)
}

// lastRequestParam checks a parameter of the last request to endpoint.
func lastRequestParam(emu *graphtest.Emulator, endpoint, name, want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		var last *graphtest.Request
		for _, r := range emu.Requests() {
			if r.Endpoint == endpoint {
				last = &r
			}
		}
		if last == nil {
			return errors.New("no request to " + endpoint)
		}
		if got := last.Params[name]; len(got) != 1 || got[0] != want {
			return fmt.Errorf("%s %s = %q, want %q", endpoint, name, got, want)
		}
		return nil
	}
}
