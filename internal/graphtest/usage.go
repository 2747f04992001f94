package graphtest

import (
	"fmt"
	"net/http"
	"strings"
)

// Rate-limit usage headers (notes, "Rate-limit headers"): X-App-Usage and
// X-Page-Usage carry {"call_count","total_cputime","total_time"} percentages;
// X-Business-Use-Case-Usage carries per-object lists with a type and
// estimated_time_to_regain_access in minutes.
const (
	headerAppUsage  = "X-App-Usage"
	headerPageUsage = "X-Page-Usage"
	headerBUCUsage  = "X-Business-Use-Case-Usage"
)

// pageIDPlaceholder in a fault's header values is replaced by the page the
// request is about, so a static Throttle fault can name the right page in
// X-Business-Use-Case-Usage.
const pageIDPlaceholder = "{page-id}"

// SetUsage sets the call_count percentages sent on every normal response:
// appPercent in X-App-Usage (all calls), pagePercent in X-Page-Usage and
// X-Business-Use-Case-Usage (calls made with a Page access token, which is
// when Meta sends them). 0 means "low": the headers are still sent, with
// small numbers, as Meta does.
func (e *Emulator) SetUsage(appPercent, pagePercent int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.appUsage, e.pageUsage = appPercent, pagePercent
}

// usageJSON renders a usage header. assumption: the "small numbers" of an
// idle app are 1%.
func usageJSON(pct int) string {
	if pct <= 0 {
		pct = 1
	}
	return fmt.Sprintf(`{"call_count":%d,"total_cputime":%d,"total_time":%d}`, pct, pct, pct)
}

// bucJSON renders X-Business-Use-Case-Usage for one page. regain < 0 leaves
// estimated_time_to_regain_access out.
func bucJSON(pageID, bucType string, pct, regain int) string {
	if pct <= 0 {
		pct = 1
	}
	entry := fmt.Sprintf(`"type":%q,"call_count":%d,"total_cputime":%d,"total_time":%d`, bucType, pct, pct, pct)
	if regain >= 0 {
		entry += fmt.Sprintf(`,"estimated_time_to_regain_access":%d`, regain)
	}
	return fmt.Sprintf(`{%q:[{%s}]}`, pageID, entry)
}

// bucTypeFor picks the business-use-case type. assumption: Meta counts the
// Messenger edges (conversations, thread_owner, messages) under "messenger"
// (whose throttle code is 80006) and the rest under "pages" (80001).
func bucTypeFor(endpoint string) string {
	switch endpoint {
	case EndpointConversations, EndpointThreadOwner, EndpointMessages:
		return "messenger"
	}
	return "pages"
}

// setUsageHeaders: X-App-Usage on every answer; for calls made with a Page
// token (which fall under business-use-case limits,
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting/) also
// X-Page-Usage and X-Business-Use-Case-Usage, keyed by the token's page.
// assumption: Meta keys the "pages"/"messenger" BUC entries by the Page id.
func (e *Emulator) setUsageHeaders(h http.Header, in *incoming) {
	e.mu.Lock()
	app, page := e.appUsage, e.pageUsage
	tokenPage := ""
	if in.token != "" {
		tokenPage = e.pageTokens[in.token]
	}
	e.mu.Unlock()
	h.Set(headerAppUsage, usageJSON(app))
	if tokenPage != "" {
		h.Set(headerPageUsage, usageJSON(page))
		h.Set(headerBUCUsage, bucJSON(tokenPage, bucTypeFor(in.route.endpoint), page, 0))
	}
}

// applyExtraHeaders sets a fault's headers, filling in {page-id}.
func (e *Emulator) applyExtraHeaders(h http.Header, in *incoming, extra map[string]string) {
	if len(extra) == 0 {
		return
	}
	pageID := in.route.pageID()
	if pageID == "" {
		pageID = "0"
	}
	for k, v := range extra {
		h.Set(k, strings.ReplaceAll(v, pageIDPlaceholder, pageID))
	}
}

// Throttle returns a fault answering like Meta's throttling: HTTP 400, error
// code with Meta's message for it, type OAuthException, is_transient true,
// and usage headers at 100% (X-App-Usage, X-Page-Usage and
// X-Business-Use-Case-Usage; the latter's key "{page-id}" is replaced by the
// request's page when sent). regainMinutes > 0 adds
// estimated_time_to_regain_access. Set Times (and Endpoint, PageID...) on
// the result before InjectFault; as is, it throttles every request.
func Throttle(code int, regainMinutes int) Fault {
	g := MetaError(code)
	g.Type = typeOAuth
	g.IsTransient = true
	regain := -1
	if regainMinutes > 0 {
		regain = regainMinutes
	}
	bucType := "pages"
	if code == 80006 {
		bucType = "messenger"
	}
	return Fault{
		Status: http.StatusBadRequest,
		Error:  g,
		Headers: map[string]string{
			headerAppUsage:  usageJSON(100),
			headerPageUsage: usageJSON(100),
			headerBUCUsage:  bucJSON(pageIDPlaceholder, bucType, 100, regain),
		},
	}
}
