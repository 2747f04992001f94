package graph

import (
	"encoding/json"
	"net/http"
	"time"
)

// bucUsage is one entry of X-Business-Use-Case-Usage.
type bucUsage struct {
	Type                  string `json:"type"`
	CallCount             int    `json:"call_count"`
	TotalCPUTime          int    `json:"total_cputime"`
	TotalTime             int    `json:"total_time"`
	EstimatedTimeToRegain int    `json:"estimated_time_to_regain_access"`
}

// regainAccess returns Meta's estimated_time_to_regain_access, in Meta's unit
// (minutes) as a count, from the X-Business-Use-Case-Usage header: the
// largest value over all businesses and types, 0 when absent.
func regainAccess(h http.Header) time.Duration {
	raw := h.Get("X-Business-Use-Case-Usage")
	if raw == "" {
		return 0
	}
	var usage map[string][]bucUsage
	if json.Unmarshal([]byte(raw), &usage) != nil {
		return 0
	}
	longest := 0
	for _, entries := range usage {
		for _, e := range entries {
			if e.EstimatedTimeToRegain > longest {
				longest = e.EstimatedTimeToRegain
			}
		}
	}
	return time.Duration(longest)
}
