package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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

// pacedClient has pacing waits of 200ms at the high-water mark growing to
// 400ms at 100 %.
func pacedClient(t *testing.T, s *usageServer, tune ...func(*Config)) (*Client, *captureLogger) {
	log := &captureLogger{}
	c, _ := newTestClient(t, s.serve, append([]func(*Config){func(cfg *Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax = 200*time.Millisecond, 400*time.Millisecond
		cfg.PageAccessTokens = map[string]string{"1": testPageToken, "2": testPageToken}
		cfg.Logger = log
	}}, tune...)...)
	return c, log
}

func getOn(ctx context.Context, c *Client, page string) (time.Duration, error) {
	start := time.Now()
	err := c.do(ctx, call{method: "GET", path: "/" + page + "/agencies", token: testPageToken, safeToRepeat: true}, nil)
	return time.Since(start), err
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
	c, log := pacedClient(t, s)
	for range 3 {
		if took, err := getOn(context.Background(), c, "1"); err != nil || took > 150*time.Millisecond {
			t.Fatalf("call took %s (%v), want no pacing below 90%%", took, err)
		}
	}
	if strings.Contains(log.text(), "slowing down") {
		t.Fatalf("pacing was logged below the mark:\n%s", log.text())
	}
}

func TestHighPageUsageDelaysTheNextCallsOnThatPageOnly(t *testing.T) {
	s := &usageServer{}
	s.set(10, map[string]int{"1": 95})
	c, log := pacedClient(t, s)
	ctx := context.Background()
	if took, err := getOn(ctx, c, "1"); err != nil || took > 150*time.Millisecond {
		t.Fatalf("first call took %s (%v): nothing was known yet", took, err)
	}
	// 95 % is half way from the mark to 100: 200ms + (400-200)/2.
	if took, err := getOn(ctx, c, "1"); err != nil || took < 300*time.Millisecond || took > 600*time.Millisecond {
		t.Fatalf("second call on page 1 took %s (%v), want about 300ms", took, err)
	}
	if took, err := getOn(ctx, c, "2"); err != nil || took > 150*time.Millisecond {
		t.Fatalf("a call on page 2 took %s (%v): page 1's usage must not slow it", took, err)
	}
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
	c, _ := pacedClient(t, s)
	ctx := context.Background()
	if _, err := getOn(ctx, c, "1"); err != nil {
		t.Fatal(err)
	}
	if took, err := getOn(ctx, c, "2"); err != nil || took < 400*time.Millisecond {
		t.Fatalf("a call on page 2 took %s (%v), want the 400ms wait of an app at 100%%", took, err)
	}
	s.set(5, nil) // the budget recovered: the next answer says so
	if took, err := getOn(ctx, c, "1"); err != nil || took < 400*time.Millisecond {
		t.Fatalf("took %s (%v): the wait is decided by the last answer before the call", took, err)
	}
	if took, err := getOn(ctx, c, "1"); err != nil || took > 150*time.Millisecond {
		t.Fatalf("took %s (%v), want no wait once usage fell", took, err)
	}
}

func TestPacingReturnsAtOnceOnCancellation(t *testing.T) {
	s := &usageServer{}
	s.set(100, nil)
	c, _ := pacedClient(t, s, func(cfg *Config) { cfg.RetryWaitMax = time.Hour })
	if _, err := getOn(context.Background(), c, "1"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() {
		_, err := getOn(ctx, c, "1")
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want the cancellation", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the paced call did not return on cancellation")
	}
}

func TestHighWaterMarkIsConfigurable(t *testing.T) {
	s := &usageServer{}
	s.set(95, map[string]int{"1": 95})
	c, _ := pacedClient(t, s, func(cfg *Config) { cfg.UsageHighWater = 96 })
	for range 2 {
		if took, err := getOn(context.Background(), c, "1"); err != nil || took > 150*time.Millisecond {
			t.Fatalf("took %s (%v), want no pacing under a mark of 96", took, err)
		}
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
