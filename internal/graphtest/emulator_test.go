package graphtest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestStartURL(t *testing.T) {
	if New(Options{}).URL() != "" {
		t.Fatal("URL of an unstarted emulator must be empty")
	}
	e := Start(t, Options{})
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`).MatchString(e.URL()) {
		t.Fatalf("URL = %q", e.URL())
	}
}

func TestListenLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.com:80", "nonsense"} {
		if _, err := New(Options{}).Listen(addr); err == nil {
			t.Errorf("Listen(%q) succeeded, want refusal", addr)
		}
	}
	e := New(Options{})
	base, err := e.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.URL() != base || !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("base %q, URL %q", base, e.URL())
	}
	if _, err := e.Listen("127.0.0.1:0"); err == nil {
		t.Fatal("second Listen succeeded")
	}
	e.AddPage(pageA, "Page A")
	e.AddUser("u", pageA)
	wantOK(t, get(t, base+"/v19.0/"+pageA, withBearer("u")))
	e.Close()
	e.Close() // idempotent
	if _, err := e.Listen("127.0.0.1:0"); err == nil {
		t.Fatal("Listen after Close succeeded")
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/v19.0/"+pageA, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := http.DefaultClient.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Fatal("server still answers after Close")
	}
}

func TestServeHTTPWithoutServer(t *testing.T) {
	e := New(Options{})
	e.AddPage(pageA, "Page A")
	e.AddUser("u", pageA)
	req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/v19.0/"+pageA+"?fields=id,name", nil)
	req.Header.Set("Authorization", "Bearer u")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"name":"Page A"`) {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
}

// Meta serves a call to an expired version on the oldest usable one and
// names that one in facebook-api-version
// (developers.facebook.com/docs/apps/versions/).
func TestExpiredVersionIsServedOnTheOldestUsableOne(t *testing.T) {
	at := func(y int, m time.Month, d int) func() time.Time {
		return func() time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	}
	for _, tc := range []struct {
		now       func() time.Time
		path      string
		wantServe string
	}{
		{at(2026, time.December, 1), "/v19.0/", "v21.0"}, // v19.0 and v20.0 have expired
		{at(2026, time.May, 20), "/v19.0/", "v19.0"},     // the day before v19.0 expired
		{at(2026, time.May, 21), "/v19.0/", "v20.0"},     // the day it expired
		{at(2026, time.December, 1), "/v2.12/", "v21.0"}, // long gone
		{at(2026, time.December, 1), "/v26.0/", "v26.0"},
		{at(2026, time.December, 1), "/v99.0/", "v99.0"}, // newer than the table
		{at(2026, time.December, 1), "/", "v21.0"},       // the app default moves forward too
	} {
		f := newFx(t, Options{Now: tc.now})
		r := get(t, f.e.URL()+tc.path+pageA, withBearer(userToken))
		wantOK(t, r)
		if got := r.Header.Get("facebook-api-version"); got != tc.wantServe {
			t.Errorf("%s at %s: facebook-api-version = %q, want %q", tc.path, tc.now().Format(time.DateOnly), got, tc.wantServe)
		}
	}
}

func TestVersionedAndUnversionedPaths(t *testing.T) {
	f := newFx(t, Options{})
	for _, path := range []string{"/v19.0/" + pageA, "/v2.12/" + pageA, "/" + pageA, "/v19.0/" + pageA + "/"} {
		r := get(t, f.e.URL()+path, withBearer(userToken))
		body := wantOK(t, r)
		if body["id"] != pageA {
			t.Errorf("%s: %v", path, body)
		}
	}
	r := get(t, f.e.URL()+"/v26.0/"+pageA, withBearer(userToken))
	if r.Header.Get("facebook-api-version") != "v26.0" {
		t.Errorf("facebook-api-version = %q, want the version asked for", r.Header.Get("facebook-api-version"))
	}
	// "v19" is not a version, so it is read as an object id.
	wantMsg(t, get(t, f.e.URL()+"/v19/"+pageA, withBearer(userToken)), 400, 100, 33,
		"Unsupported get request. Object with ID 'v19' does not exist, cannot be loaded due to missing permissions, or does not support this operation.")
}

func TestUnknownObject(t *testing.T) {
	f := newFx(t, Options{})
	e := wantMsg(t, get(t, f.base+"/999/agencies", withBearer(f.tokA)), 400, 100, 33,
		"Unsupported get request. Object with ID '999' does not exist, cannot be loaded due to missing permissions, or does not support this operation.")
	if e.Type != "GraphMethodException" {
		t.Errorf("type = %q", e.Type)
	}
	wantMsg(t, postForm(t, f.base+"/999/messages", nil, withBearer(f.tokA)), 400, 100, 33,
		"Unsupported post request. Object with ID '999' does not exist, cannot be loaded due to missing permissions, or does not support this operation.")
	wantErr(t, get(t, f.base+"/999", withBearer(userToken)), 400, 100, 33)
}

func TestUnknownPathAndEdge(t *testing.T) {
	f := newFx(t, Options{})
	wantMsg(t, get(t, f.base+"/"+pageA+"/agencies/extra/x", withBearer(f.tokA)), 400, 2500, 0, "Unknown path components: /extra/x")
	wantMsg(t, get(t, f.base+"/"+pageA+"/feed", withBearer(f.tokA)), 400, 100, 0,
		"(#100) Tried accessing nonexisting field (feed) on node type (Page)")
	wantErr(t, get(t, f.e.URL()+"/v19.0/", withBearer(f.tokA)), 400, 100, 0)
	wantErr(t, get(t, f.e.URL()+"/v19.0//agencies", withBearer(f.tokA)), 400, 2500, 0)
}

func TestUnsupportedMethods(t *testing.T) {
	f := newFx(t, Options{})
	cases := []struct{ method, path, verb string }{
		{http.MethodDelete, "/thread_owner", "delete"},
		{http.MethodPost, "/thread_owner", "post"},
		{http.MethodPost, "/conversations", "post"},
		{http.MethodDelete, "/conversations", "delete"},
		{http.MethodGet, "/messages", "get"},
		{http.MethodDelete, "/messages", "delete"},
		{http.MethodPut, "/agencies", "put"},
		{http.MethodPatch, "/agencies", "patch"},
		{http.MethodPost, "", "post"},
		{http.MethodDelete, "", "delete"},
	}
	for _, c := range cases {
		r := do(t, c.method, f.base+"/"+pageA+c.path, nil, "", withBearer(f.tokA))
		e := wantErr(t, r, 400, 100, 0)
		if !strings.HasPrefix(e.Message, "Unsupported "+c.verb+" request.") || e.Type != "GraphMethodException" {
			t.Errorf("%s %s: %q (%s)", c.method, c.path, e.Message, e.Type)
		}
	}
}

func TestErrorEnvelopeShape(t *testing.T) {
	f := newFx(t, Options{})
	r1 := get(t, f.base+"/"+pageA+"/agencies")
	r2 := get(t, f.base+"/"+pageA+"/agencies")
	var env map[string]map[string]any
	if err := json.Unmarshal(r1.Body, &env); err != nil {
		t.Fatal(err)
	}
	wantKeys(t, env["error"], "message", "type", "code", "is_transient", "fbtrace_id")
	if env["error"]["is_transient"] != false {
		t.Errorf("is_transient = %v", env["error"]["is_transient"])
	}
	if !strings.HasPrefix(r1.Header.Get("Content-Type"), "application/json") {
		t.Errorf("Content-Type = %q", r1.Header.Get("Content-Type"))
	}
	if r1.apiErr(t).FBTraceID == r2.apiErr(t).FBTraceID {
		t.Error("fbtrace_id repeated across responses")
	}
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{23}$`).MatchString(r1.Header.Get("x-fb-trace-id")) {
		t.Errorf("x-fb-trace-id = %q", r1.Header.Get("x-fb-trace-id"))
	}
	if !strings.Contains(r1.Header.Get("WWW-Authenticate"), `"invalid_token"`) {
		t.Errorf("WWW-Authenticate = %q", r1.Header.Get("WWW-Authenticate"))
	}
	// Success answers carry a trace id too.
	if get(t, f.base+"/"+pageA, withBearer(userToken)).Header.Get("x-fb-trace-id") == "" {
		t.Error("no x-fb-trace-id on success")
	}
}

func TestUsageHeaders(t *testing.T) {
	f := newFx(t, Options{})
	var u struct {
		CallCount int `json:"call_count"`
		CPU       int `json:"total_cputime"`
		Time      int `json:"total_time"`
	}
	// Unauthenticated and user-token calls: X-App-Usage only.
	for _, r := range []result{get(t, f.base+"/"+pageA), get(t, f.base+"/"+pageA, withBearer(userToken))} {
		if err := json.Unmarshal([]byte(r.Header.Get("X-App-Usage")), &u); err != nil {
			t.Fatalf("X-App-Usage %q: %v", r.Header.Get("X-App-Usage"), err)
		}
		if u.CallCount < 0 || u.CallCount > 5 {
			t.Errorf("default call_count = %d, want small", u.CallCount)
		}
		if r.Header.Get("X-Business-Use-Case-Usage") != "" || r.Header.Get("X-Page-Usage") != "" {
			t.Error("page usage headers on a non-page-token call")
		}
	}
	f.e.SetUsage(42, 77)
	r := get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
	_ = json.Unmarshal([]byte(r.Header.Get("X-App-Usage")), &u)
	if u.CallCount != 42 {
		t.Errorf("X-App-Usage = %s", r.Header.Get("X-App-Usage"))
	}
	_ = json.Unmarshal([]byte(r.Header.Get("X-Page-Usage")), &u)
	if u.CallCount != 77 || u.CPU != 77 || u.Time != 77 {
		t.Errorf("X-Page-Usage = %s", r.Header.Get("X-Page-Usage"))
	}
	var buc map[string][]map[string]any
	if err := json.Unmarshal([]byte(r.Header.Get("X-Business-Use-Case-Usage")), &buc); err != nil {
		t.Fatalf("BUC %q: %v", r.Header.Get("X-Business-Use-Case-Usage"), err)
	}
	entry := buc[pageA][0]
	if entry["type"] != "pages" || entry["call_count"] != 77.0 || entry["estimated_time_to_regain_access"] != 0.0 {
		t.Errorf("BUC = %v", buc)
	}
	r = get(t, f.base+"/"+pageA+"/thread_owner"+q("recipient", psidA), withBearer(f.tokA))
	_ = json.Unmarshal([]byte(r.Header.Get("X-Business-Use-Case-Usage")), &buc)
	if buc[pageA][0]["type"] != "messenger" {
		t.Errorf("BUC type for thread_owner = %v", buc)
	}
}

func TestLatency(t *testing.T) {
	f := newFx(t, Options{Latency: 60 * time.Millisecond})
	start := time.Now()
	wantOK(t, get(t, f.base+"/"+pageA, withBearer(userToken)))
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Fatalf("answered in %v, want >= 60ms", d)
	}
}

func TestSetLatencyAppliesToLaterRequests(t *testing.T) {
	f := newFx(t, Options{})
	timed := func() time.Duration {
		start := time.Now()
		wantOK(t, get(t, f.base+"/"+pageA, withBearer(userToken)))
		return time.Since(start)
	}
	if d := timed(); d >= 60*time.Millisecond {
		t.Fatalf("answered in %v before any latency was set", d)
	}
	f.e.SetLatency(80 * time.Millisecond)
	if d := timed(); d < 80*time.Millisecond {
		t.Fatalf("answered in %v, want >= 80ms after SetLatency", d)
	}
	f.e.SetLatency(0)
	if d := timed(); d >= 60*time.Millisecond {
		t.Fatalf("answered in %v after SetLatency(0)", d)
	}
}

func TestLatencyRespectsCancellation(t *testing.T) {
	answered := make(chan Request, 1)
	f := newFx(t, Options{Latency: 10 * time.Second, OnRequest: func(r Request) { answered <- r }})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, f.base+"/"+pageA, nil)
	wantDeadlineExceeded(t, req)
	select {
	case r := <-answered:
		if r.Status != 0 {
			t.Fatalf("%+v", r)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("latency ignored the cancellation")
	}
}

func TestMetaErrorUnknownCode(t *testing.T) {
	g := MetaError(424242)
	if g.Code != 424242 || g.Message != "(#424242) An error occurred" || g.Type != "OAuthException" || g.IsTransient {
		t.Fatalf("%+v", g)
	}
	if g := MetaError(551); g.Subcode != 1545041 {
		t.Fatalf("%+v", g)
	}
}

func TestCloseEndsDelays(t *testing.T) {
	e := New(Options{})
	e.AddPage(pageA, "A")
	e.InjectFault(Fault{Delay: time.Hour})
	// Served as Start serves it, but saying when a request reached it.
	arrived := make(chan struct{})
	var once sync.Once
	e.testSrv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(arrived) })
		e.ServeHTTP(w, r)
	}))
	e.baseURL = e.testSrv.URL
	t.Cleanup(e.Close)
	done := make(chan error, 1)
	go func() {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, e.URL()+"/v19.0/"+pageA, nil)
		if err == nil {
			var resp *http.Response
			if resp, err = http.DefaultClient.Do(req); err == nil {
				_ = resp.Body.Close()
			}
		}
		done <- err
	}()
	<-arrived
	start := time.Now()
	e.Close() // returns once the request's handler has, so it is logged
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("Close took %v", d)
	}
	// The delayed request is dropped, not answered with an empty 200.
	if err := <-done; err == nil {
		t.Fatal("delayed request got an answer after Close")
	}
	if r := e.Requests()[0]; r.Status != 0 {
		t.Fatalf("logged status %d, want 0", r.Status)
	}
}
