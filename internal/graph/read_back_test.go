package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrentCreatesShareOneReadBack: ten creates on one Page whose
// writes return together each read their own business back, and all ten
// share one tail walk, from where the listing before the writes ended.
func TestConcurrentCreatesShareOneReadBack(t *testing.T) {
	const creates = 10
	existing := make([]string, 10)
	for i := range existing {
		existing[i] = fmt.Sprintf("1%d", i)
	}
	s := &agencyServer{t: t, pages: map[string][]string{"1": existing}}
	var arrived sync.WaitGroup
	arrived.Add(creates)
	all := make(chan struct{})
	go func() { arrived.Wait(); close(all) }()
	c := gatedAgencyServer(t, s, func(*http.Request) {
		arrived.Done()
		<-all // every write is in flight before any returns
	})
	// Under the race detector on two CPUs, ten goroutines may take more
	// than the default window to reach their read-backs.
	c.agencies.tailWindow = time.Second
	ctx := context.Background()
	if _, err := c.ListAgencies(ctx, "1"); err != nil { // a stored listing from before the writes
		t.Fatal(err)
	}
	listedBefore := s.gets.Load()

	var wg sync.WaitGroup
	for i := range creates {
		wg.Go(func() {
			biz := fmt.Sprintf("9%d", i)
			if err := c.AssignAgency(ctx, "1", biz, []string{"ANALYZE"}); err != nil {
				t.Error(err)
				return
			}
			a, err := c.ReadBackAgency(ctx, "1", biz)
			if err != nil || a == nil || a.BusinessID != biz {
				t.Errorf("create %s read back %+v, %v: a read after a write must see it", biz, a, err)
			}
		})
	}
	wg.Wait()
	// The ten new agencies, listed two per call after the ten listed
	// before: a complete listing would be 10 calls.
	if got := s.gets.Load() - listedBefore; got != 5 {
		t.Errorf("the ten read-backs made %d listing calls, want 5 (one shared tail walk)", got)
	}
}

// TestReadBackDoesNotWaitForOtherWritesInFlight: a read-back sees its own
// write, from one call, while another write to the Page stays in flight:
// a slow write elsewhere holds up no create.
func TestReadBackDoesNotWaitForOtherWritesInFlight(t *testing.T) {
	s := &agencyServer{t: t, pages: map[string][]string{"1": {"11"}}}
	hold := make(chan struct{})
	defer close(hold) // never leave a handler blocked: the server's Close waits for it
	slowArrived := make(chan struct{})
	c := gatedAgencyServer(t, s, func(r *http.Request) {
		_ = r.ParseForm()
		if r.Form.Get("business") == "91" {
			close(slowArrived)
			<-hold
		}
	})
	ctx := context.Background()
	if _, err := c.ListAgencies(ctx, "1"); err != nil { // ends at a cursor
		t.Fatal(err)
	}
	slow := make(chan error, 1)
	go func() { slow <- c.AssignAgency(ctx, "1", "91", []string{"ANALYZE"}) }()
	<-slowArrived // 91 is in flight
	if err := c.AssignAgency(ctx, "1", "92", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}
	before := s.gets.Load()
	a, err := c.ReadBackAgency(ctx, "1", "92")
	if err != nil || a == nil || a.BusinessID != "92" {
		t.Fatalf("read back %+v, %v, want business 92", a, err)
	}
	if len(slow) != 0 {
		t.Fatal("the slow write returned: the test proves nothing")
	}
	if n := s.gets.Load() - before; n != 1 {
		t.Fatalf("%d listing calls, want 1: the page after the cursor", n)
	}
}

// TestTailWalksRunSideBySide: a read-back whose write returned after the
// tail walk in flight made its call starts the next tail walk at once, and
// is answered while the first is still held: read-backs do not queue.
func TestTailWalksRunSideBySide(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13"}})
	ctx := context.Background()
	if _, err := c.ListAgencies(ctx, "1"); err != nil { // two pages, ending after 13
		t.Fatal(err)
	}
	if err := c.AssignAgency(ctx, "1", "14", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}
	reached, release := s.holdPage(3) // the first tail walk's call, once it has read 14
	first := make(chan *Agency, 1)
	go func() {
		a, err := c.ReadBackAgency(ctx, "1", "14")
		if err != nil {
			t.Error(err)
		}
		first <- a
	}()
	<-reached
	if err := c.AssignAgency(ctx, "1", "15", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}
	a, err := c.ReadBackAgency(ctx, "1", "15")
	if err != nil || a == nil || a.BusinessID != "15" {
		t.Fatalf("read back %+v, %v, want business 15", a, err)
	}
	if len(first) != 0 {
		t.Fatal("the first tail walk returned: the test proves nothing")
	}
	release()
	if a := <-first; a == nil || a.BusinessID != "14" {
		t.Fatalf("first read-back %+v, want business 14", a)
	}
	if n := s.gets.Load(); n != 4 {
		t.Fatalf("%d listing calls, want 4: the listing's two pages and one per tail walk", n)
	}
}

// TestReadBackLeavesOnItsContext: waiting for a listing ends with the
// caller's context, worded as a call cut short, whether the read-back
// waits for a complete walk or a tail walk.
func TestReadBackLeavesOnItsContext(t *testing.T) {
	for _, tail := range []bool{false, true} {
		t.Run(fmt.Sprintf("tail=%v", tail), func(t *testing.T) {
			s, c := newAgencyServer(t, map[string][]string{"1": {"11"}})
			at := 0
			if tail {
				if _, err := c.ListAgencies(context.Background(), "1"); err != nil { // ends at a cursor
					t.Fatal(err)
				}
				at = 1
			}
			if err := c.AssignAgency(context.Background(), "1", "92", []string{"ANALYZE"}); err != nil {
				t.Fatal(err)
			}
			reached, _ := s.holdPage(at)
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			_, err := c.ReadBackAgency(ctx, "1", "92")
			<-reached
			if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "GET ") || !strings.Contains(err.Error(), "/1/agencies") {
				t.Fatalf("want the endpoint and the deadline, got %v", err)
			}
		})
	}
}

// TestReadBackTakesItsEntryFromTheListingInFlight: a listing that started
// before a create returned, but requests the page holding the new entry
// after it, answers the create's read-back: no second listing.
func TestReadBackTakesItsEntryFromTheListingInFlight(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13"}})
	reached, release := s.holdPage(0)
	listed := listInBackground(t, c, "1")
	<-reached // the listing has read the first page's state, before the write
	if err := c.AssignAgency(context.Background(), "1", "14", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}
	readBack := readBackJoiningTheListing(t, c, "14", release)
	if a := <-readBack; a == nil || a.BusinessID != "14" {
		t.Fatalf("read back %+v: a read after a write must see it", a)
	}
	<-listed
	if n := s.gets.Load(); n != 2 {
		t.Fatalf("%d listing calls, want 2: the listing in flight requested the new entry's page after the write", n)
	}
}

// TestReadBackIgnoresAnEntryListedBeforeItsWriteReturned: an entry that a
// listing showed while the write was still in flight is no proof of what
// the write left behind; the read-back takes a listing started after it.
func TestReadBackIgnoresAnEntryListedBeforeItsWriteReturned(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13"}})
	applied, answer := make(chan struct{}), make(chan struct{})
	s.onWrite = func() {
		close(applied)
		<-answer // the write is made, its answer held back
	}
	reached, release := s.holdPage(2)
	wrote := make(chan error, 1)
	go func() { wrote <- c.AssignAgency(context.Background(), "1", "10", []string{"ANALYZE"}) }()
	<-applied // the write is made: listings show 10 from now on
	listed := listInBackground(t, c, "1")
	<-reached // the page with 10 on it was requested before the write returned
	close(answer)
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	readBack := readBackJoiningTheListing(t, c, "10", release)
	<-listed
	if a := <-readBack; a == nil || a.BusinessID != "10" {
		t.Fatalf("read back %+v, want business 10", a)
	}
	// 4 agencies in pages of 2: the listing in flight (2 calls), its
	// extension past the last page, which lists nothing new (1), then a
	// complete listing started after the write (2).
	if n := s.gets.Load(); n != 5 {
		t.Fatalf("%d listing calls, want 5: the entry seen before the write returned must not answer the read-back", n)
	}
}

// TestReadBackExtendsTheListingPastItsLastPage: a create that returns while
// the listing in flight reads its last page is read back by going on from
// that page's cursor (one call), not by a second complete listing.
func TestReadBackExtendsTheListingPastItsLastPage(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13"}})
	reached, release := s.holdPage(2)
	listed := listInBackground(t, c, "1")
	<-reached // the last page was read before the write
	ctx := context.Background()
	if err := c.AssignAgency(ctx, "1", "14", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}
	readBack := readBackJoiningTheListing(t, c, "14", release)
	if a := <-readBack; a == nil || a.BusinessID != "14" {
		t.Fatalf("read back %+v: a read after a write must see it", a)
	}
	if got := <-listed; !slices.Equal(got, []string{"11", "12", "13"}) {
		t.Fatalf("the listing in flight answered %v, want the three agencies it listed before the write", got)
	}
	if n := s.gets.Load(); n != 3 {
		t.Fatalf("%d listing calls, want 3: two pages and one past the last", n)
	}
	// The extension is no complete listing: a read now lists the Page again.
	if list, err := c.ListAgencies(ctx, "1"); err != nil || !slices.Equal(ids(list), []string{"11", "12", "13", "14"}) {
		t.Fatalf("ListAgencies after the create = %v, %v", ids(list), err)
	}
	if n := s.gets.Load(); n != 5 {
		t.Fatalf("%d listing calls, want 5", n)
	}
}

// TestReadBackFallsBackToACompleteListingWhenTheTailFails: the cursor a
// tail walk starts from is only a hint; when Meta refuses it, the
// read-back takes a complete listing, and does not fail.
func TestReadBackFallsBackToACompleteListingWhenTheTailFails(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13"}})
	ctx := context.Background()
	if _, err := c.ListAgencies(ctx, "1"); err != nil { // ends at a cursor
		t.Fatal(err)
	}
	if err := c.AssignAgency(ctx, "1", "14", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}
	before := s.gets.Load()
	s.failGets.Store(1) // the tail walk's call
	a, err := c.ReadBackAgency(ctx, "1", "14")
	if err != nil || a == nil || a.BusinessID != "14" {
		t.Fatalf("read back %+v, %v: want business 14 from a complete listing", a, err)
	}
	if n := s.gets.Load() - before; n != 3 {
		t.Fatalf("%d listing calls, want 3: the refused tail, then two pages", n)
	}
}

// TestReadBackStartsBeforeTheWritesInFlight: a tail walk read while a
// write was in flight may list that write's entry before the write
// returns, and end past it. The write's own read-back must not start from
// that cursor: it starts from one noted before the write began, and finds
// its entry with one call, not a complete listing.
func TestReadBackStartsBeforeTheWritesInFlight(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13"}})
	ctx := context.Background()
	if _, err := c.ListAgencies(ctx, "1"); err != nil { // two pages, ending after 13
		t.Fatal(err)
	}
	applied, answer := make(chan struct{}), make(chan struct{})
	defer func() {
		select {
		case <-answer:
		default:
			close(answer)
		}
	}()
	var first atomic.Bool
	s.onWrite = func() {
		if first.CompareAndSwap(false, true) {
			close(applied)
			<-answer // 14 is made, its answer held back
		}
	}
	slow := make(chan error, 1)
	go func() { slow <- c.AssignAgency(ctx, "1", "14", []string{"ANALYZE"}) }()
	<-applied
	if err := c.AssignAgency(ctx, "1", "15", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}
	if a, err := c.ReadBackAgency(ctx, "1", "15"); err != nil || a == nil || a.BusinessID != "15" {
		t.Fatalf("read back %+v, %v, want business 15", a, err)
	} // its tail walk listed 14 and 15, and ended after 15
	close(answer)
	if err := <-slow; err != nil {
		t.Fatal(err)
	}
	before := s.gets.Load()
	if a, err := c.ReadBackAgency(ctx, "1", "14"); err != nil || a == nil || a.BusinessID != "14" {
		t.Fatalf("read back %+v, %v, want business 14", a, err)
	}
	if n := s.gets.Load() - before; n != 1 {
		t.Fatalf("%d listing calls, want 1: the page after the cursor noted before 14 began", n)
	}
}

// TestReadBackStopsAtATailCursorThatDoesNotAdvance: a server that answers
// a page after the last cursor with the same entries and the same cursor
// would make every extension list them again (50 calls a read-back). The
// extension stops at once, and the read-back ends on the complete listing.
func TestReadBackStopsAtATailCursorThatDoesNotAdvance(t *testing.T) {
	var gets atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == http.MethodPost:
			writeJSON(w, 200, `{"success":true}`)
		case r.URL.Query().Get("after") == "":
			gets.Add(1)
			writeJSON(w, 200, `{"data":[{"id":"11","permitted_tasks":["ANALYZE"]}],"paging":{"cursors":{"after":"c1"}}}`)
		default: // stuck: the same entry, the same cursor
			gets.Add(1)
			writeJSON(w, 200, `{"data":[{"id":"11","permitted_tasks":["ANALYZE"]}],"paging":{"cursors":{"after":"c1"}}}`)
		}
	})
	ctx := context.Background()
	if err := c.AssignAgency(ctx, "1", "14", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}
	a, err := c.ReadBackAgency(ctx, "1", "14")
	if err != nil || a != nil {
		t.Fatalf("read back %+v, %v: the server never lists 14", a, err)
	}
	if n := gets.Load(); n > 4 {
		t.Fatalf("%d listing calls, want at most 4: a cursor that does not advance is not followed again", n)
	}
}

// TestLooksBeforeCreatesShareTwoListings: the looks before five creates on
// one Page share two complete listings, since a write to one business says
// nothing about another; a look about a business written since takes a
// listing started after that write.
func TestLooksBeforeCreatesShareTwoListings(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13"}})
	ctx := context.Background()
	for i := range 5 {
		biz := fmt.Sprintf("9%d", i)
		if a, err := c.FindAgency(ctx, "1", biz); err != nil || a != nil {
			t.Fatalf("look for %s = %+v, %v; want proven absent", biz, a, err)
		}
		if err := c.AssignAgency(ctx, "1", biz, []string{"ANALYZE"}); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.gets.Load(); n != 4 {
		t.Fatalf("%d listing calls for five looks, want 4: two complete listings of two pages, shared", n)
	}
	before := s.gets.Load()
	if a, err := c.FindAgency(ctx, "1", "90"); err != nil || a == nil {
		t.Fatalf("look for 90 after its write = %+v, %v; want it found", a, err)
	}
	if n := s.gets.Load() - before; n != 4 {
		t.Fatalf("%d listing calls, want 4: one listing of eight agencies, started after 90's write", n)
	}
}

// TestReadBackReadsTheFirstPageWhereNewEntriesComeFirst: on an edge that
// lists new entries first, a tail walk shows nothing; the read-back then
// takes the first page, stops there, and the next read-back goes to the
// first page at once.
func TestReadBackReadsTheFirstPageWhereNewEntriesComeFirst(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"15", "14", "13", "12", "11"}})
	s.newestFirst.Store(true)
	ctx := context.Background()
	if _, err := c.ListAgencies(ctx, "1"); err != nil { // three pages, ending at a cursor
		t.Fatal(err)
	}
	for i, want := range []int32{2, 1, 1} {
		biz := fmt.Sprintf("9%d", i)
		if err := c.AssignAgency(ctx, "1", biz, []string{"ANALYZE"}); err != nil {
			t.Fatal(err)
		}
		before := s.gets.Load()
		a, err := c.ReadBackAgency(ctx, "1", biz)
		if err != nil || a == nil || a.BusinessID != biz {
			t.Fatalf("read back %+v, %v, want business %s", a, err, biz)
		}
		if n := s.gets.Load() - before; n != want {
			t.Fatalf("read-back %d made %d listing calls, want %d", i+1, n, want)
		}
	}
}

// TestAListingThatContradictsItselfIsAnError: a page past the last one
// that lists an agency with other tasks than the walk it continues, with
// no write to that agency between, fails the read-back: either entry
// could be the one that holds.
func TestAListingThatContradictsItselfIsAnError(t *testing.T) {
	for _, tc := range []struct {
		name      string
		listFirst bool // a complete listing ends at the cursor before the write: a tail walk continues it
	}{{"extension", false}, {"tail walk", true}} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.Method == http.MethodPost:
					writeJSON(w, 200, `{"success":true}`)
				case r.URL.Query().Get("after") == "":
					writeJSON(w, 200, `{"data":[{"id":"11","permitted_tasks":["ANALYZE"]}],"paging":{"cursors":{"after":"c1"}}}`)
				default:
					writeJSON(w, 200, `{"data":[{"id":"11","permitted_tasks":["MANAGE"]}],"paging":{"cursors":{"after":"c2"}}}`)
				}
			})
			ctx := context.Background()
			if tc.listFirst {
				if _, err := c.ListAgencies(ctx, "1"); err != nil {
					t.Fatal(err)
				}
			}
			if err := c.AssignAgency(ctx, "1", "14", []string{"ANALYZE"}); err != nil {
				t.Fatal(err)
			}
			a, err := c.ReadBackAgency(ctx, "1", "14")
			if err == nil || !strings.Contains(err.Error(), "id 11 is listed with other access") {
				t.Fatalf("read back %+v, %v; want an error naming 11 as listed with other access", a, err)
			}
		})
	}
}

// TestAListingThatListsAnIDTwiceProvesNoAbsence: a listing that lists an
// agency on two pages (it moved while the listing was read) may have
// skipped another; a look for an absent business never concludes from
// such listings, and says so once they keep coming.
func TestAListingThatListsAnIDTwiceProvesNoAbsence(t *testing.T) {
	var gets atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		gets.Add(1)
		if r.URL.Query().Get("after") == "" {
			writeJSON(w, 200, fmt.Sprintf(`{"data":[{"id":"11","permitted_tasks":["ANALYZE"]}],"paging":{"cursors":{"after":"c1"},"next":"http://%s%s?after=c1"}}`, r.Host, r.URL.Path))
			return
		}
		writeJSON(w, 200, `{"data":[{"id":"11","permitted_tasks":["ANALYZE"]}],"paging":{"cursors":{"after":"c2"}}}`)
	})
	a, err := c.FindAgency(context.Background(), "1", "99")
	if err == nil || !strings.Contains(err.Error(), "listed an entry twice") {
		t.Fatalf("look for 99 = %+v, %v; want an error: no listing proves it absent", a, err)
	}
	if n := gets.Load(); n != 2*maxListingsToAgree {
		t.Fatalf("%d listing calls, want %d: %d listings of two pages", n, 2*maxListingsToAgree, maxListingsToAgree)
	}
}

// TestReadBackFindsAnEntryListedBeforeANeighbours: on an edge listed by
// id, a create whose id is smaller than one read back before it is listed
// before that one, so before the cursor where the last walk ended. The
// tail walk starts a few writes earlier and finds it in one call, rather
// than a walk of every page.
func TestReadBackFindsAnEntryListedBeforeANeighbours(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13"}})
	s.byID.Store(true)
	ctx := context.Background()
	if _, err := c.ListAgencies(ctx, "1"); err != nil { // two pages, ending after 13
		t.Fatal(err)
	}
	for _, biz := range []string{"16", "15"} {
		if err := c.AssignAgency(ctx, "1", biz, []string{"ANALYZE"}); err != nil {
			t.Fatal(err)
		}
		before := s.gets.Load()
		a, err := c.ReadBackAgency(ctx, "1", biz)
		if err != nil || a == nil || a.BusinessID != biz {
			t.Fatalf("read back %+v, %v, want business %s", a, err, biz)
		}
		if n := s.gets.Load() - before; n != 1 {
			t.Fatalf("read-back of %s made %d listing calls, want 1: the page after a cursor noted before the writes", biz, n)
		}
	}
}

// TestAbsenceIsProvenOnlyByRecentListings: a listing older than
// maxAbsenceAge still shows presence, but a look that must prove absence
// takes recent listings: someone may have granted by hand since.
func TestAbsenceIsProvenOnlyByRecentListings(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"2": {"11"}})
	ctx := context.Background()
	if a, err := c.FindAgency(ctx, "2", "90"); err != nil || a != nil {
		t.Fatalf("look for 90 = %+v, %v; want proven absent", a, err)
	}
	c.agencies.mu.Lock()
	for _, w := range c.agencies.history[listingKey{page: "2"}] {
		w.started = w.started.Add(-maxAbsenceAge - time.Second)
	}
	c.agencies.mu.Unlock()
	s.set("2", "11", "91") // granted by hand meanwhile
	before := s.gets.Load()
	if a, err := c.FindAgency(ctx, "2", "11"); err != nil || a == nil {
		t.Fatalf("look for 11 = %+v, %v; want it found in the old listings", a, err)
	}
	if n := s.gets.Load() - before; n != 0 {
		t.Fatalf("%d listing calls to show a presence, want 0", n)
	}
	if a, err := c.FindAgency(ctx, "2", "91"); err != nil || a == nil || a.BusinessID != "91" {
		t.Fatalf("look for 91 = %+v, %v; want the grant made by hand, from a recent listing", a, err)
	}
}

// TestReadBackLeavesTheWalkAtItsOwnPage: where new entries land anywhere
// in the listing (here by id), two read-backs share one walk from the
// first page, and the one whose entry is on the first page is answered
// there, while the walk is still held on its way to the other's.
func TestReadBackLeavesTheWalkAtItsOwnPage(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13", "15", "16", "17"}})
	s.byID.Store(true)
	c.agencies.tailWindow = time.Second // both read-backs join before the walk's first call
	ctx := context.Background()
	if _, err := c.ListAgencies(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	c.agencies.mu.Lock()
	c.agencies.tailUseless[listingKey{page: "1"}] = true // new entries are not listed last
	c.agencies.mu.Unlock()
	for _, biz := range []string{"10", "14"} { // pages: 10 11 | 12 13 | 14 15 | 16 17
		if err := c.AssignAgency(ctx, "1", biz, []string{"ANALYZE"}); err != nil {
			t.Fatal(err)
		}
	}
	reached, release := s.holdPage(2)
	later := readBackJoiningTheListing(t, c, "14", func() {})
	first := make(chan *Agency, 1)
	go func() {
		a, err := c.ReadBackAgency(ctx, "1", "10")
		if err != nil {
			t.Error(err)
		}
		first <- a
	}()
	<-reached // the walk goes on to the second page, and is held there
	select {
	case a := <-first:
		if a == nil || a.BusinessID != "10" {
			t.Fatalf("read back %+v, want business 10", a)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the read-back of 10 waited for the walk's later pages")
	}
	if len(later) != 0 {
		t.Fatal("the read-back of 14 returned while its page was held")
	}
	release()
	if a := <-later; a == nil || a.BusinessID != "14" {
		t.Fatalf("read back %+v, want business 14", a)
	}
	if n := s.gets.Load(); n != 3+3 {
		t.Fatalf("%d listing calls, want 6: the listing's three pages, then one walk of three pages for both", n)
	}
}
