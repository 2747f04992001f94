package graph

import (
	"context"
	"strings"
	"sync"
	"time"
)

// DefaultUsageHighWater is the usage percentage from which the client starts
// pacing its calls (Config.UsageHighWater).
const DefaultUsageHighWater = 90

// ConversationCallInterval spaces the calls of a conversations listing on
// one Page: Meta's Conversations API allows 2 calls per second per Page
// (https://developers.facebook.com/documentation/business-messaging/messenger-platform/overview/rate-limiting).
const ConversationCallInterval = 500 * time.Millisecond

// pacer slows calls down before Meta throttles them, in two ways.
//
// Usage: Meta reports, on every answer, how much of a budget is used, as a
// percentage of the calls (and CPU time) its window allows. The windows are
// those of Meta's rate-limiting page
// (https://developers.facebook.com/documentation/business-messaging/messenger-platform/overview/rate-limiting,
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting/):
// a rolling hour for the app's platform limit (X-App-Usage), a rolling 24
// hours for the Page and Messenger business use cases (X-Page-Usage,
// X-Business-Use-Case-Usage). The percentages are of those windows, so the
// pacer keys on them and never counts calls itself. Throttling starts at
// 100 %, until usage falls back (estimated_time_to_regain_access). Once the
// last report for a scope is at or above the high-water mark, each call in
// that scope first waits, from RetryWaitMin at the mark growing linearly to
// RetryWaitMax at 100 %. Scopes are the app (every call) and each Page
// (calls on that Page's edges): a busy Page does not slow the others.
//
// Spacing: calls that Meta limits per second on a Page (the Conversations
// API: ConversationCallInterval) are started at least that far apart, per
// Page, before Meta enforces it.
type pacer struct {
	mark             int
	minWait, maxWait time.Duration
	log              Logger
	// now and sleep are the clock; tests replace them to see the waits the
	// pacer asks for without waiting.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	app   int                  // last X-App-Usage reading, percent
	pages map[string]int       // page id -> last Page/business-use-case reading
	slots map[string]time.Time // page id -> start of its last spaced call
}

func newPacer(mark int, minWait, maxWait time.Duration, log Logger) *pacer {
	return &pacer{mark: mark, minWait: minWait, maxWait: maxWait, log: log, now: time.Now, sleep: sleepCtx,
		pages: map[string]int{}, slots: map[string]time.Time{}}
}

// sleepCtx waits d, or returns ctx's error as soon as it is cancelled.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// space holds a call on pageID back until interval has passed since the
// last spaced call on that Page started, and since it ended (spaced): so
// that however long the network takes, Meta sees the calls at least interval
// apart. Each caller reserves the next free slot under the lock, so
// concurrent callers queue up interval apart.
func (p *pacer) space(ctx context.Context, pageID string, interval time.Duration) error {
	if interval <= 0 || pageID == "" {
		return ctx.Err()
	}
	p.mu.Lock()
	now := p.now()
	slot := now
	if last, ok := p.slots[pageID]; ok && last.Add(interval).After(now) {
		slot = last.Add(interval)
	}
	p.slots[pageID] = slot
	p.mu.Unlock()
	return p.sleep(ctx, slot.Sub(now))
}

// spaced records that a spaced call on pageID has ended: the next one waits
// interval from now at least.
func (p *pacer) spaced(pageID string, interval time.Duration) {
	if interval <= 0 || pageID == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if now := p.now(); now.After(p.slots[pageID]) {
		p.slots[pageID] = now
	}
}

// observe records the usage an answer reported for a call on pageID ("" for
// calls not on a Page). A header the answer lacks leaves the last reading in
// place: Meta does not send every header on every answer (the Page ones
// only come with Page tokens), and one answer without it is no sign that the
// budget recovered.
func (p *pacer) observe(pageID string, u usageReport) {
	if u.app < 0 && (u.page < 0 || pageID == "") {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if u.app >= 0 {
		p.app = u.app
	}
	if u.page >= 0 && pageID != "" {
		p.pages[pageID] = u.page
	}
}

// delayFor is the wait before a call when the scope is at pct percent.
func (p *pacer) delayFor(pct int) time.Duration {
	switch {
	case p.mark > 100 || pct < p.mark:
		return 0
	case pct >= 100 || p.mark >= 100:
		return p.maxWait
	}
	span := p.maxWait - p.minWait
	return p.minWait + span*time.Duration(pct-p.mark)/time.Duration(100-p.mark)
}

// delay is the wait before a call on pageID: the larger of the app's and
// the Page's, with the scope and reading that caused it.
func (p *pacer) delay(pageID string) (d time.Duration, scope string, pct int) {
	p.mu.Lock()
	app, page := p.app, p.pages[pageID]
	p.mu.Unlock()
	if pageID != "" && page >= app {
		return p.delayFor(page), "page", page
	}
	return p.delayFor(app), "app", app
}

// wait holds a call on pageID back as long as the usage asks, and returns
// ctx's error at once if it is cancelled meanwhile.
func (p *pacer) wait(ctx context.Context, pageID string) error {
	d, scope, pct := p.delay(pageID)
	if d <= 0 {
		return ctx.Err()
	}
	fields := map[string]any{"scope": scope, "usage_percent": pct, "high_water_percent": p.mark, "delay": d.String()}
	if scope == "page" {
		fields["page_id"] = pageID
	}
	p.log.Warn(ctx, "graph api usage is high; slowing down before Meta throttles", fields)
	return p.sleep(ctx, d)
}

// pageOf returns the Page a call path ("/{page-id}" or "/{page-id}/edge")
// is about: its first segment when numeric, else "". Every call the client
// makes today is on a Page node or edge.
func pageOf(path string) string {
	id, _, _ := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if id == "" || strings.Trim(id, "0123456789") != "" {
		return ""
	}
	return id
}
