package graph

import (
	"encoding/json"
	"net/http"
	"time"
)

// Meta's rate-limit headers
// (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/).
const (
	headerAppUsage  = "X-App-Usage"
	headerPageUsage = "X-Page-Usage"
	headerBUCUsage  = "X-Business-Use-Case-Usage"
)

// usageCounters is the body of X-App-Usage and X-Page-Usage, and the common
// part of an X-Business-Use-Case-Usage entry: percentages of the limit.
type usageCounters struct {
	CallCount    int `json:"call_count"`
	TotalCPUTime int `json:"total_cputime"`
	TotalTime    int `json:"total_time"`
}

// highest is the counter closest to the limit: Meta throttles when any of
// them reaches 100.
func (u usageCounters) highest() int {
	return max(u.CallCount, u.TotalCPUTime, u.TotalTime)
}

// bucUsage is one entry of X-Business-Use-Case-Usage.
type bucUsage struct {
	usageCounters
	Type                  string `json:"type"`
	EstimatedTimeToRegain int    `json:"estimated_time_to_regain_access"`
}

// usageReport is what one answer's rate-limit headers say. The headers are
// parsed here and only here, for both pacing and the throttling backoff.
type usageReport struct {
	// app is the highest X-App-Usage counter, page the highest of
	// X-Page-Usage and every X-Business-Use-Case-Usage entry; -1 when the
	// answer carried no such header (Meta sends the page and business ones
	// only for calls made with a Page or system-user token).
	app, page int
	// regain is Meta's estimated_time_to_regain_access in its unit
	// (minutes), the largest over all businesses and types; 0 when absent.
	regain int
}

// parseUsage reads the three usage headers. A header that is absent or not
// valid JSON counts as absent: usage is advice, never a reason to fail a call.
func parseUsage(h http.Header) usageReport {
	r := usageReport{app: -1, page: -1}
	var app, page usageCounters
	if decodeHeader(h, headerAppUsage, &app) {
		r.app = app.highest()
	}
	if decodeHeader(h, headerPageUsage, &page) {
		r.page = page.highest()
	}
	// assumption: the business-use-case entries that come back on a call
	// describe the use case that call was counted against, so they pace the
	// Page the call targets, whatever business id keys them.
	var buc map[string][]bucUsage
	if decodeHeader(h, headerBUCUsage, &buc) {
		for _, entries := range buc {
			for _, e := range entries {
				r.page = max(r.page, e.highest())
				r.regain = max(r.regain, e.EstimatedTimeToRegain)
			}
		}
	}
	return r
}

func decodeHeader(h http.Header, name string, out any) bool {
	raw := h.Get(name)
	return raw != "" && json.Unmarshal([]byte(raw), out) == nil
}

// regainAccess returns Meta's estimated_time_to_regain_access from the
// X-Business-Use-Case-Usage header (the largest value over all businesses and
// types, 0 when absent) as a duration: Meta counts in minutes, and unit is
// the client's minute (shortened in tests).
func regainAccess(h http.Header, unit time.Duration) time.Duration {
	return time.Duration(parseUsage(h).regain) * unit
}
