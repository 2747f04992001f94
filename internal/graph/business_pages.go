package graph

import (
	"context"
	"net/url"
	"strconv"
)

// Relationships of a Page to a business, as BusinessPage.Relationship
// holds them.
const (
	PageOwned  = "owned"
	PageClient = "client"
)

// BusinessPage is a Page a business owns (GET /{business-id}/owned_pages)
// or has access to as a client's (GET /{business-id}/client_pages).
type BusinessPage struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Relationship string `json:"-"`
}

func (p *BusinessPage) checkEntry() error {
	if p.ID == "" {
		return errNoID
	}
	return nil
}

// ListBusinessPages returns the business's owned Pages, then its client
// Pages, each listing followed to its end, with the configured token (a
// person or system user of the business with business_management). A
// Page listed twice on one edge is returned once. Either listing failing
// or stopping part-way is an error, never a shorter list.
//
// Meta API docs: https://developers.facebook.com/docs/marketing-api/reference/business/owned_pages/
func (c *Client) ListBusinessPages(ctx context.Context, businessID string) ([]BusinessPage, error) {
	var all []BusinessPage
	for _, edge := range []struct{ name, relationship string }{{"owned_pages", PageOwned}, {"client_pages", PageClient}} {
		seen := map[string]bool{}
		err := listAll(ctx, c, call{
			method: "GET", path: "/" + businessID + "/" + edge.name,
			query: url.Values{"fields": {"id,name"}, "limit": {strconv.Itoa(AgencyPageLimit)}},
			token: c.cfg.AccessToken, safeToRepeat: true,
		}, func(p BusinessPage) bool {
			if !seen[p.ID] {
				seen[p.ID] = true
				p.Relationship = edge.relationship
				all = append(all, p)
			}
			return true
		})
		if err != nil {
			return nil, err
		}
	}
	return all, nil
}
