package graph

import (
	"context"
	"slices"
)

// newAgencyListings is the shared per-run listing of each Page's agencies
// (see listings): one complete listing per Page, whatever the number of
// facebook_page_agency resources and data sources reading it.
func (c *Client) newAgencyListings() *listings[Agency] {
	l := newGrantListings[Agency](c, edgeAgencies, AgencyFields, "")
	l.settle = func(ctx context.Context, pageID string) error {
		return c.agencyWrites.settle(ctx, pageID, c.edgeListing(pageID, edgeAgencies))
	}
	return l
}

// clone returns a copy that shares no slice with a.
func (a Agency) clone() Agency {
	a.PermittedTasks = slices.Clone(a.PermittedTasks)
	return a
}
