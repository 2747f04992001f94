package graphtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// Test identifiers. Pages and businesses are numeric like Graph IDs.
const (
	pageA     = "111000000000001"
	pageB     = "111000000000002"
	bizA      = "222000000000001"
	bizB      = "222000000000002"
	bizC      = "222000000000003"
	userToken = "user-token-with-role"
	userNoRol = "user-token-without-role"
	psidA     = "333000000000001"
	psidB     = "333000000000002"
)

// fx is a started emulator with two pages, two users and three businesses.
type fx struct {
	t         *testing.T
	e         *Emulator
	base      string // base URL + "/v19.0"
	tokA      string // page token of pageA
	tokB      string // page token of pageB
	userToken string
}

func newFx(t *testing.T, opts Options) *fx {
	t.Helper()
	e := Start(t, opts)
	f := &fx{t: t, e: e, base: e.URL() + "/v19.0", userToken: userToken}
	f.tokA = e.AddPage(pageA, "Page A")
	f.tokB = e.AddPage(pageB, "Page B")
	e.AddUser(userToken, pageA)
	e.AddUser(userNoRol)
	e.AddBusiness(bizA, "Agency A")
	e.AddBusiness(bizB, "Agency B")
	e.AddBusiness(bizC, "")
	return f
}

// result is an HTTP answer with its body decoded when it is JSON.
type result struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any
}

// apiErr is the decoded error envelope, with presence flags for the
// optional members.
type apiErr struct {
	Message, Type, FBTraceID string
	Code, Subcode            int
	HasSubcode, HasTransient bool
	IsTransient              bool
	UserTitle, UserMsg       string
}

type reqOpt func(*http.Request)

func withBearer(tok string) reqOpt {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
}

func withHeader(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }

func do(t *testing.T, method, rawURL string, body io.Reader, ctype string, opts ...reqOpt) result {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, rawURL, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for _, o := range opts {
		o(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, rawURL, err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, rawURL, err)
	}
	r := result{Status: resp.StatusCode, Header: resp.Header, Body: b}
	_ = json.Unmarshal(b, &r.JSON)
	return r
}

func get(t *testing.T, rawURL string, opts ...reqOpt) result {
	t.Helper()
	return do(t, http.MethodGet, rawURL, nil, "", opts...)
}

func postForm(t *testing.T, rawURL string, form url.Values, opts ...reqOpt) result {
	t.Helper()
	return do(t, http.MethodPost, rawURL, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", opts...)
}

func postJSON(t *testing.T, rawURL string, v any, opts ...reqOpt) result {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return do(t, http.MethodPost, rawURL, bytes.NewReader(b), "application/json", opts...)
}

func del(t *testing.T, rawURL string, opts ...reqOpt) result {
	t.Helper()
	return do(t, http.MethodDelete, rawURL, nil, "", opts...)
}

// q builds "?k=v&..." from pairs.
func q(pairs ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return "?" + v.Encode()
}

func (r result) apiErr(t *testing.T) apiErr {
	t.Helper()
	var env struct {
		Error map[string]json.RawMessage `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &env); err != nil || env.Error == nil {
		t.Fatalf("not an error envelope (status %d): %s", r.Status, r.Body)
	}
	var e apiErr
	str := func(k string) string {
		var s string
		if raw, ok := env.Error[k]; ok {
			_ = json.Unmarshal(raw, &s)
		}
		return s
	}
	num := func(k string) (int, bool) {
		var n int
		raw, ok := env.Error[k]
		if ok {
			_ = json.Unmarshal(raw, &n)
		}
		return n, ok
	}
	e.Message, e.Type, e.FBTraceID = str("message"), str("type"), str("fbtrace_id")
	e.UserTitle, e.UserMsg = str("error_user_title"), str("error_user_msg")
	e.Code, _ = num("code")
	e.Subcode, e.HasSubcode = num("error_subcode")
	if raw, ok := env.Error["is_transient"]; ok {
		e.HasTransient = true
		_ = json.Unmarshal(raw, &e.IsTransient)
	}
	return e
}

// wantErr asserts status, code and subcode, and returns the envelope.
func wantErr(t *testing.T, r result, status, code, subcode int) apiErr {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status = %d, want %d; body %s", r.Status, status, r.Body)
	}
	e := r.apiErr(t)
	if e.Code != code || e.Subcode != subcode {
		t.Fatalf("code/subcode = %d/%d, want %d/%d; body %s", e.Code, e.Subcode, code, subcode, r.Body)
	}
	if subcode == 0 && e.HasSubcode {
		t.Errorf("error_subcode present although 0: %s", r.Body)
	}
	if e.FBTraceID == "" || r.Header.Get("x-fb-trace-id") != e.FBTraceID {
		t.Errorf("fbtrace_id %q vs header %q", e.FBTraceID, r.Header.Get("x-fb-trace-id"))
	}
	if !e.HasTransient {
		t.Errorf("is_transient missing: %s", r.Body)
	}
	return e
}

// wantMsg asserts the exact message too.
func wantMsg(t *testing.T, r result, status, code, subcode int, msg string) apiErr {
	t.Helper()
	e := wantErr(t, r, status, code, subcode)
	if e.Message != msg {
		t.Fatalf("message = %q\nwant      %q", e.Message, msg)
	}
	return e
}

func wantOK(t *testing.T, r result) map[string]any {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %s", r.Status, r.Body)
	}
	if r.JSON == nil {
		t.Fatalf("body is not a JSON object: %s", r.Body)
	}
	return r.JSON
}

// field follows keys from the JSON object m and returns what it reaches as
// a T, failing the test when a step is missing or holds another type.
func field[T any](t *testing.T, m map[string]any, keys ...string) T {
	t.Helper()
	var v any = m
	for i, k := range keys {
		obj, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%v: not an object at %q", v, strings.Join(keys[:i], "."))
		}
		if v, ok = obj[k]; !ok {
			t.Fatalf("no %q in %v", strings.Join(keys[:i+1], "."), m)
		}
	}
	x, ok := v.(T)
	if !ok {
		t.Fatalf("%q is %T (%v), want %T", strings.Join(keys, "."), v, v, x)
	}
	return x
}

// keys returns the sorted keys of a JSON object.
func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func wantKeys(t *testing.T, m map[string]any, want ...string) {
	t.Helper()
	sort.Strings(want)
	got := keys(m)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("keys = %v, want %v (object %v)", got, want, m)
	}
}

// data returns body["data"] as a list of objects.
func data(t *testing.T, body map[string]any) []map[string]any {
	t.Helper()
	raw, ok := body["data"].([]any)
	if !ok {
		t.Fatalf("no data list in %v", body)
	}
	out := make([]map[string]any, len(raw))
	for i, x := range raw {
		out[i], ok = x.(map[string]any)
		if !ok {
			t.Fatalf("data[%d] is not an object: %v", i, x)
		}
	}
	return out
}

func ids(t *testing.T, items []map[string]any) []string {
	t.Helper()
	var out []string
	for _, it := range items {
		out = append(out, field[string](t, it, "id"))
	}
	return out
}

// fiveAgencies assigns bizA..bizE (in that order) to pageA.
func fiveAgencies(t *testing.T, opts Options) (*fx, []string) {
	f := newFx(t, opts)
	all := []string{bizA, bizB, bizC, "222000000000004", "222000000000005"}
	f.e.AddBusiness(all[3], "Agency D")
	f.e.AddBusiness(all[4], "Agency E")
	for _, b := range all {
		f.e.SetAgency(pageA, b, []string{"ANALYZE"})
	}
	return f, all
}

// walk follows `next` links verbatim (they carry the token) and returns the
// ids of each page and each page's body.
func walk(t *testing.T, first string, opts ...reqOpt) ([][]string, []map[string]any) {
	t.Helper()
	var pages [][]string
	var bodies []map[string]any
	next := first
	for i := 0; next != ""; i++ {
		if i > 20 {
			t.Fatal("paging does not end")
		}
		body := wantOK(t, get(t, next, opts...))
		bodies = append(bodies, body)
		pages = append(pages, ids(t, data(t, body)))
		next = ""
		if p, ok := body["paging"].(map[string]any); ok {
			next, _ = p["next"].(string)
		}
		opts = nil // later pages authenticate with the embedded token only
	}
	return pages, bodies
}

// pagingOf returns the paging object of a listing body.
func pagingOf(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	p, ok := body["paging"].(map[string]any)
	if !ok {
		t.Fatalf("no paging in %v", body)
	}
	return p
}

// mustPanic fails unless fn panics; name says what was called.
func mustPanic(t *testing.T, name string, fn func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", name)
		}
	}()
	fn()
}

// wantDeadlineExceeded sends req, whose context ends before the emulator
// answers, and fails unless the call gave up with DeadlineExceeded.
func wantDeadlineExceeded(t *testing.T, req *http.Request) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		_ = resp.Body.Close()
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
}
