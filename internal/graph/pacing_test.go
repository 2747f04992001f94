package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// usageServer answers every call with success and the usage headers set for
// the call's page: X-App-Usage from app, X-Page-Usage from pages.
type usageServer struct {
	mu    sync.Mutex
	app   int
	pages map[string]int
}

func (s *usageServer) set(app int, pages map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.app, s.pages = app, pages
}

func (s *usageServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	app, page := s.app, s.pages[pageOf(strings.TrimPrefix(r.URL.Path, "/v26.0"))]
	s.mu.Unlock()
	w.Header().Set("X-App-Usage", fmt.Sprintf(`{"call_count":%d,"total_cputime":1,"total_time":1}`, app))
	w.Header().Set("X-Page-Usage", fmt.Sprintf(`{"call_count":1,"total_cputime":%d,"total_time":1}`, page))
	writeJSON(w, 200, `{"data":[]}`)
}

// waits records the waits a pacer asks for instead of waiting them, so
// that the tests assert the pacer's decisions exactly and hold on a loaded
// machine. Its clock advances by each wait, as if it had been waited.
type waits struct {
	mu  sync.Mutex
	now time.Time
	got []time.Duration
}

func (w *waits) install(p *pacer) {
	w.now = time.Date(2026, time.December, 1, 12, 0, 0, 0, time.UTC)
	p.now = func() time.Time {
		w.mu.Lock()
		defer w.mu.Unlock()
		return w.now
	}
	p.sleep = func(ctx context.Context, d time.Duration) error {
		w.mu.Lock()
		defer w.mu.Unlock()
		if d > 0 {
			w.got = append(w.got, d)
			w.now = w.now.Add(d)
		}
		return ctx.Err()
	}
}

// take returns the waits recorded since the last take.
func (w *waits) take() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	got := w.got
	w.got = nil
	return got
}

// pacedClient has pacing waits of 200ms at the high-water mark growing to
// 400ms at 100 %, recorded by the returned waits instead of waited.
func pacedClient(t *testing.T, s *usageServer, tune ...func(*Config)) (*Client, *captureLogger, *waits) {
	log := &captureLogger{}
	c, _ := newTestClient(t, s.serve, append([]func(*Config){func(cfg *Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax = 200*time.Millisecond, 400*time.Millisecond
		cfg.PageAccessTokens = map[string]string{"1": testPageToken, "2": testPageToken}
		cfg.Logger = log
	}}, tune...)...)
	w := &waits{}
	w.install(c.pace)
	return c, log, w
}

// getOn makes one call on page and returns the waits the pacer asked for
// before it.
func getOn(ctx context.Context, c *Client, w *waits, page string) ([]time.Duration, error) {
	err := c.do(ctx, call{method: "GET", path: "/" + page + "/agencies", token: testPageToken, safeToRepeat: true}, nil)
	return w.take(), err
}

func wantWaits(t *testing.T, what string, got []time.Duration, err error, want ...time.Duration) {
	t.Helper()
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("%s: waits %v (%v), want %v", what, got, err, want)
	}
}

func TestPacingDelayGrowsWithUsage(t *testing.T) {
	p := newPacer(90, time.Second, 31*time.Second, nopLogger{})
	for pct, want := range map[int]time.Duration{
		0: 0, 50: 0, 89: 0, 90: time.Second, 95: 16 * time.Second, 99: 28 * time.Second, 100: 31 * time.Second, 140: 31 * time.Second,
	} {
		if got := p.delayFor(pct); got != want {
			t.Errorf("delay at %d%% = %s, want %s", pct, got, want)
		}
	}
	if d := newPacer(101, time.Second, 31*time.Second, nopLogger{}).delayFor(150); d != 0 {
		t.Errorf("a high-water mark above 100 must turn pacing off, got %s", d)
	}
}

func TestUsageBelowHighWaterDoesNotDelay(t *testing.T) {
	s := &usageServer{}
	s.set(89, map[string]int{"1": 89})
	c, log, w := pacedClient(t, s)
	for range 3 {
		got, err := getOn(context.Background(), c, w, "1")
		wantWaits(t, "below 90%", got, err)
	}
	if strings.Contains(log.text(), "slowing down") {
		t.Fatalf("pacing was logged below the mark:\n%s", log.text())
	}
}

func TestHighPageUsageDelaysTheNextCallsOnThatPageOnly(t *testing.T) {
	s := &usageServer{}
	s.set(10, map[string]int{"1": 95})
	c, log, w := pacedClient(t, s)
	ctx := context.Background()
	got, err := getOn(ctx, c, w, "1")
	wantWaits(t, "first call: nothing known yet", got, err)
	// 95 % is half way from the mark to 100: 200ms + (400-200)/2.
	got, err = getOn(ctx, c, w, "1")
	wantWaits(t, "second call on page 1", got, err, 300*time.Millisecond)
	got, err = getOn(ctx, c, w, "2")
	wantWaits(t, "a call on page 2: page 1's usage must not slow it", got, err)
	line := log.text()
	for _, want := range []string{"slowing down", "scope=page", "page_id=1", "usage_percent=95", "delay=300ms"} {
		if !strings.Contains(line, want) {
			t.Errorf("the pacing log lacks %q:\n%s", want, line)
		}
	}
}

func TestHighAppUsageDelaysEveryPage(t *testing.T) {
	s := &usageServer{}
	s.set(100, nil)
	c, _, w := pacedClient(t, s)
	ctx := context.Background()
	got, err := getOn(ctx, c, w, "1")
	wantWaits(t, "first call", got, err)
	got, err = getOn(ctx, c, w, "2")
	wantWaits(t, "an app at 100% slows page 2", got, err, 400*time.Millisecond)
	s.set(5, nil) // the budget recovered: the next answer says so
	got, err = getOn(ctx, c, w, "1")
	wantWaits(t, "the wait is decided by the last answer before the call", got, err, 400*time.Millisecond)
	got, err = getOn(ctx, c, w, "1")
	wantWaits(t, "usage fell", got, err)
}

// A real wait (the clock is not replaced) ends as soon as the context is
// cancelled: the cancellation is the event waited on, with an hour's wait
// that no machine could mistake for it.
func TestPacingReturnsAtOnceOnCancellation(t *testing.T) {
	s := &usageServer{}
	s.set(100, nil)
	log := &captureLogger{}
	c, _ := newTestClient(t, s.serve, func(cfg *Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax = time.Hour, time.Hour
		cfg.PageAccessTokens = map[string]string{"1": testPageToken}
		cfg.Logger = log
	})
	c.pace.now, c.pace.sleep = time.Now, sleepCtx // the real clock: an hour's wait
	if err := c.do(context.Background(), call{method: "GET", path: "/1/agencies", token: testPageToken, safeToRepeat: true}, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- c.do(ctx, call{method: "GET", path: "/1/agencies", token: testPageToken, safeToRepeat: true}, nil)
	}()
	for !strings.Contains(log.text(), "slowing down") { // the call is waiting: the pacer logged it
		runtime.Gosched()
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the cancellation", err)
	}
}

func TestHighWaterMarkIsConfigurable(t *testing.T) {
	s := &usageServer{}
	s.set(95, map[string]int{"1": 95})
	c, _, w := pacedClient(t, s, func(cfg *Config) { cfg.UsageHighWater = 96 })
	for range 2 {
		got, err := getOn(context.Background(), c, w, "1")
		wantWaits(t, "under a mark of 96", got, err)
	}
}

// Spaced calls on one Page start ConversationCallInterval apart, each
// Page on its own; unspaced calls are not held.
func TestSpacingPerPage(t *testing.T) {
	p := newPacer(90, time.Second, time.Second, nopLogger{})
	w := &waits{}
	w.install(p)
	ctx := context.Background()
	space := func(page string) []time.Duration {
		if err := p.space(ctx, page, ConversationCallInterval); err != nil {
			t.Fatal(err)
		}
		return w.take()
	}
	if got := space("1"); got != nil {
		t.Fatalf("first call waited %v", got)
	}
	if got := space("1"); !slices.Equal(got, []time.Duration{ConversationCallInterval}) {
		t.Fatalf("second call on page 1 waited %v, want %s", got, ConversationCallInterval)
	}
	if got := space("2"); got != nil {
		t.Fatalf("page 2 waited %v for page 1's calls", got)
	}
	w.mu.Lock()
	w.now = w.now.Add(2 * ConversationCallInterval) // time passes without calls
	w.mu.Unlock()
	if got := space("1"); got != nil {
		t.Fatalf("a call after a pause waited %v", got)
	}
	// A call that ends late (a slow answer) holds the next one from its end.
	w.mu.Lock()
	w.now = w.now.Add(3 * ConversationCallInterval)
	w.mu.Unlock()
	p.spaced("1", ConversationCallInterval)
	if got := space("1"); !slices.Equal(got, []time.Duration{ConversationCallInterval}) {
		t.Fatalf("the call after a slow answer waited %v, want %s from its end", got, ConversationCallInterval)
	}
	if err := p.space(ctx, "1", 0); err != nil || w.take() != nil {
		t.Fatal("an unspaced call was held")
	}
}

func TestParseUsage(t *testing.T) {
	h := http.Header{}
	h.Set("X-App-Usage", `{"call_count":12,"total_cputime":40,"total_time":7}`)
	h.Set("X-Page-Usage", `{"call_count":3,"total_cputime":2,"total_time":1}`)
	h.Set("X-Business-Use-Case-Usage", `{"42":[{"type":"pages","call_count":93,"total_cputime":5,"total_time":5,"estimated_time_to_regain_access":0}],`+
		`"43":[{"type":"messenger","call_count":1,"total_cputime":1,"total_time":97,"estimated_time_to_regain_access":7}]}`)
	if got := parseUsage(h); got != (usageReport{app: 40, page: 97, regain: 7}) {
		t.Fatalf("parseUsage = %+v", got)
	}
	bad := http.Header{}
	bad.Set("X-App-Usage", `not json`)
	if got := parseUsage(bad); got != (usageReport{app: -1, page: -1}) {
		t.Fatalf("unparsable or absent headers = %+v, want unknown", got)
	}
}

func TestPageOf(t *testing.T) {
	for path, want := range map[string]string{
		"/123/agencies": "123", "/123": "123", "/me/accounts": "", "/": "", "": "",
	} {
		if got := pageOf(path); got != want {
			t.Errorf("pageOf(%q) = %q, want %q", path, got, want)
		}
	}
}
