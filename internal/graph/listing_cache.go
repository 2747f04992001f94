package graph

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// listingKey names one complete listing of a Page edge: the Page and, for an
// edge Meta lists per something else (assigned_users is listed per business),
// that something; "" when the edge has one listing per Page.
type listingKey struct {
	page, scope string
}

// listings keeps, for the life of the client (one provider process, so one
// Terraform run), the complete listing of one Page edge per listingKey,
// shared by every reader: a resource's Read, its look before a create, its
// read-back after a write, and the data source over the same edge.
// Terraform refreshes every resource on every plan; without this, N
// resources on a Page would cost N complete listings per plan instead of
// one. The agencies, assigned_users and subscribed_apps edges each have one.
//
// Correctness comes first: a read that starts after a write to the Page
// returned must see that write. Each Page has a generation that every write
// bumps once the write call has returned, whether it succeeded or not (a
// failed or lost write may still have changed Meta's side); the bump drops
// the Page's stored listings. A reader of a whole listing (get) uses the
// stored one only when it was taken at the current generation.
//
// A reader who asks about one id (findGrant) needs less: a listing that
// started after the last write to that id returned. Writes to other ids
// do not make it stale, so the looks before 1000 creates on one Page share
// the same two complete listings instead of taking two each (history).
//
// A complete listing of a key is one walk from the first page to the last,
// and at most one such walk per key runs at a time, with at most one more
// queued behind it: a reader who needs a listing newer than the running
// walk waits for the queued one, which starts (at the generation of that
// moment) when the running one ends, and which every such reader shares. A
// walk that started before a write returned is never handed to a reader
// who came after it as a complete listing, nor stored once it ends. Errors
// are never stored, so the next reader tries again. How a read-back after
// a write uses walks is in read_back.go.
//
// One walk, with every page it reads past its last (extensions) or from a
// remembered cursor (tail walks), stays within one listing's bounds
// (MaxListingPages, MaxListingEntries, MaxListingBytes, see paging.go):
// memory is bounded per walk, whatever a server keeps listing.
type listings[T any] struct {
	fetch    func(ctx context.Context, key listingKey, clock *pageClock) ([]T, error)
	call     func(key listingKey) string // "GET /v25.0/{page-id}/agencies", for errors
	disabled bool
	// idOf and sameAccess, set for grant edges, let walks find a listing
	// that contradicts itself (an id listed twice with other access) and
	// let read-backs look for an id; nil for other listings.
	idOf       func(T) string
	sameAccess func(a, b T) bool
	scrub      func(string) string // Meta's text in errors (ids) goes through it
	// tailWindow is how long a tail walk waits for other read-backs to
	// join it before its call (see read_back.go).
	tailWindow time.Duration

	mu     sync.Mutex
	gen    map[string]uint64 // by Page
	stored map[listingKey]storedListing[T]
	walks  map[listingKey]*walkQueue[T]
	// history is, per key, the last two complete walks that listed no id
	// twice, oldest first: the evidence findGrant weighs per id.
	history map[listingKey][]*walk[T]
	// touched is, per Page and id, the generation from which walks say
	// something about the id again: after the last write to it returned.
	// "" stands for a write to the whole Page.
	touched map[string]map[string]uint64
	// joinable is, per key, the tail walk that read-backs may still join:
	// its call has not started.
	joinable map[listingKey]*walk[T]
	// begun is, per Page, the number of writes begun (writing).
	begun map[string]uint64
	// writeNumbers is, per Page and id, the number writing gave the last
	// write, until its read-back takes it.
	writeNumbers map[[2]string]uint64
	// tail is, per key, the `after` cursors of the last pages walks read,
	// oldest first, each with the writes begun when it was noted: where a
	// read-back's tail walk starts (see read_back.go).
	tail map[listingKey][]tailCursor
	// tailUseless marks, per key, that the last tail walk did not show its
	// read-backs their entries: the edge lists new entries elsewhere than
	// last (newest first, say), so read-backs start at the first page.
	tailUseless map[listingKey]bool
}

// maxHistory is how many complete walks per key findGrant weighs: absence
// is proven by two that agree.
const maxHistory = 2

type storedListing[T any] struct {
	gen   uint64
	items []T // never modified once stored; readers get copies
}

// walkQueue is the walk of a key that is running, and the one queued to
// run after it.
type walkQueue[T any] struct {
	running, queued *walk[T]
}

// walk is one listing of a key: a complete walk from its first page to its
// last, or a tail walk from a cursor (resume). Its fields other than those
// guarded by listings.mu are written once, before done closes.
type walk[T any] struct {
	values   context.Context // whose values (loggers) and deadline the walk's calls carry
	resume   string          // for a tail walk, the cursor it starts after; "" for a complete walk
	before   uint64          // for a tail walk, the earliest write its read-backs began (writing)
	startGen uint64
	started  time.Time          // when its first call was about to be made
	cancel   context.CancelFunc // nil until the walk starts
	done     chan struct{}
	items    []T
	gens     []uint64 // per item: the Page's generation when its page was requested; nil: all at startGen
	err      error
	// extra and extraGens are what extensions past the last page listed,
	// stamped like items; not part of the complete listing.
	extra     []T
	extraGens []uint64
	// budget is what the walk may still read, all its calls together.
	budget listingBudget
	// repeated: the walk listed an id twice (the listing reordered while
	// it was read), so its absences prove nothing.
	repeated bool
	// lastPageFrom is the index in items of the first entry of the last
	// page read.
	lastPageFrom int

	// Guarded by listings.mu:
	waiters  int          // readers waiting for it
	complete int          // readers who need the complete listing: the walk must not stop early
	finders  []*finder[T] // read-backs waiting for it
	// gathering: the walk waits for read-backs to join before its first
	// call, which is made at the generation of its end (gather).
	gathering bool
	// partial: every read-back was answered and no reader needed the rest,
	// so the walk stopped before its last page; never a complete listing.
	partial   bool
	abandoned bool // every reader left, so it was cancelled
}

func newListings[T any](fetch func(context.Context, listingKey, *pageClock) ([]T, error), call func(listingKey) string, disabled bool) *listings[T] {
	return &listings[T]{fetch: fetch, call: call, disabled: disabled, tailWindow: defaultTailWindow,
		gen: map[string]uint64{}, stored: map[listingKey]storedListing[T]{}, walks: map[listingKey]*walkQueue[T]{},
		history: map[listingKey][]*walk[T]{}, touched: map[string]map[string]uint64{},
		joinable: map[listingKey]*walk[T]{}, begun: map[string]uint64{}, writeNumbers: map[[2]string]uint64{},
		tail: map[listingKey][]tailCursor{}, tailUseless: map[listingKey]bool{}}
}

// get returns the complete listing for key, taken at the current
// generation or later, shared: callers must not modify it, and hand out
// copies.
func (l *listings[T]) get(ctx context.Context, key listingKey) ([]T, error) {
	if l.disabled {
		return l.fetch(ctx, key, nil)
	}
	for {
		l.mu.Lock()
		gen := l.gen[key.page]
		if s, ok := l.stored[key]; ok && s.gen == gen {
			l.mu.Unlock()
			return s.items, nil
		}
		w := l.joinCompleteLocked(ctx, key, gen)
		l.mu.Unlock()
		if err := l.wait(ctx, key, w); err != nil {
			return nil, err
		}
		if w.err != nil && isContextError(w.err) && ctx.Err() == nil {
			continue // every reader before this one gave up on it
		}
		return w.items, w.err
	}
}

// evidence returns the complete listings of key that started after the
// last write to id returned, newest first (history), how many of the first
// of them are recent enough to prove an absence (maxAbsenceAge), and the
// generation a new one must start at to count.
func (l *listings[T]) evidence(key listingKey, id string) (lists [][]T, recent int, since uint64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	since = max(l.touched[key.page][id], l.touched[key.page][""])
	h := l.history[key]
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].startGen >= since {
			lists = append(lists, h[i].items)
			if time.Since(h[i].started) <= maxAbsenceAge {
				recent++
			}
		}
	}
	return lists, recent, since
}

// maxAbsenceAge is how old a listing may be and still prove an absence.
// Writes of this client to other ids leave a listing valid, but someone
// may grant by hand at any time: a look before a create that trusted a
// listing from the start of a long apply would miss a grant made since,
// and the create's POST would change it. Presence needs no such bound.
const maxAbsenceAge = 30 * time.Second

// completeSince waits for a complete walk of key started at generation
// since or later and returns what it listed; it joins the running walk
// when that one will do.
func (l *listings[T]) completeSince(ctx context.Context, key listingKey, since uint64) ([]T, error) {
	for {
		l.mu.Lock()
		w := l.joinCompleteLocked(ctx, key, since)
		l.mu.Unlock()
		if err := l.wait(ctx, key, w); err != nil {
			return nil, err
		}
		if w.err != nil && isContextError(w.err) && ctx.Err() == nil {
			continue
		}
		return w.items, w.err
	}
}

// joinCompleteLocked returns the walk a reader of the complete listing
// waits for: the running walk when it started at generation since or later
// and has not stopped early, else the queued one. Caller holds l.mu.
func (l *listings[T]) joinCompleteLocked(ctx context.Context, key listingKey, since uint64) *walk[T] {
	w := l.joinLocked(ctx, key, func(running *walk[T]) bool { return running.startGen >= since && !running.partial })
	w.complete++
	return w
}

// joinLocked returns the complete walk the caller waits for: the running
// walk of key when usable says it will do, else the queued one (queued now
// if there was none), else a new walk, started now. Caller holds l.mu.
func (l *listings[T]) joinLocked(ctx context.Context, key listingKey, usable func(running *walk[T]) bool) *walk[T] {
	q := l.walks[key]
	if q == nil {
		q = &walkQueue[T]{}
		l.walks[key] = q
	}
	var w *walk[T]
	switch {
	case q.running == nil:
		w = newWalk[T](ctx)
		q.running = w
		l.startLocked(key, w)
	case !q.running.abandoned && usable(q.running):
		w = q.running
	default:
		if q.queued == nil {
			q.queued = newWalk[T](ctx)
		}
		w = q.queued
	}
	w.waiters++
	signalJoined(ctx, walkJoined) // holds l.mu: the test's func must not block
	return w
}

// walkJoined: the reader waits for a complete walk of its key, running or
// queued (see joinedKey in flight.go).
const walkJoined joinedKey = "walk"

func newWalk[T any](ctx context.Context) *walk[T] {
	// The walk outlives the reader that asked first when others wait for
	// it too: it keeps that reader's values (the provider's loggers) and
	// deadline (which the client's retries plan against), but ends early
	// only when its last reader leaves. Readers whose deadline is later
	// than a walk that ran out of time start the next one.
	return &walk[T]{values: ctx, done: make(chan struct{})}
}

// startLocked runs w in the background at the current generation. Caller
// holds l.mu.
func (l *listings[T]) startLocked(key listingKey, w *walk[T]) {
	w.startGen, w.started = l.gen[key.page], time.Now()
	go l.run(w.context(), key, w)
}

// gather holds a walk that only read-backs wait for for tailWindow before
// its first call, so that the read-backs of the creates returning just
// after join it (gathering) rather than the walk after it: where entries
// are not listed in the order of the writes, a walk serves its read-backs
// for about the same number of pages whether they are two or ten.
func (l *listings[T]) gather(ctx context.Context, key listingKey, w *walk[T]) {
	l.mu.Lock()
	w.gathering = w.complete == 0 && len(w.finders) > 0
	l.mu.Unlock()
	if !w.gathering {
		return
	}
	waitWindow(ctx, l.tailWindow)
	l.mu.Lock()
	w.gathering, w.startGen, w.started = false, l.gen[key.page], time.Now()
	l.mu.Unlock()
}

// context returns the context of w's calls, and sets w.cancel: run calls
// it when the walk ends, and wait when its last reader leaves.
func (w *walk[T]) context() context.Context {
	var ctx context.Context
	if deadline, ok := w.values.Deadline(); ok {
		ctx, w.cancel = context.WithDeadline(context.WithoutCancel(w.values), deadline) //nolint:gosec // G118: see newWalk
	} else {
		ctx, w.cancel = context.WithCancel(context.WithoutCancel(w.values)) //nolint:gosec // G118: see newWalk
	}
	return ctx
}

func (l *listings[T]) run(ctx context.Context, key listingKey, w *walk[T]) {
	l.gather(ctx, key, w)
	clock := l.clockFor(key, w, "")
	clock.enough = func(page any) bool { return l.answeredLocking(w, clock, page) }
	items, err := l.fetch(ctx, key, clock)
	stamped := err == nil && len(clock.stamps) == len(items)
	l.mu.Lock()
	w.items, w.err, w.repeated, w.lastPageFrom = items, err, clock.repeated, clock.lastPageFrom
	if stamped {
		w.gens = clock.stamps
	}
	if !w.partial {
		l.noteTailLocked(key, clock.after)
	}
	l.mu.Unlock()
	if stamped && !w.partial {
		l.extend(ctx, key, w, clock.after)
	}
	w.cancel()

	l.mu.Lock()
	if w.err == nil && !w.partial && l.foundLastLocked(w) {
		l.tailUseless[key] = false
	}
	if w.err == nil && !w.partial {
		if l.gen[key.page] == w.startGen {
			l.stored[key] = storedListing[T]{gen: w.startGen, items: w.items}
		}
		if !w.repeated {
			h := append(l.history[key], w)
			l.history[key] = h[max(0, len(h)-maxHistory):]
		}
	}
	q := l.walks[key]
	q.running, q.queued = q.queued, nil
	switch {
	case q.running != nil && q.running.waiters > 0:
		l.startLocked(key, q.running)
	default:
		delete(l.walks, key)
	}
	l.mu.Unlock()
	close(w.done)
}

// clockFor returns the clock of one call of walk w: stamping entries with
// the Page's generation, starting after resume, within w's budget.
func (l *listings[T]) clockFor(key listingKey, w *walk[T], resume string) *pageClock {
	return &pageClock{now: func() uint64 { return l.since(key.page) }, resume: resume, budget: &w.budget}
}

// since returns the Page's current generation: a caller that has just
// written to the Page passes it to find.
func (l *listings[T]) since(pageID string) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.gen[pageID]
}

// writing records that a write to id on the Page begins, and returns its
// number; the write's read-back takes it (read_back.go). id is "" for a
// write that may touch any entry of the Page.
func (l *listings[T]) writing(pageID, id string) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.begun[pageID]++
	// Until it returns, no walk that has started says anything about id.
	l.touchLocked(pageID, id, l.gen[pageID]+1)
	l.writeNumbers[[2]string{pageID, id}] = l.begun[pageID]
	return l.begun[pageID]
}

// written records that a write call to id on the Page has returned: later
// readers of the Page's listings need one taken from now on, and readers
// about id need one started after now.
func (l *listings[T]) written(pageID, id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen[pageID]++
	l.touchLocked(pageID, id, l.gen[pageID])
	for key := range l.stored {
		if key.page == pageID {
			delete(l.stored, key)
		}
	}
}

// touchLocked records that walks started before generation from say
// nothing about id (touched). Caller holds l.mu.
func (l *listings[T]) touchLocked(pageID, id string, from uint64) {
	if l.touched[pageID] == nil {
		l.touched[pageID] = map[string]uint64{}
	}
	l.touched[pageID][id] = max(l.touched[pageID][id], from)
}

// touchedAfterLocked reports whether a write to id began or returned after
// a page requested at generation gen: two entries for id around it may
// differ. Caller holds l.mu.
func (l *listings[T]) touchedAfterLocked(pageID, id string, gen uint64) bool {
	return max(l.touched[pageID][id], l.touched[pageID][""]) > gen
}

// wait waits for w to end, or for ctx; a reader leaving on its own context
// gets the error worded as the client words a call cut short by it. The
// last reader to leave cancels the walk.
func (l *listings[T]) wait(ctx context.Context, key listingKey, w *walk[T]) error {
	return l.waitOrAnswer(ctx, key, w, nil)
}

// waitOrAnswer is wait for a read-back, which also stops waiting once
// answer closes (its entry was handed over, see finder); the walk reads on
// for its other readers.
func (l *listings[T]) waitOrAnswer(ctx context.Context, key listingKey, w *walk[T], answer <-chan struct{}) error {
	select {
	case <-w.done:
		return nil
	case <-answer:
		l.mu.Lock()
		w.waiters--
		l.mu.Unlock()
		return nil
	case <-ctx.Done():
	}
	l.mu.Lock()
	w.waiters--
	if w.waiters == 0 && w.cancel != nil {
		w.abandoned = true
		w.cancel()
	}
	l.mu.Unlock()
	return fmt.Errorf("%s: %w", l.call(key), ctx.Err())
}
