package graphtest

import (
	"fmt"
	"strings"
)

// Faults of a grant edge's answers past the end of its listing.
//
// A client that has read a listing's last page (one without paging.next)
// may go on from that page's cursors.after, for the entries listed since:
// to read back a grant it has just made, or to extend a listing a
// read-back is still waiting on. Meta documents cursors only as pointing at
// an item of the listing and warns that they are not to be stored
// (https://developers.facebook.com/docs/graph-api/results/); what a request
// resumed from the end of a listing answers is its own. The emulator
// remembers the cursors it handed out as the end of a listing (the
// cursors.after of a page without a next link) and, for a request resumed
// after one of them, can answer as a Meta at its most awkward does:
//
//   - GrowPastEnd: the Page has gained more grants since, and large ones;
//   - RepeatPastEnd: a grant already listed is listed again, with other
//     access;
//   - StickPastEnd: the cursor does not advance.
//
// A request resumed after a cursor that was not the end of a listing (the
// next page of a walk) is answered as usual.

// pastEndFaults are the faults of one endpoint's answers past the end.
type pastEndFaults struct {
	growEntries, growNameBytes int
	repeatID                   string
	repeatAccess               []string
	stuck                      bool
	stuckLink                  StuckLink
	respelled                  int // cursors spelled anew so far (StuckFreshLink)
	grown                      int // grants GrowPastEnd made so far: their ids
	// endKeys are, by cursor namespace, the keys of the cursors handed out
	// as the end of a listing; they outlive ClearPastEnd.
	endKeys map[string]map[string]bool
}

// GrowPastEnd makes each request of endpoint (EndpointAgencies or
// EndpointSubscribedApps) resumed past the end of a listing first add
// entries new grants to the Page's edge, every one named by a name of
// nameBytes bytes: a busy Page that other tools keep granting to agencies
// or apps while the client reads it, whose names Meta does not bound. A
// client that goes on from the end of the listing while it waits for an
// entry never reaches an end: only its own bounds stop it. The new grants
// are listed at once (ListLate does not hold them back), in the endpoint's
// order. GrowPastEnd(endpoint, 0, 0) ends it.
func (e *Emulator) GrowPastEnd(endpoint string, entries, nameBytes int) {
	if endpoint != EndpointAgencies && endpoint != EndpointSubscribedApps {
		panic(fmt.Sprintf("graphtest: GrowPastEnd: %q is not an edge it grows (agencies, subscribed_apps)", endpoint))
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	f := &e.rulesLocked(endpoint).pastEnd
	f.growEntries, f.growNameBytes = entries, nameBytes
}

// RepeatPastEnd makes answers of endpoint to requests resumed past the end
// of a listing list the grant id once more, after the entries new since,
// with access (its tasks, or an app's subscribed fields) instead of what it
// holds: what a Meta listing in an order that changes (by time of last
// change, say) shows when a replica behind the one that served the
// complete listing answers the rest. Complete listings keep listing the
// grant as it is. The grant must exist for the repeat to show; with ""
// the fault ends.
func (e *Emulator) RepeatPastEnd(endpoint, id string, access []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := &e.rulesLocked(endpoint).pastEnd
	f.repeatID, f.repeatAccess = id, append([]string{}, access...)
}

// StuckLink is the paging.next link of a StickPastEnd answer.
type StuckLink int

const (
	StuckNoLink    StuckLink = iota // no next link: the answer looks like the end
	StuckSameLink                   // a next link resuming after the same cursor again
	StuckFreshLink                  // a next link, and cursors.after, spelled anew each time for the same place
)

// StickPastEnd makes answers of endpoint to requests resumed after a
// cursor C at the end of a listing list nothing and carry cursors.after ==
// C again, with the next link link, even when grants were listed since: a
// cursor that stands for a position in a snapshot of the listing taken
// when it was handed out, which Meta's paging guide does not rule out
// (https://developers.facebook.com/docs/graph-api/results/). Only a listing
// from the first page shows the new grants. With StuckFreshLink, the
// answer's cursor names the same place but is spelled anew each time, as
// Meta's opaque cursors ("QVFIU…") may be, so a client that compares links
// sees a new page each time. ClearPastEnd ends it.
func (e *Emulator) StickPastEnd(endpoint string, link StuckLink) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := &e.rulesLocked(endpoint).pastEnd
	f.stuck, f.stuckLink = true, link
}

// ClearPastEnd ends every past-the-end fault of endpoint.
func (e *Emulator) ClearPastEnd(endpoint string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	f := &e.rulesLocked(endpoint).pastEnd
	*f = pastEndFaults{endKeys: f.endKeys, grown: f.grown}
}

// noteEnd remembers that the cursor of key was handed out as the end of a
// listing of namespace ns. Caller holds e.mu.
func (f *pastEndFaults) noteEnd(ns, key string) {
	if f.endKeys == nil {
		f.endKeys = map[string]map[string]bool{}
	}
	if f.endKeys[ns] == nil {
		f.endKeys[ns] = map[string]bool{}
	}
	f.endKeys[ns][key] = true
}

// isEnd reports whether the cursor of key was handed out as the end of a
// listing of namespace ns, however spelled (stuckWindow). Caller holds
// e.mu.
func (f *pastEndFaults) isEnd(ns, key string) bool {
	key, _, _ = strings.Cut(key, respelledMark)
	return f.endKeys[ns][key]
}

// respelledMark separates a cursor's key from the count that spells it
// anew (StuckFreshLink). Keys are digits, so key+mark+n sorts right after
// key and before every key greater than it: the same place in the listing.
const respelledMark = "~"

// stuckWindow is the answer StickPastEnd gives: nothing, and the cursor
// asked for, spelled as f says, as cursors.after and in the next link.
// Caller holds e.mu.
func stuckWindow(in *incoming, key, ns string, f *pastEndFaults) window {
	if f.stuckLink == StuckFreshLink {
		base, _, _ := strings.Cut(key, respelledMark)
		f.respelled++
		key = fmt.Sprintf("%s%s%d", base, respelledMark, f.respelled)
	}
	c := encodeCursor(ns, key, false)
	p := map[string]any{"cursors": map[string]any{"before": c, "after": c}}
	if f.stuckLink != StuckNoLink {
		p["next"] = pageURL(in, "after", c)
	}
	return window{paging: p}
}

// growPastEnd adds f.growEntries new grants to s (GrowPastEnd). Caller
// holds e.mu.
func growPastEnd[T any](e *Emulator, in *incoming, s *edgeStore[T], f *pastEndFaults) {
	name := strings.Repeat("Partner network ", f.growNameBytes/16+1)[:f.growNameBytes]
	for range f.growEntries {
		f.grown++
		id := fmt.Sprintf("27%013d", f.grown)
		var v T
		switch p := any(&v).(type) {
		case *agencyState:
			e.businesses[id] = name // one string shared by all: the emulator's memory stays small
			t := e.stampNow()
			*p = agencyState{businessID: id, tasks: []string{"ANALYZE"}, status: AccessConfirmed, requested: t, updated: t}
		case *subscriptionState:
			e.apps[id] = name
			*p = subscriptionState{appID: id, fields: []string{"feed"}}
		default:
			panic(fmt.Sprintf("graphtest: GrowPastEnd on %s: no new grants of this edge", in.route.endpoint))
		}
		s.set(id, v)
	}
}

// repeatPastEnd appends to page the grant id of s as RepeatPastEnd lists
// it, when it exists and the listing keeps it.
func repeatPastEnd[T any](page []*edgeEntry[T], s *edgeStore[T], keep func(*edgeEntry[T]) bool, id string, access []string) []*edgeEntry[T] {
	en := s.find(id)
	if en == nil || !keep(en) {
		return page
	}
	shown := *en
	switch p := any(&shown.v).(type) {
	case *agencyState:
		p.tasks = append([]string{}, access...)
	case *assignedUserState:
		p.tasks = append([]string{}, access...)
	case *subscriptionState:
		p.fields = append([]string{}, access...)
	}
	return append(page, &shown)
}
