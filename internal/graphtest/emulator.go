package graphtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Options configure an Emulator. Zero values mean the defaults noted.
type Options struct {
	// AppSecret, when set, makes every request carry a valid appsecret_proof
	// (query, form or JSON body param): hex HMAC-SHA256(key=AppSecret,
	// msg=the access token used).
	AppSecret string
	// MaxLimit is the largest page size the server returns, whatever `limit`
	// asks (default 100). Tests set it small to force many pages.
	MaxLimit int
	// Latency is added to every response (for benchmarks); SetLatency
	// changes it while the emulator runs.
	Latency time.Duration
	// OnRequest, when set, is called once per request after it was answered
	// (or abandoned), with its log entry. It runs on the request's goroutine
	// and must be safe for concurrent use. The entry holds the token: never
	// print it.
	OnRequest func(Request)
	// Now is the emulator's clock (default time.Now). It decides Graph API
	// version expiry (a call to a version expired at Now is served, like
	// Meta does, by the oldest version still usable, and the
	// facebook-api-version header says so), and gives every time the
	// emulator stamps or answers (agency assignments, conversations,
	// thread control, the messenger profile).
	Now func() time.Time
}

// defaultMaxLimit is the page-size cap when Options.MaxLimit is 0.
const defaultMaxLimit = 100

// Emulator is an in-memory Graph API. All methods are safe for concurrent use.
type Emulator struct {
	opts    Options
	latency atomic.Int64 // time.Duration; read on every request without e.mu

	mu            sync.Mutex
	users         map[string]*userState
	userSeq       int64 // for the made-up ids of AddUser
	pages         map[string]*pageState
	pageTokens    map[string]string        // page token -> page id
	businesses    map[string]string        // business id -> name
	agencyAnswers map[string]AgencyAnswer  // business id -> how its grants are answered
	businessUsers map[string]*businessUser // user id -> business user or system user
	apps          map[string]string        // app id -> name
	tokenApps     map[string]string        // token -> app id, when not DefaultAppID
	faults        []*faultState
	emptyPages    []emptyPageRule
	edgeRules     map[string]*edgeRules // by endpoint: listing order and faults
	appUsage      int
	pageUsage     int
	added         enumAdditions // values Meta has "just added" (MetaAddsTask, MetaAddsWebhookField)
	threadAnswer  ThreadControlAnswer
	log           []*Request
	convSeq       int64
	profiles      map[string]profileState // "page|PLATFORM" -> Messenger profile
	profileCalls  map[string][]time.Time  // page -> recent messenger_profile calls
	profileLimit  profileLimit
	fleet         *fleetState // the Page listings of tokens and businesses (accounts.go)

	closing   chan struct{} // closed by Close: ends delays so shutdown never hangs
	closeOnce sync.Once
	testSrv   *httptest.Server
	httpSrv   *http.Server
	baseURL   string
}

// New returns an emulator that is not started: use it as an http.Handler,
// or call Listen.
func New(opts Options) *Emulator {
	if opts.MaxLimit <= 0 {
		opts.MaxLimit = defaultMaxLimit
	}
	e := &Emulator{
		opts:          opts,
		users:         map[string]*userState{},
		pages:         map[string]*pageState{},
		pageTokens:    map[string]string{},
		businesses:    map[string]string{},
		businessUsers: map[string]*businessUser{},
		apps:          map[string]string{},
		tokenApps:     map[string]string{},
		closing:       make(chan struct{}),
	}
	e.latency.Store(int64(opts.Latency))
	return e
}

func (e *Emulator) now() time.Time {
	if e.opts.Now != nil {
		return e.opts.Now()
	}
	return time.Now()
}

// SetLatency changes the latency added to every response from now on
// (requests already waiting keep theirs), so one emulator and its state can
// be measured at several latencies.
func (e *Emulator) SetLatency(d time.Duration) { e.latency.Store(int64(d)) }

// Start returns an emulator served by an httptest server on 127.0.0.1,
// closed through tb.Cleanup.
func Start(tb testing.TB, opts Options) *Emulator {
	tb.Helper()
	e := New(opts)
	e.testSrv = httptest.NewServer(e)
	e.baseURL = e.testSrv.URL
	tb.Cleanup(e.Close)
	return e
}

// URL is the base URL of the started server ("http://127.0.0.1:41234": no
// version, no trailing slash), or "" when not started by Start or Listen.
func (e *Emulator) URL() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.baseURL
}

// Listen serves the emulator on addr (e.g. "127.0.0.1:0") in the background
// and returns its base URL. Only loopback addresses are accepted: the
// emulator hands out tokens to anyone who asks and must not be reachable
// from other machines.
func (e *Emulator) Listen(addr string) (string, error) {
	if err := CheckLoopback(addr); err != nil {
		return "", err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	select {
	case <-e.closing:
		return "", errors.New("graphtest: emulator closed")
	default:
	}
	if e.baseURL != "" {
		return "", errors.New("graphtest: emulator already started")
	}
	// The listener lives until Close, not for the life of a request context.
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", addr)
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}
	e.httpSrv, e.baseURL = srv, "http://"+ln.Addr().String()
	go func() { _ = srv.Serve(ln) }()
	return e.baseURL, nil
}

// CheckLoopback returns an error unless addr ("host:port") names a loopback
// host: 127.0.0.0/8, ::1 or "localhost". An empty host (all interfaces) is
// refused.
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("graphtest: bad address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("graphtest: refusing to listen on non-loopback address %q", addr)
}

// Close stops the server, first ending any Delay or Latency in progress so
// that shutdown does not wait for them. It is safe to call more than once.
func (e *Emulator) Close() {
	e.closeOnce.Do(func() { close(e.closing) })
	e.mu.Lock()
	ts, hs := e.testSrv, e.httpSrv
	e.testSrv, e.httpSrv = nil, nil
	e.mu.Unlock()
	if ts != nil {
		ts.Close()
	}
	if hs != nil {
		_ = hs.Close()
	}
}

// ServeHTTP answers one Graph API request: parse, log, latency, faults
// (matched after routing so Endpoint/PageID are known, applied before the
// real handling unless AfterHandling), handling, write.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	in := parseIncoming(r)
	entry := e.logArrival(in)
	ctx := r.Context()
	if !e.sleep(ctx, time.Duration(e.latency.Load())) {
		e.abandon(w, r, entry)
		return
	}
	f := e.matchFault(in)
	if f != nil && !f.AfterHandling {
		if !e.sleep(ctx, f.Delay) {
			e.abandon(w, r, entry)
			return
		}
		if f.responds() {
			e.writeFault(w, in, f, nil, entry)
			return
		}
	}
	resp := e.handle(in)
	var extra map[string]string
	if f != nil {
		extra = f.Headers
		if f.AfterHandling {
			// The state change above is done; the answer may now be lost.
			if !e.sleep(ctx, f.Delay) {
				e.abandon(w, r, entry)
				return
			}
			if f.responds() {
				e.writeFault(w, in, f, resp, entry)
				return
			}
		}
	}
	e.write(w, in, resp, extra, entry)
}

// abandon ends a request that will not be answered: the client cancelled
// it, or the emulator is closing. In the latter case the connection is
// dropped, since returning without writing would make net/http send an
// empty 200. The log records status 0.
func (e *Emulator) abandon(w http.ResponseWriter, r *http.Request, entry *Request) {
	e.finish(entry, 0, 0)
	if r.Context().Err() != nil {
		return
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
		}
	}
}

// sleep waits d, returning false if the request was cancelled or the
// emulator closed first.
func (e *Emulator) sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-e.closing:
		return false
	}
}

// edgeMethods lists the methods each edge supports: Meta's reference pages
// make thread_owner and conversations read-only, messages create-only and
// agencies read and create; Meta's SDK spec (facebook/facebook-business-sdk-codegen,
// api_specs/specs/Page.json) adds DELETE /{page-id}/agencies and gives
// assigned_users and subscribed_apps GET, POST and DELETE.
var edgeMethods = map[string]map[string]bool{
	"agencies":        {"GET": true, "POST": true, "DELETE": true},
	"assigned_users":  {"GET": true, "POST": true, "DELETE": true},
	"subscribed_apps": {"GET": true, "POST": true, "DELETE": true},
	"conversations":   {"GET": true},
	"thread_owner":    {"GET": true},
	"messages":        {"POST": true},
	// Conversation Routing (formerly Handover Protocol) edges: create only, in the reference pages and in
	// Meta's SDK specification.
	"pass_thread_control":    {"POST": true},
	"take_thread_control":    {"POST": true},
	"request_thread_control": {"POST": true},

	// The Messenger Profile API reference and the spec: GET, POST, DELETE.
	"messenger_profile":      {"GET": true, "POST": true, "DELETE": true},
	"release_thread_control": {"POST": true},
}

// handle authenticates and dispatches the request under e.mu: the handlers
// are quick and holding the lock keeps each request atomic.
func (e *Emulator) handle(in *incoming) *response {
	if in.bodyErr != nil {
		return errResponse(in.bodyErr)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if g := e.authenticate(in); g != nil {
		return errResponse(g)
	}
	rt := in.route
	switch {
	case rt.extra != "":
		// assumption: like Meta, 2500 for path components it cannot parse.
		return errResponse(errUnknownPath(rt.extra))
	case rt.nodeID == "":
		// assumption: the bare root (no batch support) is answered as an
		// unsupported request on no object.
		return errResponse(errUnsupportedMethod(in.method))
	}
	if rt.endpoint == EndpointApp {
		if in.method != http.MethodGet {
			return errResponse(errUnsupportedMethod(in.method))
		}
		return e.handleApp(in)
	}
	if rt.endpoint == EndpointMe {
		if in.method != http.MethodGet {
			// assumption: updating the token's account is not modelled.
			return errResponse(errUnsupportedMethod(in.method))
		}
		return e.handleMe(in)
	}
	switch rt.endpoint {
	case EndpointMeAccounts:
		return e.handleMeAccounts(in)
	case EndpointOwnedPages, EndpointClientPages:
		return e.handleBusinessPages(in)
	}
	pg := e.pages[rt.nodeID]
	if pg == nil {
		return errResponse(errNoObject(in.method, rt.nodeID))
	}
	if rt.edge == "" {
		if in.method != http.MethodGet {
			// assumption: updating the Page node is not modelled.
			return errResponse(errUnsupportedMethod(in.method))
		}
		return e.handlePage(in, pg)
	}
	methods, ok := edgeMethods[rt.edge]
	if !ok {
		// assumption: like Meta, an unknown edge is an unknown field of the Page.
		return errResponse(errUnknownField(rt.edge, "Page"))
	}
	if !methods[in.method] {
		return errResponse(errUnsupportedMethod(in.method))
	}
	if g := requirePageToken(in, pg.id); g != nil {
		return errResponse(g)
	}
	switch rt.edge {
	case "agencies":
		return e.handleAgencies(in, pg)
	case "assigned_users":
		return e.handleAssignedUsers(in, pg)
	case "subscribed_apps":
		return e.handleSubscribedApps(in, pg)
	case "messenger_profile":
		return e.handleMessengerProfile(in, pg)
	case "conversations":
		return e.handleConversations(in, pg)
	case "thread_owner":
		return e.handleThreadOwner(in, pg)
	case "pass_thread_control", "take_thread_control", "request_thread_control", "release_thread_control":
		return e.handleThreadControl(in, pg, strings.TrimSuffix(rt.edge, "_thread_control"))
	default:
		return e.handleMessages(in, pg)
	}
}
