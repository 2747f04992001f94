package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// A read-back after a write (find) needs less than a complete listing: an
// entry seen on a page that was requested after the write returned shows
// the write's result as well as a whole newer listing would. Each entry a
// walk lists carries the generation at which its page was requested, so a
// read-back can take its entry from the walk already running instead of
// waiting for a newer one, and a walk whose read-backs have all seen their
// entries stops there when no reader needs the rest. Only an entry's
// absence needs a complete walk that started after the write.
//
// Meta documents no order for the grant edges, so a read-back does not bet
// on one. Where an edge lists new entries first, the first page shows them,
// and a walk from the first page stops there. Where it lists them last, a
// walk from the first page would read every page for them; instead:
//
//   - When a walk reaches its last page and a read-back waiting for it has
//     not seen its entry yet, the walk goes on from the last page's `after`
//     cursor, as following a `next` link would, for the entries listed
//     since (an extension).
//   - A read-back, once some walk of the key has ended at a cursor, first
//     takes a tail walk: from the cursor where the last page read ended,
//     over the entries listed since. Tail walks do not queue behind the
//     running walk or behind each other: each is one short call. A tail
//     walk waits tailWindow for other read-backs to join it (the creates
//     Terraform runs side by side return milliseconds apart), then makes
//     its call, while the next read-back to come starts the next one.
//   - A tail walk that shows a read-back nothing of its entry (the edge
//     lists new entries elsewhere, or the cursor does not advance) turns
//     tail walks off for the key (tailUseless), until a walk from the first
//     page finds the entries it was asked for on its last page or past it.
//
// A cursor is used at once and never kept beyond the run (Meta: "your app
// shouldn't store cursors", https://developers.facebook.com/docs/graph-api/results/).
// A tail walk is a hint, checked like the rest: the pages it reads were
// requested after the write, so what they show is proof; if the cursor no
// longer holds, or the entry is not there, the read-back takes a walk from
// the first page. A tail walk is never handed out or kept as a complete
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
//
// A listing that contradicts itself, an id listed twice with other access
// by one walk, or by a tail walk and the complete listing it continues,
// while no write to the id came between, is an error: picking either entry
// could hide access that remains.

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

// finder is a read-back waiting for a walk: the entry for id from a page
// requested at generation since or later. The walk hands it over (entry,
// then answer closes) on the page that lists it, so the read-back goes on
// while the walk reads on for others: where new entries land anywhere in
// the listing, a read-back waits for its own page, not for the last one.
type finder[T any] struct {
	since  uint64
	id     string
	answer chan struct{}
	entry  *T // set, under listings.mu, before answer closes
}

// maxWalkExtensions bounds how many calls one walk makes past its last
// page; the walk's budget bounds what they read.
const maxWalkExtensions = 50

// tailMargin is how many writes before a read-back's own its tail walk
// starts: the cursor noted before the write tailMargin writes earlier
// began. Where an edge lists by id, or by anything else that is not the
// order of the writes, Terraform's creates side by side (up to 10) land in
// another order than they began, and an entry may sit just before one
// listed before its write began; starting a little earlier finds it in the
// same one call (a page holds 100), where missing it cost a complete walk.
const tailMargin = 16

// defaultTailWindow is listings.tailWindow. Terraform applies creates up
// to 10 at a time, but its own work spaces their answers: 1000 creates on
// one Page at 20 ms per call returned some 18 ms apart. With 10 ms, a tail
// walk answered 1.8 read-backs (0.56 listing calls per create); with 5 ms,
// 1.5 (0.68), for no faster apply. A create that returns alone waits 10 ms.
const defaultTailWindow = 10 * time.Millisecond

// readBack returns a copy of the entry for id from a page of key's listing
// requested after the caller's write to id returned (find), or nil when a
// complete listing started after it has none.
func readBack[T grant[T]](ctx context.Context, l *listings[T], key listingKey, id string) (*T, error) {
	found, err := l.find(ctx, key, id)
	if found == nil || err != nil {
		return nil, err
	}
	own := (*found).clone()
	return &own, nil
}

// find returns the entry for id from a page of key's listing that was
// requested after the caller's write to id returned, or nil when a
// complete listing started after it has none. The entry is shared, like
// get's.
func (l *listings[T]) find(ctx context.Context, key listingKey, id string) (*T, error) {
	if l.disabled {
		items, err := l.fetch(ctx, key, nil)
		return l.entryIn(items, id), err
	}
	l.mu.Lock()
	since := l.gen[key.page]
	write, ok := l.writeNumbers[[2]string{key.page, id}]
	delete(l.writeNumbers, [2]string{key.page, id})
	if !ok { // no write noted: every cursor so far was noted before now
		write = l.begun[key.page] + 1
	}
	l.mu.Unlock()
	for first := true; ; first = false {
		l.mu.Lock()
		if s, ok := l.stored[key]; ok && s.gen == l.gen[key.page] && s.gen >= since {
			l.mu.Unlock()
			return l.entryIn(s.items, id), nil
		}
		if first && !l.tailUseless[key] && l.tailBeforeLocked(key, write) != "" {
			// A tail walk first; what it shows is proof only from a
			// page requested at since or later.
			w := l.joinTailLocked(ctx, key, write)
			l.mu.Unlock()
			if err := l.wait(ctx, key, w); err != nil {
				return nil, err
			}
			if isContradiction(w.err) {
				return nil, w.err
			}
			if found := w.seenSince(l, since, id); found != nil {
				return found, nil
			}
			if w.resume != "" && w.err == nil {
				l.mu.Lock()
				l.tailUseless[key] = true
				l.mu.Unlock()
			}
			continue
		}
		// Any running walk that has not stopped may still reach pages
		// requested after since; but where new entries do not come last
		// (tailUseless), only one started after the write will list the
		// entry: the walk queued behind is cheaper than reading on.
		useless := l.tailUseless[key]
		w := l.joinLocked(ctx, key, func(running *walk[T]) bool {
			return !running.partial && (!useless || running.startGen >= since || running.gathering)
		})
		f := &finder[T]{since: since, id: id, answer: make(chan struct{})}
		w.finders = append(w.finders, f)
		l.mu.Unlock()
		if err := l.waitOrAnswer(ctx, key, w, f.answer); err != nil {
			return nil, err
		}
		if f.entry != nil {
			return f.entry, nil
		}
		if found := w.seenSince(l, since, id); found != nil {
			return found, nil
		}
		switch {
		case w.startGen >= since && w.err == nil && !w.partial:
			return nil, nil // a complete listing taken after the write
		case w.startGen >= since && w.err != nil && (!isContextError(w.err) || ctx.Err() != nil):
			return nil, w.err
		}
		// The walk started before the write and did not show the entry on
		// a later page, or every reader before this one gave up on it: the
		// walk queued behind it, joined next, started after the write.
	}
}

// entryIn returns the entry for id in items, or nil.
func (l *listings[T]) entryIn(items []T, id string) *T {
	for i := range items {
		if l.idOf(items[i]) == id {
			return &items[i]
		}
	}
	return nil
}

// seenSince returns the latest entry for id in w's items or extra that was
// listed at generation since or later.
func (w *walk[T]) seenSince(l *listings[T], since uint64, id string) *T {
	i, extra := w.seenAt(l, since, id)
	switch {
	case i < 0:
		return nil
	case extra:
		return &w.extra[i]
	}
	return &w.items[i]
}

// seenAt returns where seenSince finds its entry: an index in extra
// (extra true) or items, or -1.
func (w *walk[T]) seenAt(l *listings[T], since uint64, id string) (int, bool) {
	for i := len(w.extra) - 1; i >= 0; i-- {
		if w.extraGens[i] >= since && l.idOf(w.extra[i]) == id {
			return i, true
		}
	}
	for i, item := range w.items {
		if l.idOf(item) == id && (w.gens == nil && w.startGen >= since || w.gens != nil && w.gens[i] >= since) {
			return i, false
		}
	}
	return -1, false
}

// foundLastLocked reports whether the walk, which read to its last page,
// showed each of its read-backs its entry on that page or past it: new
// entries come last on this edge, where tail walks find them. Caller holds
// l.mu.
func (l *listings[T]) foundLastLocked(w *walk[T]) bool {
	for _, f := range w.finders {
		// On a walk of one page, the last page is the first: it says
		// nothing of where new entries come.
		if i, extra := w.seenAt(l, f.since, f.id); i < 0 || !extra && (i < w.lastPageFrom || w.lastPageFrom == 0) {
			return false
		}
	}
	return len(w.finders) > 0
}

// answeredLocking hands each read-back waiting for w its entry when page,
// the page just read, lists it, and reports whether the walk may stop
// there: every read-back waiting for it has seen its entry, and no reader
// needs the complete listing. Once it says yes, the walk is partial and no
// reader joins it.
func (l *listings[T]) answeredLocking(w *walk[T], clock *pageClock, page any) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	entries, _ := page.([]T)
	for _, f := range w.finders {
		if f.entry != nil || clock.current < f.since {
			continue
		}
		for i := len(entries) - 1; i >= 0 && f.entry == nil; i-- {
			if l.idOf(entries[i]) == f.id {
				f.entry = &entries[i]
				close(f.answer)
			}
		}
	}
	if w.complete > 0 || len(w.finders) == 0 {
		return false
	}
	for _, f := range w.finders {
		if gen, ok := clock.latest[f.id]; !ok || gen < f.since {
			return false
		}
	}
	w.partial = true
	return true
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
	waitWindow(ctx, l.tailWindow)
	l.mu.Lock()
	if l.joinable[key] == w {
		delete(l.joinable, key)
	}
	w.resume, w.startGen = l.tailBeforeLocked(key, w.before-min(w.before-1, tailMargin)), l.gen[key.page]
	if w.resume == "" {
		w.resume = l.tailBeforeLocked(key, w.before)
	}
	l.mu.Unlock()
	if w.resume == "" { // only when maxTailCursors newer ones were noted since
		w.cancel()
		close(w.done)
		return
	}
	clock := l.clockFor(key, w, w.resume)
	items, err := l.fetch(ctx, key, clock)
	l.mu.Lock()
	switch {
	case err != nil:
		w.err = err
	case len(clock.stamps) == len(items):
		w.extra, w.extraGens = items, clock.stamps
		w.err = l.contradictionLocked(key, w.extra, w.extraGens, l.lastCompleteLocked(key))
	}
	if err != nil || len(items) == 0 || clock.after == w.resume {
		l.tailUseless[key] = true // a tail that shows nothing new is not worth its call
	}
	l.noteTailLocked(key, clock.after)
	l.mu.Unlock()
	w.cancel()
	close(w.done)
}

// waitWindow waits d, or until ctx ends: the time a walk gives other
// read-backs to join it before its first call (runTail, gather).
func waitWindow(ctx context.Context, d time.Duration) {
	window := time.NewTimer(d)
	defer window.Stop()
	select {
	case <-window.C:
	case <-ctx.Done():
	}
}

// lastCompleteLocked returns the newest complete walk of key, or nil.
// Caller holds l.mu.
func (l *listings[T]) lastCompleteLocked(key listingKey) *walk[T] {
	if h := l.history[key]; len(h) > 0 {
		return h[len(h)-1]
	}
	return nil
}

// extend goes on past the walk's last page, from cursor after, while a
// read-back waiting for it has not seen its entry, within the walk's
// budget (see read_back.go's introduction).
func (l *listings[T]) extend(ctx context.Context, key listingKey, w *walk[T], after string) {
	for range maxWalkExtensions {
		if after == "" || !l.unansweredLocking(key, w) {
			return
		}
		clock := l.clockFor(key, w, after)
		more, err := l.fetch(ctx, key, clock)
		if err != nil || len(more) == 0 || len(clock.stamps) != len(more) {
			return
		}
		l.mu.Lock()
		if err := l.contradictionLocked(key, more, clock.stamps, w); err != nil {
			w.err = err
			l.mu.Unlock()
			return
		}
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

// contradictionLocked returns an error when an entry of more (stamped with
// gens) lists an id that w (a walk of key, or nil) listed with other
// access, while no write to the id came between the two pages. Caller
// holds l.mu.
func (l *listings[T]) contradictionLocked(key listingKey, more []T, gens []uint64, w *walk[T]) error {
	if w == nil || l.sameAccess == nil {
		return nil
	}
	earlier := map[string]int{}
	for i, item := range w.items {
		earlier[l.idOf(item)] = i
	}
	for i, item := range more {
		j, ok := earlier[l.idOf(item)]
		if !ok || l.sameAccess(w.items[j], item) {
			continue
		}
		at := w.startGen
		if w.gens != nil {
			at = w.gens[j]
		}
		if !l.touchedAfterLocked(key.page, l.idOf(item), min(at, gens[i])) {
			return &contradictionError{listing: l.call(key), id: l.scrub(l.idOf(item))}
		}
	}
	for i, item := range w.extra {
		for k, other := range more {
			if l.idOf(item) == l.idOf(other) && !l.sameAccess(item, other) && !l.touchedAfterLocked(key.page, l.idOf(item), min(w.extraGens[i], gens[k])) {
				return &contradictionError{listing: l.call(key), id: l.scrub(l.idOf(item))}
			}
		}
	}
	return nil
}

// contradictionError is a listing that lists an id twice with other
// access.
type contradictionError struct {
	listing, id string
}

func (e *contradictionError) Error() string {
	return fmt.Sprintf("%s: id %s is listed with other access on a later page than on an earlier one, with no write to it from this run between; "+
		"which one holds is unknown, so nothing is concluded from this listing. If someone changed that access meanwhile, run again", e.listing, e.id)
}

func isContradiction(err error) bool {
	var c *contradictionError
	return errors.As(err, &c)
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
		if w.seenSince(l, f.since, f.id) == nil {
			return true
		}
	}
	return false
}
