package graph

import (
	"context"
	"fmt"
	"sync"
)

// pageWrites follows the writes to one edge of each Page (agencies,
// assigned users, subscribed apps) that are in flight. A complete walk that
// goes on past its last page for read-backs still waiting (listings.extend)
// first lets the writes in flight return, so that one call answers the
// read-backs of all the creates made alongside, not one or two at a time.
// The wait covers only the writes that had started when it began (writes
// that start while it waits do not hold it up, so it cannot starve).
type pageWrites struct {
	mu      sync.Mutex
	started map[string]uint64              // per Page, writes started so far
	pending map[string]map[uint64]struct{} // per Page, writes in flight, by start number
	changed map[string]chan struct{}       // per Page, closed when a write returns
}

func newPageWrites() *pageWrites {
	return &pageWrites{started: map[string]uint64{}, pending: map[string]map[uint64]struct{}{}, changed: map[string]chan struct{}{}}
}

// begin records a write to the Page; the caller calls the returned function
// once the write call has returned (after recording it with the listings).
func (w *pageWrites) begin(pageID string) (done func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.started[pageID]++
	n := w.started[pageID]
	if w.pending[pageID] == nil {
		w.pending[pageID] = map[uint64]struct{}{}
	}
	w.pending[pageID][n] = struct{}{}
	return sync.OnceFunc(func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		delete(w.pending[pageID], n)
		if len(w.pending[pageID]) == 0 {
			delete(w.pending, pageID)
		}
		if ch, ok := w.changed[pageID]; ok {
			close(ch)
			delete(w.changed, pageID)
		}
	})
}

// settle waits until no write to the Page that had started by now is still
// in flight. call words a wait cut short by ctx as the client words calls.
func (w *pageWrites) settle(ctx context.Context, pageID string, call string) error {
	w.mu.Lock()
	upTo := w.started[pageID]
	w.mu.Unlock()
	for {
		w.mu.Lock()
		waiting := false
		for n := range w.pending[pageID] {
			if n <= upTo {
				waiting = true
				break
			}
		}
		if !waiting {
			w.mu.Unlock()
			return nil
		}
		ch, ok := w.changed[pageID]
		if !ok {
			ch = make(chan struct{})
			w.changed[pageID] = ch
		}
		w.mu.Unlock()
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w", call, ctx.Err())
		case <-ch:
		}
	}
}

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
