package graph

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"
)

// listingKey names one complete listing of a Page edge: the Page and, for an
// edge Meta lists per something else (assigned_users is listed per business),
// that something; "" when the edge has one listing per Page.
type listingKey struct {
	page, scope string
}

// listings keeps, for the life of the client (one provider process, so one
// Terraform run), the complete listing of one Page edge per listingKey,
// shared by every reader: a resource's Read and its read-back after a write,
// and the data source over the same edge. Terraform refreshes every resource
// on every plan; without this, N resources on a Page would cost N complete
// listings per plan instead of one. The agencies and assigned_users edges
// each have one.
//
// Correctness comes first: a read that starts after a write to the Page
// returned must see that write. Each Page has a generation that every write
// bumps once the write call has returned, whether it succeeded or not (a
// failed or lost write may still have changed Meta's side); the bump drops
// every stored listing of the Page, whatever its scope. A reader uses the
// stored listing only when it was taken at the current generation, and
// otherwise joins the one listing in flight for the current generation, or
// starts it: a listing that started before a write finished is never handed
// to a reader that came after it, nor stored once it finishes. Errors are
// never stored, so the next reader tries again.
type listings[T any] struct {
	fetch    func(ctx context.Context, key listingKey) ([]T, error)
	call     func(key listingKey) string // "GET /v25.0/{page-id}/agencies", for errors
	disabled bool

	mu      sync.Mutex
	gen     map[string]uint64 // by Page
	stored  map[listingKey]storedListing[T]
	flights singleflight.Group
}

type storedListing[T any] struct {
	gen   uint64
	items []T // never modified once stored; readers get copies
}

func newListings[T any](fetch func(context.Context, listingKey) ([]T, error), call func(listingKey) string, disabled bool) *listings[T] {
	return &listings[T]{fetch: fetch, call: call, disabled: disabled, gen: map[string]uint64{}, stored: map[listingKey]storedListing[T]{}}
}

// get returns the complete listing for key, shared: callers must not modify
// it, and hand out copies.
func (l *listings[T]) get(ctx context.Context, key listingKey) ([]T, error) {
	if l.disabled {
		return l.fetch(ctx, key)
	}
	l.mu.Lock()
	gen := l.gen[key.page]
	if s, ok := l.stored[key]; ok && s.gen == gen {
		l.mu.Unlock()
		return s.items, nil
	}
	l.mu.Unlock()

	flightKey := key.page + "/" + key.scope + "@" + strconv.FormatUint(gen, 10)
	return joinFlight(ctx, &l.flights, flightKey, func() ([]T, error) {
		// Runs under the context of the reader that started the listing;
		// readers who joined can leave on their own context.
		list, err := l.fetch(ctx, key)
		if err != nil {
			return nil, err
		}
		l.mu.Lock()
		if l.gen[key.page] == gen {
			l.stored[key] = storedListing[T]{gen: gen, items: list}
		}
		l.mu.Unlock()
		return list, nil
	}, func(err error) error {
		// Worded as the client words a call cut short by its context.
		return fmt.Errorf("%s: %w", l.call(key), err)
	})
}

// written records that a write call on the Page has returned: later readers
// of any of the Page's listings need one taken from now on.
func (l *listings[T]) written(pageID string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen[pageID]++
	for key := range l.stored {
		if key.page == pageID {
			delete(l.stored, key)
		}
	}
}
