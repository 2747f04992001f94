package graph

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestConcurrentReadersShareOneListing(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13", "14", "15"}})
	// The listing stays in flight until every reader has joined it.
	var readers atomic.Int32
	allJoined := make(chan struct{})
	ctx := withJoined(context.Background(), walkJoined, func() {
		if readers.Add(1) == 50 {
			close(allJoined)
		}
	})
	s.onList = func(*http.Request) {
		select {
		case <-allJoined:
		case <-time.After(5 * time.Second):
			t.Errorf("only %d of 50 readers joined a listing", readers.Load())
		}
	}
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Half the readers are the resource's Read, half the data source.
			if i%2 == 0 {
				a, err := c.FindAgency(ctx, "1", "1"+strconv.Itoa(1+i%5))
				if err != nil || a == nil {
					t.Errorf("FindAgency: %+v, %v", a, err)
				}
				return
			}
			list, err := c.ListAgencies(ctx, "1")
			if err != nil || len(list) != 5 {
				t.Errorf("ListAgencies: %v, %v", ids(list), err)
			}
		}()
	}
	wg.Wait()
	if n := s.gets.Load(); n != 3 {
		t.Fatalf("50 concurrent readers made %d listing calls, want 3 (one listing of 5 in pages of 2)", n)
	}
}

func TestResourceAndDataSourceShareTheListing(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13"}})
	ctx := context.Background()
	if list, err := c.ListAgencies(ctx, "1"); err != nil || !slices.Equal(ids(list), []string{"11", "12", "13"}) {
		t.Fatalf("ListAgencies = %v, %v", ids(list), err)
	}
	for _, biz := range []string{"11", "13", "99"} {
		if _, err := c.FindAgency(ctx, "1", biz); err != nil {
			t.Fatal(err)
		}
	}
	// 99 is absent: absence takes a second, fresh listing (findGrant).
	if n := s.gets.Load(); n != 2+2 {
		t.Fatalf("%d listing calls, want 4: FindAgency must reuse the data source's listing, and prove absence with one more", n)
	}
}

func TestReadAfterWriteSeesTheWrite(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11"}, "2": {"21"}})
	ctx := context.Background()
	for _, page := range []string{"1", "2"} {
		if _, err := c.ListAgencies(ctx, page); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.AssignAgency(ctx, "1", "12", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}
	a, err := c.FindAgency(ctx, "1", "12")
	if err != nil || a == nil {
		t.Fatalf("the business assigned just before is not found: %+v, %v", a, err)
	}
	if err := c.RemoveAgency(ctx, "1", "11"); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListAgencies(ctx, "1")
	if err != nil || !slices.Equal(ids(list), []string{"12"}) {
		t.Fatalf("after removing 11: %v, %v", ids(list), err)
	}
	before := s.gets.Load()
	if _, err := c.ListAgencies(ctx, "2"); err != nil {
		t.Fatal(err)
	}
	if s.gets.Load() != before {
		t.Fatal("a write to page 1 made page 2 list again")
	}
}

func TestFailedWriteStillInvalidates(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11"}})
	ctx := context.Background()
	if _, err := c.ListAgencies(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	s.writeFails.Store(true) // Meta applied the assignment but the answer is an error
	if err := c.AssignAgency(ctx, "1", "12", []string{"ANALYZE"}); !HasCode(err, 100) {
		t.Fatalf("want the write's error, got %v", err)
	}
	a, err := c.FindAgency(ctx, "1", "12")
	if err != nil || a == nil {
		t.Fatalf("a failed write must still invalidate the listing: %+v, %v", a, err)
	}
}

func TestWriteDuringListingIsNotMasked(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11"}})
	started, release := make(chan struct{}), make(chan struct{})
	releaseOnce := sync.OnceFunc(func() { close(release) })
	defer releaseOnce() // never leave a handler blocked: the server's Close waits for it
	var once sync.Once
	s.onList = func(*http.Request) {
		blocked := false
		once.Do(func() { blocked = true })
		if blocked { // only the first listing, which read the state before the write
			close(started)
			<-release
		}
	}
	ctx := context.Background()
	stale := make(chan []string, 1)
	go func() {
		list, err := c.ListAgencies(ctx, "1")
		if err != nil {
			t.Error(err)
		}
		stale <- ids(list)
	}()
	<-started
	if err := c.AssignAgency(ctx, "1", "12", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}

	// A reader after the write must not be handed the listing still in
	// flight: it waits for the one queued behind it, which starts once the
	// older one ends, after the write.
	fresh := make(chan *Agency, 1)
	freshCtx, queued := whenJoined(ctx, walkJoined)
	go func() {
		a, err := c.FindAgency(freshCtx, "1", "12")
		if err != nil {
			t.Error(err)
		}
		fresh <- a
	}()
	<-queued // it waits for a listing, before the older one ends
	releaseOnce()
	if got := <-stale; !slices.Equal(got, []string{"11"}) {
		t.Fatalf("the first listing read %v, want the state before the write", got)
	}
	select {
	case a := <-fresh:
		if a == nil {
			t.Fatal("the read after the write does not see it")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the read after the write never got a listing")
	}
	// Nor may the older listing, finishing last, replace the newer one.
	a, err := c.FindAgency(ctx, "1", "12")
	if err != nil || a == nil {
		t.Fatalf("after the older listing finished, the write is masked: %+v, %v", a, err)
	}
	if n := s.gets.Load(); n != 2 {
		t.Fatalf("%d listing calls, want 2: the older listing must not evict the newer one", n)
	}
}

func TestListingErrorsAreNotCached(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12", "13"}})
	s.failGets.Store(1)
	ctx := context.Background()
	if _, err := c.FindAgency(ctx, "1", "11"); !HasCode(err, 100) {
		t.Fatalf("want the listing error, got %v", err)
	}
	a, err := c.FindAgency(ctx, "1", "11")
	if err != nil || a == nil {
		t.Fatalf("the error was remembered: %+v, %v", a, err)
	}
	if n := s.gets.Load(); n != 3 {
		t.Fatalf("%d listing calls, want 1 failed + 2", n)
	}
}

func TestReadersGetCopies(t *testing.T) {
	_, c := newAgencyServer(t, map[string][]string{"1": {"11"}})
	ctx := context.Background()
	list, err := c.ListAgencies(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	list[0].Name = "changed"
	list[0].PermittedTasks[0] = "changed"
	a, err := c.FindAgency(ctx, "1", "11")
	if err != nil {
		t.Fatal(err)
	}
	a.PermittedTasks[0] = "changed too"
	again, err := c.ListAgencies(ctx, "1")
	if err != nil {
		t.Fatal(err)
	}
	if again[0].Name != "Business 11" || again[0].PermittedTasks[0] != "ANALYZE" {
		t.Fatalf("a reader's changes reached the shared listing: %+v", again[0])
	}
}

func TestRemoveAgencyChecksAFreshListing(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11", "12"}})
	ctx := context.Background()
	if a, err := c.FindAgency(ctx, "1", "11"); err != nil || a == nil {
		t.Fatalf("FindAgency = %+v, %v", a, err)
	}
	s.set("1", "12")         // someone removed 11 outside Terraform
	s.writeFails.Store(true) // and Meta refuses to remove it again
	if err := c.RemoveAgency(ctx, "1", "11"); err != nil {
		t.Fatalf("the business is gone, so removing it must succeed: %v", err)
	}
	if n := s.gets.Load(); n != 3 {
		t.Fatalf("%d listing calls, want 3: the check after the refused delete must list again, twice to prove absence", n)
	}
}

func TestStarterGivingUpDoesNotFailJoinedReaders(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11"}})
	starterCtx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	var once sync.Once
	s.onList = func(r *http.Request) {
		first := false
		once.Do(func() { first = true })
		if first {
			close(started)
			// Answers once the starter has given up. The flight's request
			// outlives the starter's context, so r.Context() would end
			// only at the attempt timeout (60 s).
			<-starterCtx.Done()
		}
	}
	starterErr := make(chan error, 1)
	go func() {
		_, err := c.ListAgencies(starterCtx, "1")
		starterErr <- err
	}()
	<-started
	joined := make(chan []string, 1)
	joinerCtx, hasJoined := whenJoined(context.Background(), walkJoined)
	go func() {
		list, err := c.ListAgencies(joinerCtx, "1")
		if err != nil {
			t.Error(err)
		}
		joined <- ids(list)
	}()
	<-hasJoined // the second reader waits for the starter's listing
	cancel()
	if err := <-starterErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("the starter got %v, want its cancellation", err)
	}
	if got := <-joined; !slices.Equal(got, []string{"11"}) {
		t.Fatalf("the joined reader got %v", got)
	}
}

func TestJoinedReaderLeavesOnItsOwnCancellation(t *testing.T) {
	s, c := newAgencyServer(t, map[string][]string{"1": {"11"}})
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	var once sync.Once
	s.onList = func(*http.Request) {
		once.Do(func() { close(started) })
		<-release
	}
	go func() { _, _ = c.ListAgencies(context.Background(), "1") }()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	begin := time.Now()
	_, err := c.ListAgencies(ctx, "1")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(begin) > time.Second {
		t.Fatalf("got %v after %s, want the reader's own deadline at once", err, time.Since(begin))
	}
	if want := "GET /v26.0/1/agencies: context deadline exceeded"; err.Error() != want {
		t.Fatalf("error %q, want %q: worded like any call cut short", err, want)
	}
}

func TestDisabledListingCacheListsForEveryRead(t *testing.T) {
	s := &agencyServer{t: t, pages: map[string][]string{"1": {"11", "12", "13"}}}
	c, _ := newTestClient(t, s.serve, func(cfg *Config) { cfg.naiveListing = true })
	for _, biz := range []string{"11", "12", "13"} {
		if a, err := c.FindAgency(context.Background(), "1", biz); err != nil || a == nil {
			t.Fatalf("FindAgency(%s) = %+v, %v", biz, a, err)
		}
	}
	if n := s.gets.Load(); n != 6 {
		t.Fatalf("%d listing calls, want 3 reads x 2 pages", n)
	}
}
