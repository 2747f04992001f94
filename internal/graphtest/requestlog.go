package graphtest

import (
	"net/url"
	"strings"
	"time"
)

// Request is one entry of the request log.
type Request struct {
	Method, Endpoint, PageID, Version string
	Path                              string     // as received, without query
	RawQuery                          string     // as received (tests grep it to prove tokens never travel in URLs)
	Params                            url.Values // merged query + form (+ JSON body flattened to strings), access_token and appsecret_proof REMOVED
	TokenSource                       string     // "header", "query", "form", "json" or "" (none)
	Token                             string     // the token presented (for assertions); never print it
	HasProof                          bool
	UserAgent                         string
	Status                            int // HTTP status answered; 0 while in flight or if the client gave up first
	Bytes                             int // answer body bytes written (BytesServed)
	ErrorCode                         int // Graph error code answered, 0 on success
	Time                              time.Time
}

// logArrival appends the request to the log at arrival, so the log is in
// arrival order even when answers complete out of order.
func (e *Emulator) logArrival(in *incoming) *Request {
	entry := &Request{
		Method:      in.method,
		Endpoint:    in.route.endpoint,
		PageID:      in.route.pageID(),
		Version:     in.route.version,
		Path:        in.r.URL.Path,
		RawQuery:    in.r.URL.RawQuery,
		Params:      cloneValues(in.params),
		TokenSource: in.tokenSource,
		Token:       in.token,
		HasProof:    in.hasProof,
		UserAgent:   in.r.UserAgent(),
		Time:        in.arrived,
	}
	e.mu.Lock()
	e.log = append(e.log, entry)
	e.mu.Unlock()
	return entry
}

// finish records the answer and calls Options.OnRequest.
func (e *Emulator) finish(entry *Request, status, code int) {
	e.mu.Lock()
	entry.Status, entry.ErrorCode = status, code
	c := entry.clone()
	e.mu.Unlock()
	if e.opts.OnRequest != nil {
		e.opts.OnRequest(c)
	}
}

func (r *Request) clone() Request {
	c := *r
	c.Params = cloneValues(r.Params)
	return c
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vals := range v {
		out[k] = append([]string(nil), vals...)
	}
	return out
}

// Requests returns a copy of the log, in arrival order.
func (e *Emulator) Requests() []Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Request, len(e.log))
	for i, r := range e.log {
		out[i] = r.clone()
	}
	return out
}

// Calls counts logged requests to endpoint with method; "" for either
// means any.
func (e *Emulator) Calls(method, endpoint string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, r := range e.log {
		if (method == "" || strings.EqualFold(method, r.Method)) && (endpoint == "" || endpoint == r.Endpoint) {
			n++
		}
	}
	return n
}

// BytesServed sums the answer body bytes written for the logged requests
// to endpoint with method ("" for either means any): what a client had to
// read, whatever it kept.
func (e *Emulator) BytesServed(method, endpoint string) int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	var n int64
	for _, r := range e.log {
		if (method == "" || strings.EqualFold(method, r.Method)) && (endpoint == "" || endpoint == r.Endpoint) {
			n += int64(r.Bytes)
		}
	}
	return n
}

// TotalCalls is the number of logged requests.
func (e *Emulator) TotalCalls() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.log)
}

// ResetLog empties the log (requests in flight are not re-added).
func (e *Emulator) ResetLog() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.log = nil
}
