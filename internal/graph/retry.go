package graph

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

type attemptKey struct{}

// attemptState follows one logical call across its attempts, so the retry
// policy knows what kind of call it judges and whether the request was
// written to the wire.
type attemptState struct {
	call call

	mu       sync.Mutex
	tries    int
	written  bool // the current attempt's request was written to the connection
	answered bool // a complete answer to the current attempt was read
	throttle *ThrottleWaitError
	cutOff   error // reading the last answer's body failed part-way
}

func (s *attemptState) startAttempt() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tries++
	s.written = false
	s.cutOff = nil
	s.answered = false
}

func (s *attemptState) setAnswered() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answered = true
}

// maybeDelivered reports whether the last attempt may have been carried out
// without the client learning it: the request was written and no complete
// answer came back. A throttled attempt was answered (refused), so a call
// that fails while waiting to retry it was not delivered.
func (s *attemptState) maybeDelivered() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written && !s.answered
}

func (s *attemptState) setWrote() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.written = true
}

func (s *attemptState) wrote() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.written
}

func (s *attemptState) attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tries
}

func (s *attemptState) throttleWait() *ThrottleWaitError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.throttle
}

func stateOf(ctx context.Context) *attemptState {
	if s, ok := ctx.Value(attemptKey{}).(*attemptState); ok {
		return s
	}
	return &attemptState{call: call{safeToRepeat: true}}
}

// checkRetry is the Graph-aware retry policy:
//   - throttling (codes 4, 17, 32, 613, 80001, 80006, with HTTP 400) is always
//     retried, because Meta refused the call; when Meta names a wait that the
//     context deadline cannot accommodate, it gives up at once instead;
//   - network errors, HTTP 5xx and is_transient errors are retried only for
//     calls that are safe to repeat, or when the request never left;
//   - everything else is final.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	state := stateOf(ctx)
	if err != nil {
		if !state.call.safeToRepeat && state.wrote() {
			return false, nil
		}
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}

	raw, readErr := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(raw))
	if readErr != nil {
		// A body cut off mid-way: the call may well have been processed.
		state.mu.Lock()
		state.cutOff = readErr
		state.mu.Unlock()
		return state.call.safeToRepeat, nil //nolint:nilerr // a cut-off body is a retry decision; doURL reports it
	}
	state.setAnswered()

	if ge := decodeError(state.call.method, resp.Request.URL.Path, resp.StatusCode, resp.Header.Get("x-fb-trace-id"), raw); ge != nil {
		if ge.Throttled() {
			wait := regainAccess(resp.Header, c.cfg.RegainUnit)
			if wait > 0 {
				if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
					state.mu.Lock()
					state.throttle = &ThrottleWaitError{Wait: wait, Err: c.decodeError(ge.Method, ge.Endpoint, ge.HTTPStatus, ge.FBTraceID, raw)}
					state.mu.Unlock()
					return false, state.throttle
				}
			}
			c.log.Warn(ctx, "graph api throttled the call", map[string]any{
				"path": resp.Request.URL.Path, "code": ge.Code, "fbtrace_id": ge.FBTraceID, "regain_after": wait.String(),
			})
			return true, nil
		}
		return ge.Temporary() && state.call.safeToRepeat, nil
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return true, nil
	}
	if resp.StatusCode >= 500 {
		return state.call.safeToRepeat, nil
	}
	return false, nil
}

// backoff waits Meta's estimated_time_to_regain_access when it names one,
// else an exponential delay with jitter between half and all of
// min·2^attempt, capped at max.
func (c *Client) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if regain := regainAccess(resp.Header, c.cfg.RegainUnit); regain > 0 {
			return regain
		}
	}
	d := minWait
	for i := 0; i < attempt && d < maxWait; i++ {
		d *= 2
	}
	if d > maxWait {
		d = maxWait
	}
	half := d / 2
	return half + rand.N(half+1) //nolint:gosec // jitter needs no cryptographic randomness
}

func (s *attemptState) bodyCutOff() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cutOff
}
