package main

import (
	"fmt"

	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// Meta documents no listing order for the grant edges, so the apply of one
// Page's grants is measured under three: the read-back must be efficient
// whatever order Meta lists in (issue 25).

// listingOrders are the orders a scenario may name after "@".
var listingOrders = map[string]graphtest.ListingOrder{
	"": graphtest.OldestFirst, "oldest": graphtest.OldestFirst,
	"byid": graphtest.ByID, "newest": graphtest.NewestFirst, "shuffled": graphtest.Reshuffled,
}

// orderScenarios are the default scenarios of the order targets: 1000
// agencies and 1000 people of one business on one Page, by id, newest
// first and shuffled (oldest first is 1000x1 and 1000x1:users). Terraform
// starts the creates of a count in no fixed order, so by id lists them
// almost as shuffled does.
const orderScenarios = "1000x1@byid,1000x1@newest,1000x1@shuffled,1000x1:users@byid,1000x1:users@newest,1000x1:users@shuffled"

// maxOrderApplyRatio bounds, under every listing order, the apply of the
// reference size on one Page against time_static's default apply.
const maxOrderApplyRatio = 1.5

// orderTargets checks every apply of n grants on one Page, agencies and
// people, under each order measured: within maxOrderApplyRatio of the
// peer's apply of n, and at most one listing call per create.
func (r *report) orderTargets(n int) []target {
	var out []target
	for _, x := range r.Results {
		if x.Provider != "facebook" || x.Phase != phaseApply || x.N != n || x.P != 1 || x.LatencyMS != r.LatencyMS {
			continue
		}
		order := x.Order
		if order == "" {
			order = "oldest"
		}
		out = append(out, r.ratioTarget(fmt.Sprintf("apply %s (order %s) <= %.1fx %s %d default", x.Scenario, order, maxOrderApplyRatio, peerProvider, n),
			maxOrderApplyRatio, func() (result, bool) { return x, true }, func() (result, bool) { return r.peer(n, phaseApply) }))
		out = append(out, target{
			Name:   fmt.Sprintf("apply %s: listing calls <= 1 per create", x.Scenario),
			Pass:   x.Writes > 0 && x.ListingCalls <= x.Writes,
			Detail: fmt.Sprintf("%d listing calls for %d creates (%.2f each)", x.ListingCalls, x.Writes, float64(x.ListingCalls)/float64(max(1, x.Writes))),
		})
	}
	return out
}
