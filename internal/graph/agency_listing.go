package graph

import (
	"context"
	"slices"
)

// newAgencyListings is the shared per-run listing of each Page's agencies
// (see listings): one complete listing per Page, whatever the number of
// facebook_page_agency resources and data sources reading it.
func (c *Client) newAgencyListings() *listings[Agency] {
	l := newListings(func(ctx context.Context, key listingKey, clock *pageClock) ([]Agency, error) {
		return c.fetchAgencies(ctx, key.page, clock)
	}, func(key listingKey) string {
		return "GET " + c.endpoint("/"+key.page+"/agencies")
	}, c.cfg.DisableListingCache)
	l.settle = func(ctx context.Context, pageID string) error {
		return c.agencyWrites.settle(ctx, pageID, "GET "+c.endpoint("/"+pageID+"/agencies"))
	}
	return l
}

// clone returns a copy that shares no slice with a.
func (a Agency) clone() Agency {
	a.PermittedTasks = slices.Clone(a.PermittedTasks)
	return a
}
