package graph

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testToken     = "EAAUSERTOKENsecret123" //nolint:gosec // G101: test fixture, not a credential
	testPageToken = "EAAPAGETOKENsecret456" //nolint:gosec // G101: test fixture, not a credential
	testSecret    = "appsecret-value-789"
)

// newTestClient starts an httptest server with handler and a client with
// fast retries pointed at it.
//
//nolint:unparam // the server result is unused today, but callers in other files take it; drop it in a follow-up that edits them all
func newTestClient(t *testing.T, handler http.HandlerFunc, tune ...func(*Config)) (*Client, *httptest.Server) {
	t.Helper()
	return newServedClient(t, cannotListAccounts(handler), tune...)
}

// newListingTestClient is newTestClient whose handler also answers
// GET /me/accounts, for tests of the Page listing and its tokens.
func newListingTestClient(t *testing.T, handler http.HandlerFunc, tune ...func(*Config)) (*Client, *httptest.Server) {
	t.Helper()
	return newServedClient(t, handler, tune...)
}

// cannotListAccounts answers GET /me/accounts as Meta answers it for a Page
// token (a Page has no accounts edge), so that a test of anything else
// sees only the calls it is about: Page tokens then come from the
// per-Page exchange.
func cannotListAccounts(handler http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/me/accounts") {
			writeJSON(w, 400, `{"error":{"message":"(#100) Tried accessing nonexisting field (accounts) on node type (Page)","type":"OAuthException","code":100}}`)
			return
		}
		handler(w, r)
	}
}

func newServedClient(t *testing.T, handler http.HandlerFunc, tune ...func(*Config)) (*Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	cfg := Config{
		AccessToken:      testToken,
		BaseURL:          srv.URL,
		PageAccessTokens: map[string]string{"1": testPageToken},
		RetryWaitMin:     time.Millisecond,
		RetryWaitMax:     5 * time.Millisecond,
		RegainUnit:       10 * time.Millisecond,
	}
	for _, f := range tune {
		f(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The pacer's waits (conversation spacing, high usage) pass at once, as
	// the retry waits above are shortened: the tests of pacing install their
	// own clock (pacing_test.go).
	c.pace.sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	return c, srv
}

// captureLogger records every log line with its fields, for leak checks.
type captureLogger struct {
	mu    sync.Mutex
	lines []string
}

func (l *captureLogger) record(msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	b.WriteString(msg)
	for k, v := range fields {
		b.WriteString(" " + k + "=")
		b.WriteString(toString(v))
	}
	l.lines = append(l.lines, b.String())
}

func (l *captureLogger) Debug(_ context.Context, msg string, f map[string]any) { l.record(msg, f) }
func (l *captureLogger) Warn(_ context.Context, msg string, f map[string]any)  { l.record(msg, f) }

func (l *captureLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func toString(v any) string { return fmt.Sprint(v) }

// pageTokenForm is the form a write sent with the Page token, which it
// checks.
func pageTokenForm(t *testing.T, r *http.Request) url.Values {
	t.Helper()
	if auth := r.Header.Get("Authorization"); auth != "Bearer "+testPageToken {
		t.Errorf("Authorization %q, want the page token", auth)
	}
	body, _ := io.ReadAll(r.Body)
	form, err := url.ParseQuery(string(body))
	if err != nil {
		t.Errorf("body is not a form: %q", body)
	}
	return form
}

// failOnce answers the first call with HTTP 400 and the error body failed,
// every later one with 200 and answer, and counts the calls.
func failOnce(calls *atomic.Int32, failed, answer string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if calls.Add(1) == 1 {
			writeJSON(w, 400, failed)
			return
		}
		writeJSON(w, 200, answer)
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body)) //nolint:gosec // G705: a test server writing the test's own JSON fixture; no browser renders it
}

func assertNoSecret(t *testing.T, where, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s contains the secret %q:\n%s", where, s, text)
		}
	}
}

// shownFragmentLen is the shortest part of a secret that must never show:
// a few characters may, since a text could hold them by chance.
const shownFragmentLen = 8

// assertNoFragment fails when text, read without its whitespace (a secret
// may be cut by a line break or spaces), holds shownFragmentLen or more
// consecutive characters of a secret. It is a plain search, independent of
// the client's own.
func assertNoFragment(t *testing.T, where, text string, secrets ...string) {
	t.Helper()
	squeezed := strings.Join(strings.Fields(text), "")
	for _, s := range secrets {
		for i := 0; i+shownFragmentLen <= len(s); i++ {
			if part := s[i : i+shownFragmentLen]; strings.Contains(squeezed, part) {
				t.Errorf("%s shows %q of the secret %q:\n%s", where, part, s, text)
				break
			}
		}
	}
}

// agencyServer is a stateful /{page-id}/agencies for the listing tests:
// listings come in pages of two, writes take effect at once.
type agencyServer struct {
	t *testing.T

	mu      sync.Mutex
	pages   map[string][]string   // page id -> business ids, in order
	onList  func(r *http.Request) // called before a first listing page is answered, after the state was read
	onPage  func(after int)       // called before every listing page is answered, after the state was read
	onWrite func()                // called after a write is applied, before it is answered

	gets, writes atomic.Int32
	failGets     atomic.Int32 // GETs still to answer with a code-100 error
	writeFails   atomic.Bool  // answer writes with an error after applying them
	newestFirst  atomic.Bool  // list a new agency first rather than last
	byID         atomic.Bool  // list agencies by id
}

func newAgencyServer(t *testing.T, pages map[string][]string) (*agencyServer, *Client) {
	s := &agencyServer{t: t, pages: pages}
	c, _ := newTestClient(t, s.serve, func(cfg *Config) {
		cfg.PageAccessTokens = map[string]string{"1": testPageToken, "2": testPageToken}
	})
	return s, c
}

func (s *agencyServer) set(page string, ids ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[page] = ids
}

func (s *agencyServer) serve(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/") // v19.0, page, agencies
	if len(parts) != 3 || parts[2] != "agencies" {
		s.t.Errorf("unexpected path %s", r.URL.Path)
		w.WriteHeader(404)
		return
	}
	page := parts[1]
	if r.Method != http.MethodGet {
		s.write(w, r, page)
		return
	}
	s.gets.Add(1)
	if s.failGets.Add(-1) >= 0 {
		writeJSON(w, 400, `{"error":{"message":"(#100) listing refused","code":100,"type":"OAuthException","fbtrace_id":"L1"}}`)
		return
	}
	s.mu.Lock()
	ids := slices.Clone(s.pages[page])
	hook := s.onList
	s.mu.Unlock()
	after, _ := strconv.Atoi(r.URL.Query().Get("after"))
	if after == 0 && hook != nil {
		hook(r)
	}
	s.mu.Lock()
	pageHook := s.onPage
	s.mu.Unlock()
	if pageHook != nil {
		pageHook(after)
	}
	var items []string
	for i := after; i < after+2 && i < len(ids); i++ {
		items = append(items, fmt.Sprintf(`{"id":%q,"name":"Business %s","permitted_tasks":["ANALYZE"]}`, ids[i], ids[i]))
	}
	body := `{"data":[` + strings.Join(items, ",") + `]`
	// Cursors are offsets here; like Meta's, the last page has an after
	// cursor but no next link, and an empty page has neither.
	switch end := after + len(items); {
	case end < len(ids):
		q := r.URL.Query()
		q.Set("after", strconv.Itoa(end))
		body += fmt.Sprintf(`,"paging":{"cursors":{"after":"%d"},"next":"http://%s%s?%s"}`, end, r.Host, r.URL.Path, q.Encode())
	case len(items) > 0:
		body += fmt.Sprintf(`,"paging":{"cursors":{"after":"%d"}}`, end)
	}
	writeJSON(w, 200, body+"}")
}

func (s *agencyServer) write(w http.ResponseWriter, r *http.Request, page string) {
	s.writes.Add(1)
	_ = r.ParseForm()
	biz := r.Form.Get("business")
	s.mu.Lock()
	ids := slices.DeleteFunc(slices.Clone(s.pages[page]), func(id string) bool { return id == biz })
	switch {
	case r.Method == http.MethodPost && s.newestFirst.Load():
		ids = append([]string{biz}, ids...)
	case r.Method == http.MethodPost:
		ids = append(ids, biz)
	}
	if s.byID.Load() {
		slices.Sort(ids)
	}
	s.pages[page] = ids
	hook := s.onWrite
	s.mu.Unlock()
	if hook != nil {
		hook()
	}
	if s.writeFails.Load() {
		writeJSON(w, 400, `{"error":{"message":"(#100) answer lost","code":100,"type":"OAuthException","fbtrace_id":"W1"}}`)
		return
	}
	writeJSON(w, 200, `{"success":true}`)
}

func ids(agencies []Agency) []string {
	out := make([]string, len(agencies))
	for i, a := range agencies {
		out[i] = a.BusinessID
	}
	return out
}

// gatedAgencyServer serves s, passing every POST through gate first, so a
// test decides when each write returns.
func gatedAgencyServer(t *testing.T, s *agencyServer, gate func(r *http.Request)) *Client {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			gate(r)
		}
		s.serve(w, r)
	}, func(cfg *Config) {
		cfg.PageAccessTokens = map[string]string{"1": testPageToken, "2": testPageToken}
	})
	return c
}

// holdPage makes the first listing page that starts at offset after wait,
// once it has read the Page's state, until release is called; reached
// closes when it waits. Later pages at that offset are not held. release
// is also called at the end of the test, so that no handler is left
// blocked (the server's Close waits for it).
func (s *agencyServer) holdPage(after int) (reached <-chan struct{}, release func()) {
	r, gate := make(chan struct{}), make(chan struct{})
	release = sync.OnceFunc(func() { close(gate) })
	s.t.Cleanup(release)
	var held atomic.Bool
	s.mu.Lock()
	s.onPage = func(at int) {
		if at == after && held.CompareAndSwap(false, true) {
			close(r)
			<-gate
		}
	}
	s.mu.Unlock()
	return r, release
}

// listInBackground lists Page pageID's agencies in the background; the ids
// arrive on the channel.
func listInBackground(t *testing.T, c *Client, pageID string) <-chan []string {
	listed := make(chan []string, 1)
	go func() {
		list, err := c.ListAgencies(context.Background(), pageID)
		if err != nil {
			t.Error(err)
		}
		listed <- ids(list)
	}()
	return listed
}

// readBackJoiningTheListing reads business back from Page 1 in the
// background, waits until it has joined the listing in flight, then lets
// that listing go on (release); the agency read back arrives on the channel.
func readBackJoiningTheListing(t *testing.T, c *Client, business string, release func()) <-chan *Agency {
	readBack := make(chan *Agency, 1)
	ctx, joined := whenJoined(context.Background(), walkJoined)
	go func() {
		a, err := c.ReadBackAgency(ctx, "1", business)
		if err != nil {
			t.Error(err)
		}
		readBack <- a
	}()
	<-joined
	release()
	return readBack
}

// whenJoined returns ctx for a caller of a shared call (key: flightJoined
// or walkJoined), and a channel closed once that caller has first joined,
// started or queued for the call: the event a test waits for before it
// lets the call go on.
func whenJoined(ctx context.Context, key joinedKey) (context.Context, <-chan struct{}) {
	joined := make(chan struct{})
	return withJoined(ctx, key, sync.OnceFunc(func() { close(joined) })), joined
}

// withJoined returns ctx carrying joined, which the shared call of key
// calls each time the caller joins one (see joinedKey). joined must not
// block: a listing calls it holding its lock.
func withJoined(ctx context.Context, key joinedKey, joined func()) context.Context {
	return context.WithValue(ctx, key, joined)
}
