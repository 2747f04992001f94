package graph

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sync/singleflight"
)

func wordLeave(err error) error { return fmt.Errorf("left: %w", err) }

// Callers that join a running flight share its one run and its result.
func TestJoinFlightSharesOneRun(t *testing.T) {
	var g singleflight.Group
	var runs atomic.Int32
	release := make(chan struct{})
	fn := func() (string, error) { //nolint:unparam // the signature joinFlight takes
		runs.Add(1)
		<-release
		return "value", nil
	}
	results := make(chan string, 3)
	joined := make(chan struct{}, 3)
	ctx := withJoined(context.Background(), flightJoined, func() { joined <- struct{}{} })
	for range 3 {
		go func() {
			v, err := joinFlight(ctx, &g, "k", fn, wordLeave)
			if err != nil {
				v = err.Error()
			}
			results <- v
		}()
	}
	for range 3 {
		<-joined // all three share the flight before it ends
	}
	close(release)
	for range 3 {
		if got := <-results; got != "value" {
			t.Fatalf("got %q", got)
		}
	}
	if runs.Load() != 1 {
		t.Fatalf("%d runs, want 1", runs.Load())
	}
}

// The caller that started the flight gives up: one who joined it, with a
// live context, runs it again instead of inheriting the other's deadline.
func TestJoinFlightRunsAgainWhenTheStarterGivesUp(t *testing.T) {
	var g singleflight.Group
	var runs atomic.Int32
	starterCtx, cancelStarter := context.WithCancel(context.Background())
	started := make(chan struct{})
	starterDone := make(chan error, 1)
	go func() {
		_, err := joinFlight(starterCtx, &g, "k", func() (int, error) {
			runs.Add(1)
			close(started)
			<-starterCtx.Done()
			return 0, fmt.Errorf("GET /x: %w", starterCtx.Err())
		}, wordLeave)
		starterDone <- err
	}()
	<-started
	joined := make(chan int, 1)
	joinerCtx, hasJoined := whenJoined(context.Background(), flightJoined)
	go func() {
		v, err := joinFlight(joinerCtx, &g, "k", func() (int, error) {
			runs.Add(1)
			return 42, nil
		}, wordLeave)
		if err != nil {
			v = -1
		}
		joined <- v
	}()
	<-hasJoined // the second caller shares the starter's flight
	cancelStarter()
	if err := <-starterDone; !errors.Is(err, context.Canceled) || err.Error() != "left: context canceled" {
		t.Fatalf("starter: %v, want its own cancellation worded by leave", err)
	}
	if v := <-joined; v != 42 {
		t.Fatalf("joined caller got %d, want the value of its own run", v)
	}
	if runs.Load() != 2 {
		t.Fatalf("%d runs, want 2", runs.Load())
	}
}

// A real error (not the starter's context) reaches everyone, and is not
// retried.
func TestJoinFlightPassesErrorsOn(t *testing.T) {
	var g singleflight.Group
	var runs atomic.Int32
	boom := errors.New("boom")
	_, err := joinFlight(context.Background(), &g, "k", func() (int, error) {
		runs.Add(1)
		return 0, boom
	}, wordLeave)
	if !errors.Is(err, boom) || runs.Load() != 1 {
		t.Fatalf("err %v after %d runs", err, runs.Load())
	}
}

// A caller leaves on its own context at once, while the flight goes on.
func TestJoinFlightLeavesOnItsOwnContext(t *testing.T) {
	var g singleflight.Group
	release, started := make(chan struct{}), make(chan struct{})
	defer close(release)
	go func() {
		_, _ = joinFlight(context.Background(), &g, "k", func() (int, error) { close(started); <-release; return 1, nil }, wordLeave)
	}()
	<-started // the flight runs, so the caller below joins it
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := joinFlight(ctx, &g, "k", func() (int, error) { return 2, nil }, wordLeave)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %s", err, time.Since(start))
	}
}
