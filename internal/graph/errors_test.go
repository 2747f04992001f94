package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

func TestErrorEnvelopeDecoded(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, `{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"error_subcode":33,
			"error_user_title":"Bad id","error_user_msg":"The id is wrong","fbtrace_id":"AbC123","is_transient":false}}`)
	})
	_, err := c.ListAgencies(context.Background(), "1")
	var ge *Error
	if !errors.As(err, &ge) {
		t.Fatalf("want *Error, got %T: %v", err, err)
	}
	want := Error{Method: "GET", Endpoint: "/v26.0/1/agencies", HTTPStatus: 400, Message: "(#100) Invalid parameter",
		Type: "OAuthException", Code: 100, Subcode: 33, UserTitle: "Bad id", UserMsg: "The id is wrong", FBTraceID: "AbC123"}
	if *ge != want {
		t.Fatalf("decoded\n %+v\nwant\n %+v", *ge, want)
	}
	for _, part := range []string{"GET /v26.0/1/agencies", "code 100", "subcode 33", "fbtrace_id AbC123", "(#100) Invalid parameter"} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("message %q lacks %q", err.Error(), part)
		}
	}
}

func TestErrorEnvelopeWithHTTP200IsAnError(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"error":{"message":"Unsupported get request","type":"GraphMethodException","code":100,"fbtrace_id":"T200"}}`)
	})
	_, err := c.ListAgencies(context.Background(), "1")
	if !HasCode(err, 100) {
		t.Fatalf("want Graph error 100, got %v", err)
	}
}

func TestNonJSONAnswersBecomeResponseErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		status      int
		contentType string
		body        string
		problem     string
	}{
		"html page":      {502, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>", "unexpected status"},
		"malformed json": {200, "application/json", `{"data": [ {"id": "1", `, "not valid JSON"},
		"truncated":      {200, "application/json", `{"data":[{"id":"1","name":"A"}],"pag`, "not valid JSON"},
	} {
		t.Run(name, func(t *testing.T) {
			c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				w.Header().Set("x-fb-trace-id", "TRACE9")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}, func(cfg *Config) { cfg.MaxRetries = -1 })
			_, err := c.ListAgencies(context.Background(), "1")
			var re *ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("want *ResponseError, got %T: %v", err, err)
			}
			if re.HTTPStatus != tc.status || re.FBTraceID != "TRACE9" || !strings.Contains(re.Problem, tc.problem) {
				t.Fatalf("got %+v", re)
			}
			if !strings.Contains(err.Error(), "GET /v26.0/1/agencies") {
				t.Fatalf("message lacks the endpoint: %v", err)
			}
		})
	}
}

func TestThrottledClassification(t *testing.T) {
	// The codes Meta documents as rate limiting, with HTTP 400
	// (https://developers.facebook.com/docs/graph-api/overview/rate-limiting/,
	// https://developers.facebook.com/docs/graph-api/guides/error-handling/):
	// the one place a test states the list instead of taking ThrottlingCodes.
	// 80002 is the Instagram account limit.
	if got, want := ThrottlingCodes(), []int{4, 17, 32, 341, 613, 80001, 80002, 80006}; !slices.Equal(got, want) {
		t.Errorf("ThrottlingCodes() = %v, want %v", got, want)
	}
	for _, code := range ThrottlingCodes() {
		if !(&Error{Code: code}).Throttled() {
			t.Errorf("code %d should be throttling", code)
		}
	}
	for _, code := range []int{1, 2, 100, 190, 200, 368, 3989} {
		if (&Error{Code: code}).Throttled() {
			t.Errorf("code %d should not be throttling", code)
		}
	}
	if !(&Error{Code: 100, IsTransient: true}).Temporary() || !(&Error{Code: 2}).Temporary() || (&Error{Code: 100}).Temporary() {
		t.Error("Temporary misclassifies")
	}
}

// The classes the provider words its errors by, from Meta's error-handling
// guide (https://developers.facebook.com/docs/graph-api/guides/error-handling/).
func TestErrorClasses(t *testing.T) {
	for _, tc := range []struct {
		err                              Error
		tokenRefused, noObject, noPermit bool
	}{
		{Error{Code: 190}, true, false, false},
		{Error{Code: 190, Subcode: 463}, true, false, false},
		{Error{Code: 100, Subcode: 33}, false, true, false},
		{Error{Code: 100}, false, false, false},
		{Error{Code: 100, Subcode: 2018001}, false, false, false},
		{Error{Code: 200}, false, false, true},
		{Error{Code: 10, Subcode: 2018278}, false, false, true},
		{Error{Code: 4}, false, false, false},
	} {
		e := tc.err
		if e.TokenRefused() != tc.tokenRefused || e.NoSuchObject() != tc.noObject || e.PermissionDenied() != tc.noPermit {
			t.Errorf("code %d/%d: TokenRefused %v NoSuchObject %v PermissionDenied %v, want %v %v %v", e.Code, e.Subcode,
				e.TokenRefused(), e.NoSuchObject(), e.PermissionDenied(), tc.tokenRefused, tc.noObject, tc.noPermit)
		}
	}
}

// An answer whose body the connection cuts off part-way is reported as
// such, with its status and trace id, not as malformed JSON; a read is
// retried and a POST that may have been carried out is not.
func TestBodyCutOffIsReportedAsSuch(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("the test server's ResponseWriter cannot be hijacked")
			return
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer func() { _ = conn.Close() }()
		body := `{"data":[{"id":"1","name":"A"}]}`
		_, _ = fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-fb-trace-id: CUT1\r\nContent-Length: %d\r\n\r\n%s", len(body), body[:10])
		_ = buf.Flush()
	}, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.ListAgencies(context.Background(), "1")
	var re *ResponseError
	if !errors.As(err, &re) {
		t.Fatalf("want *ResponseError, got %T: %v", err, err)
	}
	if re.HTTPStatus != 200 || re.FBTraceID != "CUT1" || !strings.Contains(err.Error(), "the connection closed before the whole answer arrived (unexpected EOF)") {
		t.Fatalf("got %v", err)
	}
	if calls.Load() != 3 {
		t.Fatalf("GET: %d calls, want 3", calls.Load())
	}

	calls.Store(0)
	err = c.do(context.Background(), call{method: "POST", path: "/1/messages", form: map[string][]string{"x": {"1"}}, token: testPageToken}, nil)
	if !errors.As(err, &re) || calls.Load() != 1 {
		t.Fatalf("POST: %v after %d calls, want one call and a *ResponseError", err, calls.Load())
	}
}
