package graph

import (
	"context"
	"slices"
)

// newAgencyListings is the shared per-run listing of each Page's agencies
// (see listings): one complete listing per Page, whatever the number of
// facebook_page_agency resources and data sources reading it.
func (c *Client) newAgencyListings() *listings[Agency] {
	return newListings(func(ctx context.Context, key listingKey) ([]Agency, error) {
		return c.fetchAgencies(ctx, key.page)
	}, func(key listingKey) string {
		return "GET " + c.endpoint("/"+key.page+"/agencies")
	}, c.cfg.DisableListingCache)
}

// clone returns a copy that shares no slice with a.
func (a Agency) clone() Agency {
	a.PermittedTasks = slices.Clone(a.PermittedTasks)
	return a
}
