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

// pacer slows calls down before Meta throttles them. Meta reports, on every
// answer, how much of the app's and of the Page's hourly budget is used;
// throttling starts at 100 % and then blocks the app or Page for up to an
// hour. Once the last report for a scope is at or above the high-water mark,
// each call in that scope first waits, from RetryWaitMin at the mark growing
// linearly to RetryWaitMax at 100 %. Scopes are the app (every call) and
// each Page (calls on that Page's edges): a busy Page does not slow the
// others.
type pacer struct {
	mark             int
	minWait, maxWait time.Duration
	log              Logger

	mu    sync.Mutex
	app   int            // last X-App-Usage reading, percent
	pages map[string]int // page id -> last Page/business-use-case reading
}

func newPacer(mark int, minWait, maxWait time.Duration, log Logger) *pacer {
	return &pacer{mark: mark, minWait: minWait, maxWait: maxWait, log: log, pages: map[string]int{}}
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
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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
