package graph

import (
	"context"
	"fmt"
	"slices"
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
// shared by every reader: a resource's Read and its read-back after a write,
// and the data source over the same edge. Terraform refreshes every resource
// on every plan; without this, N resources on a Page would cost N complete
// listings per plan instead of one. The agencies, assigned_users and
// subscribed_apps edges each have one.
//
// Correctness comes first: a read that starts after a write to the Page
// returned must see that write. Each Page has a generation that every write
// bumps once the write call has returned, whether it succeeded or not (a
// failed or lost write may still have changed Meta's side); the bump drops
// every stored listing of the Page, whatever its scope. A reader uses the
// stored listing only when it was taken at the current generation.
//
// A complete listing of a key is one walk from the first page to the last,
// and at most one such walk per key runs at a time, with at most one more
// queued behind it:
// a reader who needs a listing newer than the running walk waits for the
// queued one, which starts (at the generation of that moment) when the
// running one ends, and which every such reader shares. Without the queue,
// each write landing during a walk made the next reader start a walk of its
// own beside it: creates on a Page with 1000 agencies cost 3 listing calls
// each. A walk that started before a write returned is never handed to a
// reader who came after it as a complete listing, nor stored once it ends.
// Errors are never stored, so the next reader tries again.
//
// A read-back after a create (find) needs less than a complete listing: an
// entry seen on a page that was requested after the create returned shows
// the create's result as well as a whole newer listing would. Each entry a
// walk lists carries the generation at which its page was requested, so a
// read-back can take its entry from the walk already running instead of
// waiting for a newer one. Only an entry's absence needs a complete walk
// that started after the write.
//
// When a walk reaches its last page and a read-back waiting for it has not
// seen its entry yet, the walk goes on from the last page's `after` cursor,
// as following a `next` link would, for the entries listed since: where an
// edge lists new entries last, the creates of an apply are each read back
// from one short page instead of a complete listing. The cursor is used at
// once and never kept (Meta: "your app shouldn't store cursors",
// https://developers.facebook.com/docs/graph-api/results/). An extension
// that lists nothing new, fails, or would hold up a reader waiting for the
// next complete listing ends the walk; read-backs still unanswered then
// take that next listing.
//
// A read-back, once some walk of the key has ended at a cursor, first takes
// a tail walk: from the cursor where the last page read ended, over the
// entries listed since. Tail walks do not queue behind the running walk or
// behind each other: each is one short call, and a read-back waiting for
// another walk to end before its own call starts pays for both. Instead, a
// tail walk waits tailWindow for other read-backs to join it (the creates
// Terraform runs side by side return milliseconds apart), then makes its
// call, while the next read-back to come starts the next tail walk.
// Creates of 1000 agencies on one Page at 20 ms per call took 67 ms of
// waiting each when read-backs waited for every write in flight and then
// for the walk before theirs; the floor is 40 ms, the POST and one GET.
// A tail walk is a hint, checked like the rest: the pages it reads were
// requested after the write, so what they show is proof; if the cursor
// no longer holds, or the entry is not there, the read-back takes a
// complete listing. A tail walk is never handed out or kept as a complete
// listing.
//
// The cursor a tail walk starts from must lie before the read-back's own
// entry, else the walk lists only what came after it. A page's answer can
// show a write that was still in flight when the page was requested (Meta
// answers after the write lands, the client learns of it later), so the
// cursor at the end of a page read during the write may already be past
// its entry. A read-back therefore starts from the last cursor noted
// before its write began (writing), and lists the few entries of the
// writes made alongside as well as its own.
type listings[T any] struct {
	fetch    func(ctx context.Context, key listingKey, clock *pageClock) ([]T, error)
	call     func(key listingKey) string // "GET /v25.0/{page-id}/agencies", for errors
	disabled bool
	// tailWindow is how long a tail walk waits for other read-backs to
	// join it before its call (see listings).
	tailWindow time.Duration

	mu     sync.Mutex
	gen    map[string]uint64 // by Page
	stored map[listingKey]storedListing[T]
	walks  map[listingKey]*walkQueue[T]
	// joinable is, per key, the tail walk that read-backs may still join:
	// its call has not started.
	joinable map[listingKey]*walk[T]
	// begun is, per Page, the number of writes begun (writing).
	begun map[string]uint64
	// tail is, per key, the `after` cursors of the last pages walks read,
	// oldest first, each with the writes begun when it was noted: where a
	// read-back's tail walk starts (see listings).
	tail map[listingKey][]tailCursor
}

// tailCursor is where a walk's last page ended, and the number of writes
// to the Page begun when it was noted: the page was read before the next
// write began.
type tailCursor struct {
	begun uint64
	after string
}

// maxTailCursors bounds the cursors kept per key: a read-back needs one
// noted before its write began, so only as many as there are writes in
// flight at once.
const maxTailCursors = 64

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
// last, or a tail walk from a cursor (resume). Its fields other than
// waiters, abandoned, finders and before (guarded by listings.mu) are
// written once, before done closes.
type walk[T any] struct {
	values   context.Context // whose values (loggers) and deadline the walk's calls carry
	resume   string          // for a tail walk, the cursor it starts after; "" for a complete walk
	before   uint64          // for a tail walk, the earliest write its read-backs began (writing)
	startGen uint64
	cancel   context.CancelFunc // nil until the walk starts
	done     chan struct{}
	items    []T
	gens     []uint64 // per item: the Page's generation when its page was requested; nil: all at startGen
	err      error
	// extra and extraGens are what extensions past the last page listed,
	// stamped like items; not part of the complete listing.
	extra     []T
	extraGens []uint64

	waiters   int         // readers waiting for it; guarded by listings.mu
	abandoned bool        // every reader left, so it was cancelled; guarded by listings.mu
	finders   []finder[T] // read-backs waiting for it; guarded by listings.mu
}

// finder is a read-back waiting for a walk: the entry match picks, from a
// page requested at generation since or later.
type finder[T any] struct {
	since uint64
	match func(T) bool
}

// maxWalkExtensions bounds how long one walk goes on past its last page;
// all its extensions together also keep at most MaxListingEntries entries,
// so that a server that always lists something new cannot make one walk
// hold more than a listing may.
const maxWalkExtensions = 50

// defaultTailWindow is listings.tailWindow. Terraform applies creates up
// to 10 at a time, but its own work spaces their answers: 1000 creates on
// one Page at 20 ms per call returned some 18 ms apart. With 10 ms, a tail
// walk answered 1.8 read-backs (0.56 listing calls per create); with 5 ms,
// 1.5 (0.68), for no faster apply. A create that returns alone waits 10 ms.
const defaultTailWindow = 10 * time.Millisecond

// seenSince returns the latest entry match picks from items or extra that
// was listed at generation since or later.
func (w *walk[T]) seenSince(since uint64, match func(T) bool) *T {
	for i := len(w.extra) - 1; i >= 0; i-- {
		if w.extraGens[i] >= since && match(w.extra[i]) {
			return &w.extra[i]
		}
	}
	for i, item := range w.items {
		if match(item) && (w.gens == nil && w.startGen >= since || w.gens != nil && w.gens[i] >= since) {
			return &w.items[i]
		}
	}
	return nil
}

func newListings[T any](fetch func(context.Context, listingKey, *pageClock) ([]T, error), call func(listingKey) string, disabled bool) *listings[T] {
	return &listings[T]{fetch: fetch, call: call, disabled: disabled, tailWindow: defaultTailWindow,
		gen: map[string]uint64{}, stored: map[listingKey]storedListing[T]{}, walks: map[listingKey]*walkQueue[T]{},
		joinable: map[listingKey]*walk[T]{}, begun: map[string]uint64{}, tail: map[listingKey][]tailCursor{}}
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
		w := l.joinLocked(ctx, key, func(running *walk[T]) bool { return running.startGen == gen })
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

// since returns the Page's current generation: a caller that has just
// written to the Page passes it to find.
func (l *listings[T]) since(pageID string) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.gen[pageID]
}

// writing records that a write to the Page begins, and returns its number:
// the caller passes it to find once the write has returned.
func (l *listings[T]) writing(pageID string) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.begun[pageID]++
	return l.begun[pageID]
}

// nextWrite returns the number the next write to the Page will be given:
// every cursor noted so far was noted before it began.
func (l *listings[T]) nextWrite(pageID string) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.begun[pageID] + 1
}

// find returns the entry match picks from a page of key's listing that was
// requested at generation since or later, or nil when a complete listing
// started at since or later has none. The entry is shared, like get's.
// write is the number writing gave the caller's write (see listings).
func (l *listings[T]) find(ctx context.Context, key listingKey, since, write uint64, match func(T) bool) (*T, error) {
	if l.disabled {
		items, err := l.fetch(ctx, key, nil)
		return firstMatch(items, match), err
	}
	for first := true; ; first = false {
		l.mu.Lock()
		if s, ok := l.stored[key]; ok && s.gen == l.gen[key.page] && s.gen >= since {
			l.mu.Unlock()
			return firstMatch(s.items, match), nil
		}
		if first && l.tailBeforeLocked(key, write) != "" {
			// A tail walk first; what it shows is proof only from a
			// page requested at since or later.
			w := l.joinTailLocked(ctx, key, write)
			l.mu.Unlock()
			if err := l.wait(ctx, key, w); err != nil {
				return nil, err
			}
			if found := w.seenSince(since, match); found != nil {
				return found, nil
			}
			continue
		}
		// Any running walk may still reach pages requested after since.
		w := l.joinLocked(ctx, key, func(*walk[T]) bool { return true })
		w.finders = append(w.finders, finder[T]{since: since, match: match})
		l.mu.Unlock()
		if err := l.wait(ctx, key, w); err != nil {
			return nil, err
		}
		if found := w.seenSince(since, match); found != nil {
			return found, nil
		}
		switch {
		case w.startGen >= since && w.err == nil:
			return nil, nil // a complete listing taken after the write
		case w.startGen >= since && (!isContextError(w.err) || ctx.Err() != nil):
			return nil, w.err
		}
		// The walk started before the write and did not show the entry on
		// a later page, or every reader before this one gave up on it: the
		// walk queued behind it, joined next, started after the write.
	}
}

func firstMatch[T any](items []T, match func(T) bool) *T {
	for i := range items {
		if match(items[i]) {
			return &items[i]
		}
	}
	return nil
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
	w.startGen = l.gen[key.page]
	go l.run(w.context(), key, w)
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

// joinTailLocked returns the tail walk of key that read-backs may still
// join, started now if there is none, for a read-back of write number
// write. Caller holds l.mu.
func (l *listings[T]) joinTailLocked(ctx context.Context, key listingKey, write uint64) *walk[T] {
	w := l.joinable[key]
	if w == nil || w.abandoned {
		w = newWalk[T](ctx)
		w.before = write
		l.joinable[key] = w
		go l.runTail(w.context(), key, w)
	}
	w.before = min(w.before, write)
	w.waiters++
	return w
}

// runTail makes tail walk w's call once other read-backs have had
// tailWindow to join it, from the last cursor noted before the earliest of
// their writes began.
func (l *listings[T]) runTail(ctx context.Context, key listingKey, w *walk[T]) {
	window := time.NewTimer(l.tailWindow)
	select {
	case <-window.C:
	case <-ctx.Done():
		window.Stop()
	}
	l.mu.Lock()
	if l.joinable[key] == w {
		delete(l.joinable, key)
	}
	w.resume, w.startGen = l.tailBeforeLocked(key, w.before), l.gen[key.page]
	l.mu.Unlock()
	if w.resume == "" { // only when maxTailCursors newer ones were noted since
		w.cancel()
		close(w.done)
		return
	}
	clock := &pageClock{now: func() uint64 { return l.since(key.page) }, resume: w.resume}
	items, err := l.fetch(ctx, key, clock)
	l.mu.Lock()
	if err == nil && len(clock.stamps) == len(items) {
		w.extra, w.extraGens = items, clock.stamps
	}
	l.noteTailLocked(key, clock.after)
	l.mu.Unlock()
	w.cancel()
	close(w.done)
}

func (l *listings[T]) run(ctx context.Context, key listingKey, w *walk[T]) {
	clock := &pageClock{now: func() uint64 { return l.since(key.page) }}
	items, err := l.fetch(ctx, key, clock)
	stamped := err == nil && len(clock.stamps) == len(items)
	l.mu.Lock()
	w.items, w.err = items, err
	if stamped {
		w.gens = clock.stamps
	}
	l.noteTailLocked(key, clock.after)
	l.mu.Unlock()
	if stamped {
		l.extend(ctx, key, w, clock.after)
	}
	w.cancel()

	l.mu.Lock()
	if err == nil && l.gen[key.page] == w.startGen {
		l.stored[key] = storedListing[T]{gen: w.startGen, items: items}
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

// extend goes on past the walk's last page, from cursor after, while a
// read-back waiting for it has not seen its entry (see listings).
func (l *listings[T]) extend(ctx context.Context, key listingKey, w *walk[T], after string) {
	for range maxWalkExtensions {
		if after == "" || len(w.extra) >= MaxListingEntries || !l.unansweredLocking(key, w) {
			return
		}
		clock := &pageClock{now: func() uint64 { return l.since(key.page) }, resume: after}
		more, err := l.fetch(ctx, key, clock)
		if err != nil || len(more) == 0 || len(clock.stamps) != len(more) {
			return
		}
		l.mu.Lock()
		w.extra = append(w.extra, more...)
		w.extraGens = append(w.extraGens, clock.stamps...)
		l.noteTailLocked(key, clock.after)
		l.mu.Unlock()
		if clock.after == "" || clock.after == after {
			return // a cursor that does not advance would list the same entries again
		}
		after = clock.after
	}
}

// noteTailLocked remembers where the last page read of key ended. Caller
// holds l.mu.
func (l *listings[T]) noteTailLocked(key listingKey, after string) {
	if after == "" {
		return
	}
	cursors, begun := l.tail[key], l.begun[key.page]
	if n := len(cursors); n > 0 && cursors[n-1].begun == begun {
		cursors[n-1].after = after
		return
	}
	if len(cursors) == maxTailCursors {
		cursors = slices.Delete(cursors, 0, 1)
	}
	l.tail[key] = append(cursors, tailCursor{begun: begun, after: after})
}

// tailBeforeLocked returns the last cursor of key noted before write number
// write began, or "". Caller holds l.mu.
func (l *listings[T]) tailBeforeLocked(key listingKey, write uint64) string {
	cursors := l.tail[key]
	for i := len(cursors) - 1; i >= 0; i-- {
		if cursors[i].begun < write {
			return cursors[i].after
		}
	}
	return ""
}

// unansweredLocking reports whether a read-back waiting for w has not seen
// its entry yet, and no reader waits for the next complete listing.
func (l *listings[T]) unansweredLocking(key listingKey, w *walk[T]) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if q := l.walks[key]; q.queued != nil && q.queued.waiters > 0 {
		return false
	}
	for _, f := range w.finders {
		if w.seenSince(f.since, f.match) == nil {
			return true
		}
	}
	return false
}

// wait waits for w to end, or for ctx; a reader leaving on its own context
// gets the error worded as the client words a call cut short by it. The
// last reader to leave cancels the walk.
func (l *listings[T]) wait(ctx context.Context, key listingKey, w *walk[T]) error {
	select {
	case <-w.done:
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

// pageClock, set on a listing call, stamps each entry listed with the
// generation of the Page at the moment the entry's page was requested. It
// also carries the cursor a walk's extension resumes from.
type pageClock struct {
	now     func() uint64
	current uint64   // at the request of the page being read
	stamps  []uint64 // per entry kept, in order
	resume  string   // when set, the listing starts after this cursor
	after   string   // the last page's cursors.after: where the listing ended
}

func (p *pageClock) pageRequested() {
	if p != nil {
		p.current = p.now()
	}
}

func (p *pageClock) pageRead(after string) {
	if p != nil && after != "" {
		p.after = after
	}
}

func (p *pageClock) resumeAfter() string {
	if p == nil {
		return ""
	}
	return p.resume
}
