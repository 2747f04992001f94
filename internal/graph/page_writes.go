package graph

import (
	"context"
	"sync"
)

// ReadBackAgency is FindAgency for a caller that has just written to the
// Page (AssignAgency). Its answer comes from a page of the listing
// requested after the caller's write returned: a tail walk shared with the
// read-backs of the creates made alongside, or, when the business is not
// listed there, a complete listing started after the write.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/agencies/
func (c *Client) ReadBackAgency(ctx context.Context, pageID, businessID string) (*Agency, error) {
	since := c.agencies.since(pageID)
	a, err := c.agencies.find(ctx, listingKey{page: pageID}, since, c.agencyWriteNumber(pageID, businessID),
		func(a Agency) bool { return a.BusinessID == businessID })
	if a == nil || err != nil {
		return nil, err
	}
	found := a.clone()
	return &found, nil
}

// agencyWriteNumbers remembers, per Page and business, the number the
// listings gave this client's last assignment (listings.writing), until its
// read-back takes it. An assignment that fails is never read back, and its
// number stays: one entry per resource at most.
type agencyWriteNumbers struct {
	mu      sync.Mutex
	numbers map[[2]string]uint64
}

func (n *agencyWriteNumbers) set(pageID, businessID string, number uint64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.numbers == nil {
		n.numbers = map[[2]string]uint64{}
	}
	n.numbers[[2]string{pageID, businessID}] = number
}

// take returns, and forgets, the number of the last assignment of the
// business to the Page.
func (n *agencyWriteNumbers) take(pageID, businessID string) (uint64, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	number, ok := n.numbers[[2]string{pageID, businessID}]
	delete(n.numbers, [2]string{pageID, businessID})
	return number, ok
}

// agencyWriteNumber is the number of this client's last assignment of the
// business to the Page; with none, that of a write beginning now.
func (c *Client) agencyWriteNumber(pageID, businessID string) uint64 {
	if number, ok := c.agencyAssignments.take(pageID, businessID); ok {
		return number
	}
	return c.agencies.nextWrite(pageID)
}
