package graphtest

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRequestLogEntries(t *testing.T) {
	const secret = "s3cret"
	var (
		mu       sync.Mutex
		callback []Request
	)
	f := newFx(t, Options{AppSecret: secret, OnRequest: func(r Request) { mu.Lock(); callback = append(callback, r); mu.Unlock() }})
	proof := AppSecretProof(secret, f.tokA)
	start := time.Now()

	// 1: GET with everything in the query.
	get(t, f.base+"/"+pageA+"/agencies"+q("access_token", f.tokA, "appsecret_proof", proof, "fields", "id", "limit", "3"), withHeader("User-Agent", "probe/1.0"))
	// 2: form POST with token and proof in the body.
	postForm(t, f.base+"/"+pageA+"/agencies", url.Values{"access_token": {f.tokA}, "appsecret_proof": {proof}, "business": {bizA}, "permitted_tasks": {`["MANAGE"]`}})
	// 3: JSON POST, header token, proof in the body; JSON values flattened.
	postJSON(t, f.base+"/"+pageA+"/agencies", map[string]any{"appsecret_proof": proof, "business": 222000000000002, "permitted_tasks": []string{"ANALYZE"}, "flag": true}, withBearer(f.tokA))
	// 4: unversioned DELETE with no token at all.
	del(t, f.e.URL()+"/"+pageA+"/agencies"+q("business", bizA))

	reqs := f.e.Requests()
	if len(reqs) != 4 {
		t.Fatalf("%d entries", len(reqs))
	}
	r := reqs[0]
	if r.Method != "GET" || r.Endpoint != EndpointAgencies || r.PageID != pageA || r.Version != "v19.0" || r.Path != "/v19.0/"+pageA+"/agencies" ||
		r.TokenSource != "query" || r.Token != f.tokA || !r.HasProof || r.UserAgent != "probe/1.0" || r.Status != 200 || r.ErrorCode != 0 {
		t.Fatalf("entry 1: %+v", r)
	}
	if !strings.Contains(r.RawQuery, "access_token="+f.tokA) {
		t.Fatalf("RawQuery should show the token that travelled in the URL: %q", r.RawQuery)
	}
	if r.Time.Before(start) || r.Time.After(time.Now()) {
		t.Fatalf("time %v", r.Time)
	}
	if r.Params.Get("fields") != "id" || r.Params.Get("limit") != "3" {
		t.Fatalf("params %v", r.Params)
	}
	if reqs[1].TokenSource != "form" || reqs[1].RawQuery != "" || reqs[1].Params.Get("permitted_tasks") != `["MANAGE"]` || reqs[1].Status != 200 {
		t.Fatalf("entry 2: %+v", reqs[1])
	}
	p3 := reqs[2].Params
	if reqs[2].TokenSource != "header" || p3.Get("business") != "222000000000002" || p3.Get("permitted_tasks") != `["ANALYZE"]` || p3.Get("flag") != "true" {
		t.Fatalf("entry 3: %+v", reqs[2])
	}
	if r := reqs[3]; r.Version != "" || r.TokenSource != "" || r.Token != "" || r.HasProof || r.Status != 400 || r.ErrorCode != 104 || r.Method != "DELETE" {
		t.Fatalf("entry 4: %+v", r)
	}
	for i, r := range reqs {
		for _, k := range []string{"access_token", "appsecret_proof"} {
			if _, ok := r.Params[k]; ok {
				t.Errorf("entry %d: Params contain %s", i+1, k)
			}
		}
	}

	mu.Lock()
	defer mu.Unlock()
	if len(callback) != 4 || callback[3].ErrorCode != 104 || callback[0].Status != 200 {
		t.Fatalf("OnRequest got %+v", callback)
	}
}

func TestRequestLogMultipart(t *testing.T) {
	f := newFx(t, Options{})
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("access_token", f.tokA)
	_ = mw.WriteField("business", bizA)
	_ = mw.Close()
	r := do(t, http.MethodPost, f.base+"/"+pageA+"/agencies", &buf, mw.FormDataContentType())
	wantOK(t, r)
	e := f.e.Requests()[0]
	if e.TokenSource != "form" || e.Params.Get("business") != bizA || e.Params.Has("access_token") {
		t.Fatalf("%+v", e)
	}
}

func TestRequestLogBadJSONBody(t *testing.T) {
	f := newFx(t, Options{})
	for _, body := range []string{`{"business":`, `[1,2]`, `{"a":1} {"b":2}`, `null`} {
		r := do(t, http.MethodPost, f.base+"/"+pageA+"/agencies", strings.NewReader(body), "application/json", withBearer(f.tokA))
		wantErr(t, r, 400, 100, 0)
	}
	// An unknown body type carries no parameters: here, no token.
	r := do(t, http.MethodPost, f.base+"/"+pageA+"/agencies", strings.NewReader("access_token="+f.tokA), "text/plain")
	wantErr(t, r, 400, 104, 0)
}

func TestRequestLogCounters(t *testing.T) {
	f := newFx(t, Options{})
	get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
	get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
	postForm(t, f.base+"/"+pageA+"/agencies", url.Values{"business": {bizA}}, withBearer(f.tokA))
	get(t, f.base+"/"+pageA+"/conversations", withBearer(f.tokA))
	get(t, f.base+"/"+pageA+"/bogus", withBearer(f.tokA))
	get(t, f.base+"/"+pageA, withBearer(userToken))

	checks := []struct {
		method, endpoint string
		want             int
	}{
		{"GET", EndpointAgencies, 2},
		{"get", EndpointAgencies, 2},
		{"POST", EndpointAgencies, 1},
		{"", EndpointAgencies, 3},
		{"", EndpointConversations, 1},
		{"", EndpointPage, 1},
		{"DELETE", EndpointAgencies, 0},
		{"GET", "", 5},
	}
	for _, c := range checks {
		if got := f.e.Calls(c.method, c.endpoint); got != c.want {
			t.Errorf("Calls(%q, %q) = %d, want %d", c.method, c.endpoint, got, c.want)
		}
	}
	if f.e.TotalCalls() != 6 {
		t.Fatalf("TotalCalls = %d", f.e.TotalCalls())
	}
	if r := f.e.Requests()[4]; r.Endpoint != "" || r.PageID != pageA || r.ErrorCode != 100 {
		t.Fatalf("unknown edge entry %+v", r)
	}

	// Requests hands out copies.
	reqs := f.e.Requests()
	reqs[0].Params.Set("x", "y")
	reqs[0].Method = "CHANGED"
	if again := f.e.Requests()[0]; again.Method != "GET" || again.Params.Has("x") {
		t.Fatal("Requests exposes its internals")
	}

	f.e.ResetLog()
	if f.e.TotalCalls() != 0 || len(f.e.Requests()) != 0 || f.e.Calls("", "") != 0 {
		t.Fatal("ResetLog kept entries")
	}
	get(t, f.base+"/"+pageA, withBearer(userToken))
	if f.e.TotalCalls() != 1 {
		t.Fatal("log stopped after reset")
	}
}
