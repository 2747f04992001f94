package graph

import "slices"

// newAgencyListings is the shared per-run listing of each Page's agencies
// (see listings): one complete listing per Page, whatever the number of
// facebook_page_agency resources and data sources reading it.
func (c *Client) newAgencyListings() *listings[Agency] {
	return newGrantListings[Agency](c, edgeAgencies, AgencyFields, "")
}

// clone returns a copy that shares no slice with a.
func (a Agency) clone() Agency {
	a.PermittedTasks = slices.Clone(a.PermittedTasks)
	return a
}
