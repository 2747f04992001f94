package graph

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const throttleBody = `{"error":{"message":"(#%d) throttled","type":"OAuthException","code":%d,"is_transient":true,"fbtrace_id":"TT"}}`

func throttleThenOK(code, failures int, header string, calls *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if int(calls.Add(1)) <= failures {
			if header != "" {
				w.Header().Set("X-Business-Use-Case-Usage", header)
			}
			writeJSON(w, 400, fmt.Sprintf(throttleBody, code, code))
			return
		}
		writeJSON(w, 200, `{"data":[{"id":"7","name":"Seven"}]}`)
	}
}

// metaThrottlingCodes are the codes with which Meta documents refusing a
// call for a rate limit, written out here rather than taken from the list
// under test, so that a code missing from it fails the test:
//   - https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
//     ("Error Codes": 4 application, 17 user, 32 Page, 613 custom; the
//     business use case codes 80001 Pages, 80002 Instagram, 80006 Messenger);
//   - https://developers.facebook.com/docs/graph-api/guides/error-handling/
//     (341 "Application limit reached", among the throttling codes).
var metaThrottlingCodes = []int{4, 17, 32, 341, 613, 80001, 80002, 80006}

func TestEachThrottlingCodeIsRetried(t *testing.T) {
	for _, code := range metaThrottlingCodes {
		var calls atomic.Int32
		// Without is_transient, so that only the code can make the client
		// retry (a transient error on this listing would be retried too).
		c, _ := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
			if calls.Add(1) <= 2 {
				writeJSON(w, 400, fmt.Sprintf(`{"error":{"message":"(#%d) limit reached","type":"OAuthException","code":%d,"fbtrace_id":"TT"}}`, code, code))
				return
			}
			writeJSON(w, 200, `{"data":[{"id":"7","name":"Seven"}]}`)
		})
		got, err := c.ListAgencies(context.Background(), "1")
		if err != nil || len(got) != 1 {
			t.Fatalf("code %d: %v %+v", code, err, got)
		}
		if calls.Load() != 3 {
			t.Errorf("code %d: %d calls, want 3", code, calls.Load())
		}
	}
}

func TestRetriesAreCappedByMaxRetries(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, throttleThenOK(613, 100, "", &calls), func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.ListAgencies(context.Background(), "1")
	if !HasCode(err, 613) {
		t.Fatalf("want the last throttling error, got %v", err)
	}
	if calls.Load() != 3 {
		t.Fatalf("calls = %d, want 1 + 2 retries", calls.Load())
	}
}

func TestRegainTimeIsWaitedWhenTheDeadlineAllows(t *testing.T) {
	var calls atomic.Int32
	header := `{"42":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":3}]}`
	c, _ := newTestClient(t, throttleThenOK(80001, 1, header, &calls)) // RegainUnit 10ms: 30ms
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if _, err := c.ListAgencies(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 30*time.Millisecond {
		t.Fatalf("waited %s, want at least the 30ms Meta asked for", waited)
	}
}

func TestRegainTimeBeyondDeadlineFailsAtOnce(t *testing.T) {
	var calls atomic.Int32
	header := `{"42":[{"type":"pages","call_count":100,"estimated_time_to_regain_access":15}]}`
	c, _ := newTestClient(t, throttleThenOK(80001, 100, header, &calls), func(cfg *Config) { cfg.RegainUnit = time.Minute })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.ListAgencies(ctx, "1")
	var tw *RetryWaitError
	if !errors.As(err, &tw) {
		t.Fatalf("want RetryWaitError, got %T %v", err, err)
	}
	if tw.Wait != 15*time.Minute || !strings.Contains(err.Error(), "wait 15m0s") || !HasCode(err, 80001) {
		t.Fatalf("error does not name the wait: %v", err)
	}
	if calls.Load() != 1 {
		t.Fatalf("calls = %d, want 1 (no retry when the wait cannot fit)", calls.Load())
	}
}

func TestServerErrorsRetriedForReadsOnly(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.WriteHeader(503)
			return
		}
		writeJSON(w, 200, `{"data":[]}`)
	})
	if _, err := c.ListAgencies(context.Background(), "1"); err != nil || calls.Load() != 3 {
		t.Fatalf("GET: err %v after %d calls", err, calls.Load())
	}

	var posts atomic.Int32
	c2, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		w.WriteHeader(500)
	})
	err := c2.do(context.Background(), call{method: "POST", path: "/1/messages", form: map[string][]string{"x": {"1"}}, token: testPageToken}, nil)
	if err == nil || posts.Load() != 1 {
		t.Fatalf("unsafe POST: err %v after %d calls, want one call", err, posts.Load())
	}
}

func TestUnsafeCallNotRepeatedAfterDelivery(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		hj, _ := w.(http.Hijacker)
		conn, _, _ := hj.Hijack()
		_ = conn.Close() // the request arrived; the answer is lost
	})
	err := c.do(context.Background(), call{method: "POST", path: "/1/messages", form: map[string][]string{"x": {"1"}}, token: testPageToken}, nil)
	var te *TransportError
	if !errors.As(err, &te) || !te.Delivered {
		t.Fatalf("want a delivered TransportError, got %T %v", err, err)
	}
	if calls.Load() != 1 {
		t.Fatalf("calls = %d: a possibly delivered message must not be sent twice", calls.Load())
	}

	calls.Store(0)
	err = c.do(context.Background(), call{method: "POST", path: "/1/agencies", form: map[string][]string{"x": {"1"}}, token: testPageToken, safeToRepeat: true}, nil)
	if err == nil || calls.Load() != 6 {
		t.Fatalf("safe call: %v after %d calls, want 6", err, calls.Load())
	}
}

func TestConnectionRefusedIsRetriedEvenWhenUnsafe(t *testing.T) {
	l, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens: the request can never have been delivered
	c, err := New(Config{AccessToken: testToken, BaseURL: "http://" + addr, MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	err = c.do(context.Background(), call{method: "POST", path: "/1/messages", token: testToken}, nil)
	var te *TransportError
	if !errors.As(err, &te) || te.Delivered {
		t.Fatalf("want an undelivered TransportError, got %T %v", err, err)
	}
}

func TestCancellationStopsWaitingAtOnce(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, throttleThenOK(613, 100, "", &calls), func(cfg *Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Hour, time.Hour
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.ListAgencies(ctx, "1")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("cancellation took %s", time.Since(start))
	}
}

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	c := &Client{cfg: Config{RegainUnit: time.Minute, RetryWaitMin: time.Second, RetryWaitMax: 10 * time.Second}}
	for retries, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 10 * time.Second, 10 * time.Second} {
		got := c.backoff(retries)
		if got < want/2 || got > want {
			t.Errorf("after %d retries: %s not within [%s, %s]", retries, got, want/2, want)
		}
	}
}

// A throttling refusal (a 4xx answer with nothing but the envelope, or a
// bare 429) is retried for a message: Meta did not carry it out.
func TestThrottlingRefusalIsRetriedForUnsafeCalls(t *testing.T) {
	for status, refusal := range map[int]string{
		400: fmt.Sprintf(throttleBody, 4, 4),
		403: fmt.Sprintf(throttleBody, 80006, 80006),
		429: `{}`,
	} {
		var calls atomic.Int32
		c, _ := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
			if calls.Add(1) == 1 {
				writeJSON(w, status, refusal)
				return
			}
			writeJSON(w, 200, `{"recipient_id":"333","message_id":"m_once"}`)
		})
		if res, err := c.SendMessage(context.Background(), "1", plainSend); err != nil || res.MessageID != "m_once" || calls.Load() != 2 {
			t.Fatalf("HTTP %d: %d calls, err %v: want the refusal retried once", status, calls.Load(), err)
		}
	}
}
