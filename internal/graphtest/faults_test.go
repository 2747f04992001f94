package graphtest

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestFaultErrorEnvelope(t *testing.T) {
	f := newFx(t, Options{})
	f.e.InjectFault(Fault{Error: &GraphError{Message: "boom", Code: 1, Subcode: 99, UserTitle: "Oops", UserMsg: "Try later", IsTransient: true}, Times: 1})
	r := get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
	e := wantErr(t, r, 400, 1, 99) // default status 400 with Error
	if e.Message != "boom" || e.Type != "OAuthException" || e.UserTitle != "Oops" || e.UserMsg != "Try later" || !e.IsTransient {
		t.Fatalf("%+v", e)
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || r.Header.Get("X-App-Usage") == "" {
		t.Fatalf("headers %v", r.Header)
	}
	wantOK(t, get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))) // Times 1: over

	f.e.InjectFault(Fault{Status: 503, Error: &GraphError{Message: "x", Type: "GraphMethodException", Code: 2}, Times: 1})
	if e := wantMsg(t, get(t, f.base+"/"+pageA, withBearer(userToken)), 503, 2, 0, "x"); e.Type != "GraphMethodException" {
		t.Fatalf("%+v", e)
	}
}

func TestFaultRawBodies(t *testing.T) {
	f := newFx(t, Options{})
	html := "<html><body>502 Bad Gateway</body></html>"
	f.e.InjectFault(Fault{Body: html, Times: 1})
	r := get(t, f.base+"/"+pageA, withBearer(userToken))
	if r.Status != 500 || string(r.Body) != html || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %q %q", r.Status, r.Body, r.Header.Get("Content-Type"))
	}
	f.e.InjectFault(Fault{Status: 200, Body: `{"data": [{"id": "1"`, Times: 1})
	r = get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
	if r.Status != 200 || string(r.Body) != `{"data": [{"id": "1"` || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %q %q", r.Status, r.Body, r.Header.Get("Content-Type"))
	}
	// Status alone: empty body.
	f.e.InjectFault(Fault{Status: 502, Times: 1})
	if r = get(t, f.base+"/"+pageA, withBearer(userToken)); r.Status != 502 || len(r.Body) != 0 {
		t.Fatalf("%d %q", r.Status, r.Body)
	}
	// A raw error envelope is logged with its code.
	f.e.InjectFault(Fault{Body: `{"error":{"message":"x","code":17}}`, Times: 1})
	get(t, f.base+"/"+pageA, withBearer(userToken))
	reqs := f.e.Requests()
	if last := reqs[len(reqs)-1]; last.Status != 500 || last.ErrorCode != 17 {
		t.Fatalf("%+v", last)
	}
	if reqs[0].Status != 500 || reqs[0].ErrorCode != 0 || reqs[2].Status != 502 {
		t.Fatalf("%+v", reqs)
	}
}

func TestFaultMatching(t *testing.T) {
	f := newFx(t, Options{})
	f.e.AddRecipient(pageA, psidA)
	f.e.InjectFault(Fault{Method: "post", Endpoint: EndpointAgencies, PageID: pageA, Error: MetaError(2)})
	// Other method, endpoint or page: untouched.
	wantOK(t, get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA)))
	wantOK(t, postForm(t, f.base+"/"+pageB+"/agencies", url.Values{"business": {bizA}}, withBearer(f.tokB)))
	wantOK(t, get(t, f.base+"/"+pageA+"/thread_owner"+q("recipient", psidA), withBearer(f.tokA)))
	// Matching: the fault wins even over what would be an auth error
	// (faults are applied before handling).
	wantErr(t, postForm(t, f.base+"/"+pageA+"/agencies", url.Values{"business": {bizA}}, withBearer(f.tokA)), 400, 2, 0)
	wantErr(t, postForm(t, f.base+"/"+pageA+"/agencies", url.Values{"business": {bizA}}), 400, 2, 0)
	if len(f.e.Agencies(pageA)) != 0 {
		t.Fatal("a before-handling fault let the state change")
	}
	f.e.ClearFaults()
	wantOK(t, postForm(t, f.base+"/"+pageA+"/agencies", url.Values{"business": {bizA}}, withBearer(f.tokA)))

	// Endpoint matching works on the page node and unknown pages.
	f.e.InjectFault(Fault{Endpoint: EndpointPage, PageID: "999", Error: MetaError(1), Times: 1})
	wantErr(t, get(t, f.base+"/999", withBearer(userToken)), 400, 1, 0)
}

func TestFaultSkipTimes(t *testing.T) {
	f, _ := fiveAgencies(t, Options{MaxLimit: 1})
	// Fail page 3 of 5.
	f.e.InjectFault(Fault{Endpoint: EndpointAgencies, Skip: 2, Times: 1, Error: MetaError(2)})
	next := f.base + "/" + pageA + "/agencies"
	var statuses []int
	for i := 0; i < 6 && next != ""; i++ {
		r := get(t, next, withBearer(f.tokA))
		statuses = append(statuses, r.Status)
		if r.Status != 200 {
			continue // retry the same page
		}
		next, _ = pagingOf(t, r.JSON)["next"].(string)
		if _, ok := r.JSON["paging"].(map[string]any)["next"]; !ok {
			next = ""
		}
	}
	if got, _ := json.Marshal(statuses); string(got) != "[200,200,400,200,200,200]" {
		t.Fatalf("statuses %s", got)
	}

	// Times 0: forever.
	f.e.ClearFaults()
	f.e.InjectFault(Fault{Endpoint: EndpointAgencies, Error: MetaError(1)})
	for i := 0; i < 5; i++ {
		wantErr(t, get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA)), 400, 1, 0)
	}

	// Several faults: each counts matching requests on its own; the first
	// active one in registration order applies.
	f.e.ClearFaults()
	f.e.InjectFault(Fault{Endpoint: EndpointAgencies, Times: 1, Error: MetaError(4)})
	f.e.InjectFault(Fault{Endpoint: EndpointAgencies, Skip: 1, Times: 2, Error: MetaError(17)})
	var codes []int
	for i := 0; i < 4; i++ {
		r := get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
		code := 0
		if r.Status != 200 {
			code = r.apiErr(t).Code
		}
		codes = append(codes, code)
	}
	if got, _ := json.Marshal(codes); string(got) != "[4,17,17,0]" {
		t.Fatalf("codes %s", got)
	}
}

func TestFaultHeadersAndDelayOnly(t *testing.T) {
	f := newFx(t, Options{})
	f.e.InjectFault(Fault{Headers: map[string]string{"X-App-Usage": `{"call_count":95,"total_cputime":1,"total_time":1}`, "X-Custom": "p={page-id}"}, Delay: 30 * time.Millisecond, Times: 1})
	start := time.Now()
	r := get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
	wantOK(t, r) // real answer, decorated
	if time.Since(start) < 30*time.Millisecond || !strings.Contains(r.Header.Get("X-App-Usage"), `"call_count":95`) || r.Header.Get("X-Custom") != "p="+pageA {
		t.Fatalf("%v", r.Header)
	}
}

func TestThrottle(t *testing.T) {
	f := newFx(t, Options{})
	th := Throttle(80001, 7)
	th.Times = 2
	f.e.InjectFault(th)
	for i := 0; i < 2; i++ {
		r := get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA))
		e := wantMsg(t, r, 400, 80001, 0, "(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.")
		if e.Type != "OAuthException" || !e.IsTransient {
			t.Fatalf("%+v", e)
		}
		var app map[string]int
		if err := json.Unmarshal([]byte(r.Header.Get("X-App-Usage")), &app); err != nil || app["call_count"] != 100 {
			t.Fatalf("X-App-Usage %q", r.Header.Get("X-App-Usage"))
		}
		if err := json.Unmarshal([]byte(r.Header.Get("X-Page-Usage")), &app); err != nil || app["call_count"] != 100 {
			t.Fatalf("X-Page-Usage %q", r.Header.Get("X-Page-Usage"))
		}
		var buc map[string][]map[string]any
		if err := json.Unmarshal([]byte(r.Header.Get("X-Business-Use-Case-Usage")), &buc); err != nil {
			t.Fatalf("BUC %q", r.Header.Get("X-Business-Use-Case-Usage"))
		}
		entry := buc[pageA][0]
		if entry["type"] != "pages" || entry["call_count"] != 100.0 || entry["total_time"] != 100.0 || entry["estimated_time_to_regain_access"] != 7.0 {
			t.Fatalf("BUC %v", buc)
		}
	}
	wantOK(t, get(t, f.base+"/"+pageA+"/agencies", withBearer(f.tokA)))

	// No regain time: the key is absent. Messenger throttling is typed so.
	th = Throttle(80006, 0)
	th.Times = 1
	f.e.InjectFault(th)
	r := get(t, f.base+"/"+pageA+"/conversations", withBearer(f.tokA))
	wantErr(t, r, 400, 80006, 0)
	var buc map[string][]map[string]any
	_ = json.Unmarshal([]byte(r.Header.Get("X-Business-Use-Case-Usage")), &buc)
	if _, ok := buc[pageA][0]["estimated_time_to_regain_access"]; ok || buc[pageA][0]["type"] != "messenger" {
		t.Fatalf("BUC %v", buc)
	}

	for code, msg := range map[int]string{4: "(#4) Application request limit reached", 17: "(#17) User request limit reached", 32: "(#32) Page request limit reached", 613: "(#613) Calls to this api have exceeded the rate limit.", 341: "(#341) Application limit reached"} {
		th := Throttle(code, 1)
		if th.Status != 400 || th.Error.Code != code || th.Error.Message != msg || !th.Error.IsTransient || th.Error.Type != "OAuthException" {
			t.Errorf("Throttle(%d) = %+v", code, th.Error)
		}
	}
}

func TestFaultAfterHandling(t *testing.T) {
	f := newFx(t, Options{})
	agencies := f.base + "/" + pageA + "/agencies"
	form := url.Values{"business": {bizA}, "permitted_tasks": {`["MANAGE"]`}}
	f.e.InjectFault(Fault{Method: "POST", Endpoint: EndpointAgencies, AfterHandling: true, Status: 504, Body: "<html>Gateway Timeout</html>", Times: 1})
	if r := postForm(t, agencies, form, withBearer(f.tokA)); r.Status != 504 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	// The request reached the server: the agency exists, and a retry meets 3989.
	if _, ok := f.e.Agency(pageA, bizA); !ok {
		t.Fatal("AfterHandling fault did not let the state change")
	}
	wantErr(t, postForm(t, agencies, form, withBearer(f.tokA)), 400, 3989, 0)

	// AfterHandling with an error envelope, and a pure delay after handling.
	f.e.InjectFault(Fault{Method: "DELETE", AfterHandling: true, Error: MetaError(2), Times: 1})
	wantErr(t, del(t, agencies+q("business", bizA), withBearer(f.tokA)), 400, 2, 0)
	if _, ok := f.e.Agency(pageA, bizA); ok {
		t.Fatal("delete not applied")
	}
	f.e.InjectFault(Fault{AfterHandling: true, Delay: 20 * time.Millisecond, Times: 1})
	wantOK(t, postForm(t, agencies, form, withBearer(f.tokA)))
}

func TestFaultResetConnection(t *testing.T) {
	f := newFx(t, Options{})
	agencies := f.base + "/" + pageA + "/agencies"
	form := url.Values{"business": {bizA}}

	check := func(name string) {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, agencies, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Authorization", "Bearer "+f.tokA)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			_ = resp.Body.Close()
		}
		if err == nil {
			t.Fatalf("%s: no transport error", name)
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) && !strings.Contains(err.Error(), "EOF") && !strings.Contains(err.Error(), "reset") {
			t.Fatalf("%s: unexpected error %v", name, err)
		}
	}
	// Before handling: nothing happens server-side.
	f.e.InjectFault(Fault{ResetConnection: true, Times: 1})
	check("before")
	if len(f.e.Agencies(pageA)) != 0 {
		t.Fatal("state changed")
	}
	// With an error envelope to cut.
	f.e.InjectFault(Fault{ResetConnection: true, Error: MetaError(2), Times: 1})
	check("error")
	// After handling: the state change happened, the answer was lost.
	f.e.InjectFault(Fault{ResetConnection: true, AfterHandling: true, Times: 1})
	check("after")
	if _, ok := f.e.Agency(pageA, bizA); !ok {
		t.Fatal("AfterHandling reset did not apply the change")
	}
	// The server keeps serving new connections.
	wantErr(t, postForm(t, agencies, form, withBearer(f.tokA)), 400, 3989, 0)
	reqs := f.e.Requests()
	if len(reqs) != 4 || reqs[0].Status != 500 || reqs[1].ErrorCode != 2 || reqs[2].Status != 200 {
		t.Fatalf("%+v", reqs)
	}
}

func TestFaultResetConnectionRecorder(t *testing.T) {
	e := New(Options{})
	e.AddPage(pageA, "A")
	e.InjectFault(Fault{ResetConnection: true, Error: MetaError(2)})
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/v19.0/"+pageA, nil))
	if rec.Code != 400 || json.Valid(rec.Body.Bytes()) || rec.Body.Len() == 0 || !strings.HasPrefix(rec.Body.String(), `{"error":`) {
		t.Fatalf("%d %q", rec.Code, rec.Body)
	}
}

func TestFaultDelayContextCancel(t *testing.T) {
	answered := make(chan Request, 10)
	f := newFx(t, Options{OnRequest: func(r Request) { answered <- r }})
	f.e.InjectFault(Fault{Delay: 10 * time.Second, Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 80*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, f.base+"/"+pageA+"/agencies", strings.NewReader("business="+bizA))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+f.tokA)
	start := time.Now()
	wantDeadlineExceeded(t, req)
	// The server notices the cancellation, logs no answer, changes nothing.
	select {
	case r := <-answered:
		if r.Status != 0 || r.ErrorCode != 0 {
			t.Fatalf("%+v", r)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the delay ignored the cancellation")
	}
	if time.Since(start) > 3*time.Second || len(f.e.Agencies(pageA)) != 0 || f.e.Requests()[0].Status != 0 {
		t.Fatalf("after %v: %v / %+v", time.Since(start), f.e.Agencies(pageA), f.e.Requests()[0])
	}
	// Without cancellation the delay passes and the fault answers.
	f.e.InjectFault(Fault{Delay: 40 * time.Millisecond, Error: MetaError(1), Times: 1})
	start = time.Now()
	wantErr(t, get(t, f.base+"/"+pageA, withBearer(userToken)), 400, 1, 0)
	if time.Since(start) < 40*time.Millisecond {
		t.Fatal("no delay")
	}
}

func TestInjectFaultCopiesHeaders(t *testing.T) {
	f := newFx(t, Options{})
	h := map[string]string{"X-A": "1"}
	f.e.InjectFault(Fault{Headers: h, Times: 1})
	h["X-A"] = "2"
	if r := get(t, f.base+"/"+pageA, withBearer(userToken)); r.Header.Get("X-A") != "1" {
		t.Fatalf("%v", r.Header)
	}
}
