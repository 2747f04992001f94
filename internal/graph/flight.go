package graph

import (
	"context"
	"errors"
	"fmt"

	"golang.org/x/sync/singleflight"
)

// joinFlight runs fn once among the callers sharing key, through g, and
// lets each caller leave on its own context. The flight runs under the
// context of the caller that started it (fn is that caller's), so when that
// caller gives up, the others would get its context's error: a caller whose
// own context is still live then starts (or joins) a new flight instead.
//
// A caller whose own context ends gets leave(ctx.Err()), worded as the
// caller words its calls.
func joinFlight[T any](ctx context.Context, g *singleflight.Group, key string, fn func() (T, error), leave func(error) error) (T, error) {
	var zero T
	for {
		flight := g.DoChan(key, func() (any, error) { return fn() })
		signalJoined(ctx, flightJoined)
		select {
		case <-ctx.Done():
			return zero, leave(ctx.Err())
		case r := <-flight:
			if r.Err != nil && ctx.Err() == nil && isContextError(r.Err) {
				continue // the caller that started it gave up, not this one
			}
			if r.Err != nil {
				return zero, r.Err
			}
			v, ok := r.Val.(T)
			if !ok {
				// fn only ever returns a T; anything else is a bug here,
				// reported rather than crashing the provider.
				return zero, fmt.Errorf("shared call %q returned %T", key, r.Val)
			}
			return v, nil
		}
	}
}

// joinedKey is the context key under which a test hands a shared call
// (a flight here, a listing's walk in listing_cache.go) a func() to call
// once the caller has joined it, started it or queued for it. Whether a
// caller has joined is known only inside the mechanism, so a test that
// must act once it has (release the call, cancel its starter) has no other
// event to wait for. Contexts outside tests never carry one.
type joinedKey string

// flightJoined: the caller of joinFlight shares the flight of its key.
const flightJoined joinedKey = "flight"

// signalJoined calls the func() the test put in ctx under key, if any.
func signalJoined(ctx context.Context, key joinedKey) {
	if joined, ok := ctx.Value(key).(func()); ok {
		joined()
	}
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
