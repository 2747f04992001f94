package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// gatedAgencyServer serves s, passing every POST through gate first, so a
// test decides when each write returns.
func gatedAgencyServer(t *testing.T, s *agencyServer, gate func(r *http.Request)) *Client {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			gate(r)
		}
		s.serve(w, r)
	}, func(cfg *Config) {
		cfg.PageAccessTokens = map[string]string{"1": testPageToken, "2": testPageToken}
	})
	return c
}

// TestConcurrentCreatesShareOneReadBack: ten creates on one Page whose
// writes overlap each read their own business back, and all ten share one
// complete listing taken after the last write.
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
	// 20 agencies listed two per call: one complete listing is 10 calls.
	if got := s.gets.Load() - listedBefore; got != 10 {
		t.Errorf("the ten read-backs made %d listing calls, want 10 (one shared listing)", got)
	}
}

// TestReadBackWaitsOnlyForEarlierWrites: a read-back waits for the
// Page's writes that had started when it was asked for, and not for one
// that starts while it waits (so a stream of writes cannot starve it); it
// then sees its own write.
func TestReadBackWaitsOnlyForEarlierWrites(t *testing.T) {
	s := &agencyServer{t: t, pages: map[string][]string{"1": {"11"}}}
	holdEarlier, holdLater := make(chan struct{}), make(chan struct{})
	releaseEarlier := sync.OnceFunc(func() { close(holdEarlier) })
	// Never leave a handler blocked: the server's Close waits for it.
	defer close(holdLater)
	defer releaseEarlier()
	var posts atomic.Int32
	c := gatedAgencyServer(t, s, func(r *http.Request) {
		posts.Add(1)
		_ = r.ParseForm()
		switch r.Form.Get("business") {
		case "91":
			<-holdEarlier
		case "93":
			<-holdLater
		}
	})
	ctx := context.Background()

	earlier := make(chan error, 1)
	go func() { earlier <- c.AssignAgency(ctx, "1", "91", []string{"ANALYZE"}) }()
	waitFor(t, func() bool { return posts.Load() == 1 }) // 91 is in flight
	if err := c.AssignAgency(ctx, "1", "92", []string{"ANALYZE"}); err != nil {
		t.Fatal(err)
	}
	type answer struct {
		a   *Agency
		err error
	}
	readBack := make(chan answer, 1)
	go func() {
		a, err := c.ReadBackAgency(ctx, "1", "92")
		readBack <- answer{a, err}
	}()
	select {
	case <-readBack:
		t.Fatal("the read-back did not wait for the write that started before it")
	case <-time.After(100 * time.Millisecond):
	}
	later := make(chan error, 1)
	go func() { later <- c.AssignAgency(ctx, "1", "93", []string{"ANALYZE"}) }()
	waitFor(t, func() bool { return posts.Load() == 3 }) // 93 is in flight, started during the wait

	releaseEarlier()
	if err := <-earlier; err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-readBack:
		if got.err != nil || got.a == nil || got.a.BusinessID != "92" {
			t.Fatalf("read back %+v, %v, want business 92", got.a, got.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the read-back waited for a write that started while it waited")
	}
	if len(later) != 0 {
		t.Fatal("the later write returned: the test proves nothing")
	}
}

// TestReadBackLeavesOnItsContext: waiting for other writes ends with the
// caller's context, worded as a call cut short.
func TestReadBackLeavesOnItsContext(t *testing.T) {
	s := &agencyServer{t: t, pages: map[string][]string{"1": {"11"}}}
	hold := make(chan struct{})
	defer close(hold)
	var posts atomic.Int32
	c := gatedAgencyServer(t, s, func(*http.Request) { posts.Add(1); <-hold })
	go func() { _ = c.AssignAgency(context.Background(), "1", "91", []string{"ANALYZE"}) }()
	waitFor(t, func() bool { return posts.Load() == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.ReadBackAgency(ctx, "1", "92")
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "GET ") || !strings.Contains(err.Error(), "/1/agencies") {
		t.Fatalf("want the endpoint and the deadline, got %v", err)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
		time.Sleep(time.Millisecond)
	}
}
