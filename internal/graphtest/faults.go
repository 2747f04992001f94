package graphtest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Fault makes matching requests fail (or slow down) in a chosen way.
// Faults are matched after routing and, unless AfterHandling, applied before
// authentication and handling: a throttled request is refused whatever it
// carries.
//
// Every registered fault counts the requests it matches, independently of
// the others; the first fault in registration order that is active (past
// Skip, within Times) is applied to a request.
type Fault struct {
	Method   string // "" = any
	Endpoint string // one of the Endpoint* constants; "" = any
	PageID   string // "" = any

	Skip  int // let this many matching requests through first
	Times int // apply to this many matching requests, then stop (0 = forever)

	Status  int               // HTTP status; default 400 when Error is set, 500 otherwise
	Error   *GraphError       // JSON error envelope to send
	Body    string            // raw body instead; text/html when it starts with '<', else application/json
	Headers map[string]string // extra response headers; "{page-id}" in values becomes the request's page

	// Delay sleeps before responding, ending early when the request is
	// cancelled (then nothing is answered). A fault with only Delay and/or
	// Headers slows or decorates the real answer.
	Delay time.Duration
	// AfterHandling performs the real request first (state changes happen),
	// then applies Delay/Error/Body: "the request reached the server but the
	// answer was lost".
	AfterHandling bool
	// ResetConnection writes the headers and half of the body, then closes the
	// connection. The body is Error/Body if set, else the real answer (with
	// AfterHandling), else a generic code-1 envelope.
	ResetConnection bool

	// Hostile answers, for proving what the client refuses to trust.
	//
	// In Body, "{page-token}" becomes the Page token of the request's page,
	// as a server echoing it would send it.
	//
	// Drip sends the answer one byte per Drip, as a stalled proxy does.
	Drip time.Duration
	// EndlessPages answers a listing page of this many made-up entries
	// with a paging.next link to a fresh cursor, forever.
	EndlessPages int
}

// responds reports whether the fault replaces the real answer (as opposed
// to only delaying it or adding headers).
func (f *Fault) responds() bool {
	return f.Error != nil || f.Body != "" || f.Status != 0 || f.ResetConnection || f.EndlessPages > 0
}

type faultState struct {
	f     Fault
	seen  int // matching requests so far
	fired int // times applied
}

func (fs *faultState) matches(in *incoming) bool {
	f := &fs.f
	return (f.Method == "" || strings.EqualFold(f.Method, in.method)) &&
		(f.Endpoint == "" || f.Endpoint == in.route.endpoint) &&
		(f.PageID == "" || f.PageID == in.route.pageID())
}

// InjectFault registers a fault. The emulator keeps its own copy of
// Headers and Error.
func (e *Emulator) InjectFault(f Fault) {
	if f.Headers != nil { // own a copy: the caller may reuse its map
		h := make(map[string]string, len(f.Headers))
		for k, v := range f.Headers {
			h[k] = v
		}
		f.Headers = h
	}
	if f.Error != nil {
		g := *f.Error
		f.Error = &g
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, &faultState{f: f})
}

// ClearFaults removes every fault and every empty-page rule (AddEmptyPage).
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
	e.emptyPages = nil
}

// matchFault counts the request against every fault and returns a copy of
// the one to apply, if any.
func (e *Emulator) matchFault(in *incoming) *Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	var chosen *Fault
	for _, fs := range e.faults {
		if !fs.matches(in) {
			continue
		}
		fs.seen++
		if chosen != nil || fs.seen <= fs.f.Skip {
			continue
		}
		if fs.f.Times > 0 && fs.fired >= fs.f.Times {
			continue
		}
		fs.fired++
		c := fs.f
		chosen = &c
	}
	return chosen
}

// faultResponse builds what a responding fault sends; handled is the
// emulator's own answer for AfterHandling faults (nil otherwise).
func faultResponse(f *Fault, handled *response) *response {
	status := f.Status
	if status == 0 {
		status = http.StatusInternalServerError
		if f.Error != nil {
			status = http.StatusBadRequest
		}
	}
	switch {
	case f.Error != nil:
		g := *f.Error
		return &response{status: status, gerr: &g}
	case f.Body != "":
		ctype := "application/json; charset=UTF-8"
		if strings.HasPrefix(strings.TrimSpace(f.Body), "<") {
			ctype = "text/html; charset=UTF-8"
		}
		return &response{status: status, raw: []byte(f.Body), rawType: ctype}
	case f.ResetConnection && handled != nil:
		r := *handled
		if f.Status != 0 {
			r.status = f.Status
		}
		return &r
	case f.ResetConnection:
		return &response{status: status, gerr: MetaError(1)}
	}
	// Status only: an empty body, as a proxy in front of Meta might send.
	return &response{status: status, raw: []byte{}, rawType: "text/plain; charset=UTF-8"}
}

// writeFault sends the fault's answer, or half of it before dropping the
// connection.
func (e *Emulator) writeFault(w http.ResponseWriter, in *incoming, f *Fault, handled *response, entry *Request) {
	if f.Body != "" {
		c := *f
		c.Body = strings.ReplaceAll(c.Body, "{page-token}", e.PageToken(in.route.pageID()))
		f = &c
	}
	if f.EndlessPages > 0 {
		f = endlessPage(f, in)
	}
	resp := faultResponse(f, handled)
	if f.Drip > 0 {
		e.drip(w, in, f, resp, entry)
		return
	}
	if !f.ResetConnection {
		e.write(w, in, resp, f.Headers, entry)
		return
	}
	traceID := newTraceID()
	body, ctype, code := resp.render(traceID)
	if len(body) < 2 {
		body = marshal(MetaError(1).envelope(traceID))
	}
	h := http.Header{}
	e.setCommonHeaders(h, in, traceID)
	h.Set("Content-Type", ctype)
	e.applyExtraHeaders(h, in, f.Headers)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	e.finish(entry, resp.status, code)
	resetWrite(w, resp.status, h, body[:len(body)/2])
}

// resetWrite writes a response head promising more body than it sends,
// then closes the connection: the client sees an unexpected EOF mid-body.
// The close is a plain FIN, not an RST, so that the partial bytes surely
// arrive and Go's transport does not silently retry the request.
func resetWrite(w http.ResponseWriter, status int, h http.Header, partial []byte) {
	if rec, ok := w.(*httptest.ResponseRecorder); ok {
		// A recorder has no connection to drop: record the partial answer.
		for k, v := range h {
			rec.Header()[k] = v
		}
		rec.WriteHeader(status)
		_, _ = rec.Write(partial)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		// HTTP/2 and other writers: write what we can, then abort the stream.
		for k, v := range h {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		_, _ = w.Write(partial)
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		panic(http.ErrAbortHandler)
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer func(c net.Conn) { _ = c.Close() }(conn)
	_, _ = fmt.Fprintf(buf, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	_ = h.Write(buf)
	_, _ = buf.WriteString("\r\n")
	_, _ = buf.Write(partial)
	_ = buf.Flush()
}

// endlessPage is a listing page of made-up entries whose next link leads to
// a cursor never seen before.
func endlessPage(f *Fault, in *incoming) *Fault {
	after, _ := strconv.Atoi(in.query.Get("after"))
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := range f.EndlessPages {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"id":"9%014d","name":"Endless %d","access_status":"CONFIRMED","permitted_tasks":["ANALYZE"]}`, after*f.EndlessPages+i, after*f.EndlessPages+i)
	}
	q := url.Values{}
	for k, v := range in.query {
		q[k] = v
	}
	q.Set("after", strconv.Itoa(after+1))
	fmt.Fprintf(&b, `],"paging":{"cursors":{"after":"%d"},"next":"http://%s%s?%s"}}`, after+1, in.r.Host, in.r.URL.Path, q.Encode())
	c := *f
	c.Body, c.Status = b.String(), http.StatusOK
	return &c
}

// drip writes the answer one byte per f.Drip, until it is done or the
// client goes away.
func (e *Emulator) drip(w http.ResponseWriter, in *incoming, f *Fault, resp *response, entry *Request) {
	traceID := newTraceID()
	body, ctype, code := resp.render(traceID)
	h := w.Header()
	e.setCommonHeaders(h, in, traceID)
	h.Set("Content-Type", ctype)
	e.applyExtraHeaders(h, in, f.Headers)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.status)
	e.finish(entry, resp.status, code)
	fl, _ := w.(http.Flusher)
	for i := range body {
		_, _ = w.Write(body[i : i+1])
		if fl != nil {
			fl.Flush()
		}
		if !e.sleep(in.r.Context(), f.Drip) {
			return
		}
	}
}
