package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"
)

// agencyListings keeps, for the life of the client (one provider process,
// so one Terraform run), the complete listing of each Page's agencies,
// shared by every reader: the resource's Read and its read-back after
// Create, and the facebook_page_agencies data source. Terraform refreshes
// every resource on every plan; without this, N agencies on a Page would cost
// N complete listings per plan instead of one.
//
// Correctness comes first: a read that starts after a write to the Page
// returned must see that write. Each Page has a generation that every write
// bumps once the write call has returned, whether it succeeded or not (a
// failed or lost write may still have changed Meta's side). A reader uses
// the stored listing only when it was taken at the current generation, and
// otherwise joins the one listing in flight for the current generation, or
// starts it: a listing that started before a write finished is never handed
// to a reader that came after it, nor stored once it finishes. Errors are
// never stored, so the next reader tries again.
type agencyListings struct {
	fetch    func(ctx context.Context, pageID string) ([]Agency, error)
	call     func(pageID string) string // "GET /v19.0/{page-id}/agencies", for errors
	disabled bool

	mu      sync.Mutex
	gen     map[string]uint64
	stored  map[string]storedAgencies
	flights singleflight.Group
}

type storedAgencies struct {
	gen      uint64
	agencies []Agency // never modified once stored; readers get copies
}

func newAgencyListings(fetch func(context.Context, string) ([]Agency, error), call func(string) string, disabled bool) *agencyListings {
	return &agencyListings{fetch: fetch, call: call, disabled: disabled, gen: map[string]uint64{}, stored: map[string]storedAgencies{}}
}

// get returns the Page's complete listing, shared: callers must not modify
// it, and hand out copies.
func (l *agencyListings) get(ctx context.Context, pageID string) ([]Agency, error) {
	if l.disabled {
		return l.fetch(ctx, pageID)
	}
	for {
		l.mu.Lock()
		gen := l.gen[pageID]
		if s, ok := l.stored[pageID]; ok && s.gen == gen {
			l.mu.Unlock()
			return s.agencies, nil
		}
		l.mu.Unlock()

		flight := l.flights.DoChan(pageID+"@"+strconv.FormatUint(gen, 10), func() (any, error) {
			// The listing runs under the context of the reader that started
			// it; readers who joined can leave on their own context below.
			list, err := l.fetch(ctx, pageID)
			if err != nil {
				return nil, err
			}
			l.mu.Lock()
			if l.gen[pageID] == gen {
				l.stored[pageID] = storedAgencies{gen: gen, agencies: list}
			}
			l.mu.Unlock()
			return list, nil
		})
		select {
		case <-ctx.Done():
			// Worded as the client words a call cut short by its context.
			return nil, fmt.Errorf("%s: %w", l.call(pageID), ctx.Err())
		case r := <-flight:
			if r.Err != nil && ctx.Err() == nil && isContextError(r.Err) {
				// The reader that started the listing gave up (its own
				// timeout or cancellation), not this one: list again.
				continue
			}
			if r.Err != nil {
				return nil, r.Err
			}
			list, _ := r.Val.([]Agency) // the only thing the flight returns
			return list, nil
		}
	}
}

// written records that a write call on the Page has returned: later readers
// need a listing taken from now on.
func (l *agencyListings) written(pageID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen[pageID]++
	delete(l.stored, pageID)
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// clone returns a copy that shares no slice with a.
func (a Agency) clone() Agency {
	a.PermittedTasks = slices.Clone(a.PermittedTasks)
	return a
}
