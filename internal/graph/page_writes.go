package graph

import (
	"context"
	"fmt"
	"sync"
)

// pageWrites follows the writes to one edge of each Page (agencies,
// assigned users, subscribed apps) that are in flight, so that creates made
// side by side read their results back from one listing. Terraform creates up to -parallelism agencies at once; each
// write makes the stored listing stale, and each create must then see a
// listing taken after its own write. Without waiting, every create would
// start its own complete listing a few milliseconds after the others':
// 5.5 listing calls per create on a Page with 1000 agencies. A read-back,
// asked for right after the caller's write returned, waits instead until
// every write that had started on the Page by then has returned too (writes
// that start while it waits do not hold it up, so it cannot starve), and
// they all join the one listing that starts after the last of those
// writes: "a read after a write sees that write" holds for each.
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
// Page (AssignAgency): it first lets the writes made alongside its own
// return, so that their read-backs share the listing that follows. Its
// answer comes from a page of the listing requested after the caller's
// write returned, or, when the business is not listed, from a complete
// listing started after it.
func (c *Client) ReadBackAgency(ctx context.Context, pageID, businessID string) (*Agency, error) {
	since := c.agencies.since(pageID)
	if err := c.agencyWrites.settle(ctx, pageID, "GET "+c.endpoint("/"+pageID+"/agencies")); err != nil {
		return nil, err
	}
	a, err := c.agencies.find(ctx, listingKey{page: pageID}, since, func(a Agency) bool { return a.BusinessID == businessID })
	if a == nil || err != nil {
		return nil, err
	}
	found := a.clone()
	return &found, nil
}
