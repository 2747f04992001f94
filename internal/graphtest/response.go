package graphtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
)

// response is an answer computed by a handler or a fault, rendered only when
// written so that every envelope gets its own fbtrace_id.
type response struct {
	status  int
	payload any         // success body, marshalled as JSON
	gerr    *GraphError // error envelope
	raw     []byte      // raw body (faults), sent as is
	rawType string
}

func okResponse(v any) *response { return &response{status: http.StatusOK, payload: v} }

func errResponse(g *GraphError) *response {
	return &response{status: statusFor(g.Code), gerr: g}
}

// render returns the body, its content type and the Graph error code it
// carries (0 on success).
func (r *response) render(traceID string) ([]byte, string, int) {
	const jsonType = "application/json; charset=UTF-8"
	switch {
	case r.gerr != nil:
		return marshal(r.gerr.envelope(traceID)), jsonType, r.gerr.Code
	case r.raw != nil:
		return r.raw, r.rawType, errorCodeOf(r.raw)
	case r.payload != nil:
		return marshal(r.payload), jsonType, 0
	}
	return nil, jsonType, 0
}

func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic("graphtest: cannot marshal response: " + err.Error())
	}
	return b
}

// errorCodeOf reads error.code from a raw body, for the request log; 0 if
// the body is not an error envelope (HTML, truncated JSON...).
func errorCodeOf(body []byte) int {
	var env struct {
		Error *struct {
			Code int `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &env) != nil || env.Error == nil {
		return 0
	}
	return env.Error.Code
}

// newTraceID mimics Meta's fbtrace_id: 23 URL-safe base64 characters.
func newTraceID() string {
	b := make([]byte, 17)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// setCommonHeaders adds what Meta sends on every answer: trace id, API
// version, no-cache headers and the rate-limit usage headers.
func (e *Emulator) setCommonHeaders(h http.Header, in *incoming, traceID string) {
	h.Set("x-fb-trace-id", traceID)
	h.Set("facebook-api-version", servingVersion(in.route.version, e.now()))
	h.Set("Cache-Control", "private, no-cache, no-store, must-revalidate")
	h.Set("Pragma", "no-cache")
	e.setUsageHeaders(h, in)
}

// setAuthenticateHeader: assumption: like Meta, OAuthException answers carry
// a WWW-Authenticate header naming the error (not in the reference).
func setAuthenticateHeader(h http.Header, g *GraphError) {
	if g == nil || (g.Type != "" && g.Type != typeOAuth) {
		return
	}
	kind := "invalid_request"
	if g.Code == 190 || g.Code == 104 {
		kind = "invalid_token"
	}
	h.Set("WWW-Authenticate", `OAuth "Facebook Platform" "`+kind+`" "`+strings.ReplaceAll(g.Message, `"`, `'`)+`"`)
}

// write sends resp with the common headers plus extra (fault headers) and
// completes the log entry.
func (e *Emulator) write(w http.ResponseWriter, in *incoming, resp *response, extra map[string]string, entry *Request) {
	traceID := newTraceID()
	body, ctype, code := resp.render(traceID)
	h := w.Header()
	e.setCommonHeaders(h, in, traceID)
	h.Set("Content-Type", ctype)
	setAuthenticateHeader(h, resp.gerr)
	e.applyExtraHeaders(h, in, extra)
	w.WriteHeader(resp.status)
	// G705: an emulator's answer to a test's client, never rendered by a
	// browser. gosec's taint analysis flags it once the times in it come
	// from Options.Now, a func value it cannot follow.
	n, _ := w.Write(body) //nolint:gosec // G705: see above
	e.mu.Lock()
	entry.Bytes = n
	e.mu.Unlock()
	e.finish(entry, resp.status, code)
}
