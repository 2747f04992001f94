package graphtest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// ListingOrder is the order in which the emulator lists a grant edge
// (agencies, assigned_users, subscribed_apps). Meta documents none for
// these edges, and its cursors point at an item, not at a position
// (https://developers.facebook.com/docs/graph-api/results/): a client must
// be right under each.
type ListingOrder int

const (
	OldestFirst ListingOrder = iota // in the order the grants were made (the default)
	NewestFirst                     // the last grant first
	ByID                            // by numeric id, ascending
	Reshuffled                      // a random order, drawn once per grant
)

// edgeEntry is one grant of an edgeStore: its id, the edge's own value, and
// what the listing rules need.
type edgeEntry[T any] struct {
	id    string
	seq   int64  // when it was made: the oldest-first order
	rank  uint64 // its place in the Reshuffled order
	moved int64  // >0: moved to the front by a reorder, the latest first
	// hiddenListings and hiddenUntil keep a grant out of listings for that
	// many more listing calls and until that time (ListLate).
	hiddenListings int
	hiddenUntil    time.Time
	// stale, while the entry is hidden, is what listings show instead of
	// v: the value before an in-place update listed late. nil for a new
	// grant, which listings leave out.
	stale *T
	v     T
}

// edgeStore holds one grant edge of one Page: agencies, assigned users,
// subscribed apps. Each keeps its value type and its own parameter checks;
// listing, order, item cursors and the listing faults are the store's.
type edgeStore[T any] struct {
	entries []*edgeEntry[T] // in the order they were made
	seq     int64
}

func (s *edgeStore[T]) find(id string) *edgeEntry[T] {
	for _, en := range s.entries {
		if en.id == id {
			return en
		}
	}
	return nil
}

// set gives id the value v, in place when it has one; the new entry is
// returned when it had none.
func (s *edgeStore[T]) set(id string, v T) (en *edgeEntry[T], created bool) {
	if en := s.find(id); en != nil {
		old := en.v
		en.v, en.stale = v, &old
		return en, false
	}
	s.seq++
	en = &edgeEntry[T]{id: id, seq: s.seq, rank: rand.Uint64(), v: v} //nolint:gosec // G404: an order, not a secret
	s.entries = append(s.entries, en)
	return en, true
}

func (s *edgeStore[T]) remove(id string) bool {
	for i, en := range s.entries {
		if en.id == id {
			s.entries = slices.Delete(s.entries, i, i+1)
			return true
		}
	}
	return false
}

// values returns the values in the order the grants were made.
func (s *edgeStore[T]) values() []T {
	out := make([]T, 0, len(s.entries))
	for _, en := range s.entries {
		out = append(out, en.v)
	}
	return out
}

// edgeRules are the listing order and faults of one endpoint, on every Page.
type edgeRules struct {
	order ListingOrder
	// lateListings, lateDelay: grants made by the API from now on are left
	// out of this many listing calls and for this long (ListLate).
	lateListings int
	lateDelay    time.Duration
	// reorders is how many more listing pages move a grant not yet read
	// onto a page already read (ReorderBetweenPages).
	reorders int
	// pastEnd are the faults of answers to requests resumed past the end
	// of a listing (edge_faults.go).
	pastEnd pastEndFaults
}

// SetListingOrder makes listings of endpoint (EndpointAgencies,
// EndpointAssignedUsers or EndpointSubscribedApps) come in order, on every
// Page, from the next call on.
func (e *Emulator) SetListingOrder(endpoint string, order ListingOrder) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rulesLocked(endpoint).order = order
}

// ListLate makes every grant that a POST to endpoint makes or changes from
// now on appear (a change: show its new value) in that edge's listings only
// after listings more listing calls of the Page's edge and after delay, as
// a Meta whose listing lags its writes does. ListLate(endpoint, 0, 0) ends it for later grants.
func (e *Emulator) ListLate(endpoint string, listings int, delay time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r := e.rulesLocked(endpoint)
	r.lateListings, r.lateDelay = listings, delay
}

// ReorderBetweenPages makes the next times listing pages of endpoint that
// follow a cursor first move a grant the walk has not read yet to the
// front of the listing, onto a page the walk has already read, as a
// listing sorted by something that changes (the time of last use, say)
// does: the walk never sees it.
func (e *Emulator) ReorderBetweenPages(endpoint string, times int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rulesLocked(endpoint).reorders = times
}

func (e *Emulator) rulesLocked(endpoint string) *edgeRules {
	if e.edgeRules == nil {
		e.edgeRules = map[string]*edgeRules{}
	}
	r := e.edgeRules[endpoint]
	if r == nil {
		r = &edgeRules{}
		e.edgeRules[endpoint] = r
	}
	return r
}

// made applies the listing rules to a grant a POST has just made or
// changed in place. Caller holds e.mu.
func made[T any](e *Emulator, endpoint string, en *edgeEntry[T]) {
	r := e.rulesLocked(endpoint)
	en.hiddenListings = r.lateListings
	en.hiddenUntil = time.Time{}
	if r.lateDelay > 0 {
		en.hiddenUntil = time.Now().Add(r.lateDelay)
	}
}

// CatchUp lists every grant of endpoint that ListLate held back, on every
// Page, from the next call on: Meta has caught up.
func (e *Emulator) CatchUp(endpoint string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, pg := range e.pages {
		switch endpoint {
		case EndpointAgencies:
			catchUp(&pg.agencies)
		case EndpointAssignedUsers:
			catchUp(&pg.assignedUsers)
		case EndpointSubscribedApps:
			catchUp(&pg.subscriptions)
		}
	}
}

func catchUp[T any](s *edgeStore[T]) {
	for _, en := range s.entries {
		en.hiddenListings, en.hiddenUntil, en.stale = 0, time.Time{}, nil
	}
}

// orderKey places en in the listing: keys sort, as strings, in list order.
func orderKey[T any](en *edgeEntry[T], order ListingOrder) string {
	if en.moved > 0 {
		return fmt.Sprintf("0%020d", 1<<62-en.moved)
	}
	switch order {
	case NewestFirst:
		return fmt.Sprintf("1%020d", 1<<62-en.seq)
	case ByID:
		return "1" + strings.Repeat("0", max(0, 30-len(en.id))) + en.id
	case Reshuffled:
		return fmt.Sprintf("1%020d%020d", en.rank, en.seq)
	}
	return fmt.Sprintf("1%020d", en.seq)
}

// listEdge cuts one listing page of the store for the request: the entries
// keep picks, in the endpoint's order, from the request's cursor on (a
// cursor names an item: the page starts after it, wherever it is now). The
// listing faults apply here. Caller holds e.mu.
func listEdge[T any](e *Emulator, in *incoming, ns string, s *edgeStore[T], keep func(*edgeEntry[T]) bool) ([]*edgeEntry[T], window, *GraphError) {
	pp, g := e.parsePaging(in, ns)
	if g != nil {
		return nil, window{}, g
	}
	r := e.rulesLocked(in.route.endpoint)
	past := pp.after != nil && r.pastEnd.isEnd(ns, pp.after.key)
	if past && r.pastEnd.stuck {
		return nil, stuckWindow(in, pp.after.key, ns, &r.pastEnd), nil
	}
	if past && r.pastEnd.growEntries > 0 {
		growPastEnd(e, in, s, &r.pastEnd)
	}
	var listed []*edgeEntry[T]
	now := time.Now()
	for _, en := range s.entries {
		if !keep(en) {
			continue
		}
		if en.hiddenListings > 0 || now.Before(en.hiddenUntil) {
			en.hiddenListings = max(0, en.hiddenListings-1)
			if en.stale != nil {
				shown := *en
				shown.v = *en.stale
				listed = append(listed, &shown)
			}
			continue
		}
		en.stale = nil
		listed = append(listed, en)
	}
	keys := sortByKey(listed, r.order)
	if pp.after != nil && r.reorders > 0 {
		// The last grant past the cursor moves to the front.
		if n := len(listed); n > 0 && keys[n-1] > pp.after.key {
			r.reorders--
			s.seq++
			listed[n-1].moved = s.seq
			keys = sortByKey(listed, r.order)
		}
	}
	w := e.windowLocked(in, ns, keys, pp)
	if w.paging != nil && w.paging["next"] == nil && w.end > w.start {
		r.pastEnd.noteEnd(ns, keys[w.end-1])
	}
	page := slices.Clip(listed[w.start:w.end])
	if past && r.pastEnd.repeatID != "" {
		page = repeatPastEnd(page, s, keep, r.pastEnd.repeatID, r.pastEnd.repeatAccess)
	}
	return page, w, nil
}

// sortByKey sorts listed into the order's listing order and returns their
// keys, each computed once.
func sortByKey[T any](listed []*edgeEntry[T], order ListingOrder) []string {
	type keyed struct {
		en  *edgeEntry[T]
		key string
	}
	all := make([]keyed, len(listed))
	for i, en := range listed {
		all[i] = keyed{en, orderKey(en, order)}
	}
	slices.SortFunc(all, func(a, b keyed) int { return strings.Compare(a.key, b.key) })
	keys := make([]string, len(all))
	for i, k := range all {
		listed[i], keys[i] = k.en, k.key
	}
	return keys
}
