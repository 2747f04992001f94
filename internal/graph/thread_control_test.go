package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
)

// recordThreadControl answers every call with status and answer after
// storing the path and the form it received.
func recordThreadControl(t *testing.T, status int, answer string, paths *[]string, forms *[]url.Values, calls *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Method != "POST" {
			t.Errorf("method %s", r.Method)
		}
		form := pageTokenForm(t, r)
		*paths = append(*paths, r.URL.Path)
		*forms = append(*forms, form)
		writeJSON(w, status, answer)
	}
}

func TestThreadControlEncodesEachOperation(t *testing.T) {
	cases := []struct {
		req      ThreadControlRequest
		path     string
		wantForm url.Values
	}{
		{
			ThreadControlRequest{Operation: "pass", RecipientID: "333", TargetAppID: PageInboxAppID, Metadata: "needs a human <b>&</b>"},
			"/v26.0/1/pass_thread_control",
			url.Values{"recipient": {`{"id":"333"}`}, "target_app_id": {PageInboxAppID}, "metadata": {"needs a human <b>&</b>"}},
		},
		{ThreadControlRequest{Operation: "pass", RecipientID: "333"}, "/v26.0/1/pass_thread_control", url.Values{"recipient": {`{"id":"333"}`}}},
		{ThreadControlRequest{Operation: "take", RecipientID: "333", Metadata: "bot is back"}, "/v26.0/1/take_thread_control", url.Values{"recipient": {`{"id":"333"}`}, "metadata": {"bot is back"}}},
		{ThreadControlRequest{Operation: "request", RecipientID: "333"}, "/v26.0/1/request_thread_control", url.Values{"recipient": {`{"id":"333"}`}}},
		{ThreadControlRequest{Operation: "release", RecipientID: "333"}, "/v26.0/1/release_thread_control", url.Values{"recipient": {`{"id":"333"}`}}},
	}
	for _, tc := range cases {
		var paths []string
		var forms []url.Values
		var calls atomic.Int32
		c, _ := newTestClient(t, recordThreadControl(t, 200, `{"success":true}`, &paths, &forms, &calls))
		if err := c.ThreadControl(context.Background(), "1", tc.req); err != nil {
			t.Fatalf("%+v: %v", tc.req, err)
		}
		if len(paths) != 1 || paths[0] != tc.path || fmt.Sprint(forms[0]) != fmt.Sprint(tc.wantForm) {
			t.Fatalf("%+v sent %v %v, want %s %v", tc.req, paths, forms, tc.path, tc.wantForm)
		}
	}
}

func TestThreadControlRefusesWhatItCannotSend(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(http.ResponseWriter, *http.Request) { calls.Add(1) })
	for _, req := range []ThreadControlRequest{
		{Operation: "take", RecipientID: "333", TargetAppID: "5"},
		{Operation: "request", RecipientID: "333", TargetAppID: "5"},
		{Operation: "release", RecipientID: "333", TargetAppID: "5"},
		{Operation: "release", RecipientID: "333", Metadata: "bye"},
		{Operation: "hand", RecipientID: "333"},
		{Operation: "pass"},
	} {
		var te *ThreadControlError
		if err := c.ThreadControl(context.Background(), "1", req); !errors.As(err, &te) {
			t.Errorf("%+v: want *ThreadControlError, got %v", req, err)
		}
	}
	if calls.Load() != 0 {
		t.Fatalf("%d calls for requests that cannot be sent", calls.Load())
	}
}

// A request whose answer is lost, or says nothing of the outcome, is sent
// once and reported as an unknown outcome.
func TestThreadControlWithoutAUsableAnswerIsNotResent(t *testing.T) {
	for name, answer := range map[string]func(http.ResponseWriter, *http.Request){
		"connection dropped": func(w http.ResponseWriter, r *http.Request) {
			conn, _ := hijack(t, w, r)
			_ = conn.Close()
		},
		"temporary failure": func(w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, 500, `{"error":{"message":"An unexpected error has occurred.","type":"OAuthException","code":2,"is_transient":true,"fbtrace_id":"T"}}`)
		},
		"no success":           func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, `{"success":false}`) },
		"empty object":         func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, `{}`) },
		"data without owner":   func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, `{"data":[{"id":"1"}]}`) },
		"owner without app id": func(w http.ResponseWriter, _ *http.Request) { writeJSON(w, 200, `{"data":[{"thread_owner":{}}]}`) },
	} {
		t.Run(name, func(t *testing.T) {
			var calls atomic.Int32
			c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				answer(w, r)
			})
			err := c.ThreadControl(context.Background(), "1", ThreadControlRequest{Operation: "take", RecipientID: "333"})
			wantOutcomeUnknown(t, err, &calls, true, "POST /v26.0/1/take_thread_control", "the outcome is unknown", "cannot change hands twice")
		})
	}
}

func TestThreadControlThrottledIsRetriedOnce(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, failOnce(&calls, fmt.Sprintf(throttleBody, 613, 613), `{"success":true}`))
	if err := c.ThreadControl(context.Background(), "1", ThreadControlRequest{Operation: "request", RecipientID: "333"}); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 2 {
		t.Fatalf("%d calls, want 2: the throttled refusal and the accepted request", calls.Load())
	}
}

func TestThreadControlRefusalIsMetasError(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		calls.Add(1)
		writeJSON(w, 400, `{"error":{"message":"(#10) The app does not control this thread","type":"OAuthException","code":10,"fbtrace_id":"Atrace"}}`)
	})
	err := c.ThreadControl(context.Background(), "1", ThreadControlRequest{Operation: "pass", RecipientID: "333", TargetAppID: "77"})
	var ge *Error
	if !errors.As(err, &ge) || ge.Code != CodeAPIPermission || ge.Endpoint != "/v26.0/1/pass_thread_control" || ge.FBTraceID != "Atrace" {
		t.Fatalf("want Meta's code 10 on pass_thread_control, got %v", err)
	}
	var du *DeliveryUnknownError
	if errors.As(err, &du) || calls.Load() != 1 {
		t.Fatalf("a refusal is not an unknown outcome, and is not retried: %v, %d calls", err, calls.Load())
	}
}

// Meta documents two answers to a successful request: {"success": true}
// (reference pages) and the thread's owner (conversation-control guide).
// Both are success, as is empty data (nobody controls the thread).
func TestThreadControlAcceptsBothDocumentedAnswers(t *testing.T) {
	for name, answer := range map[string]string{
		"success":         `{"success":true}`,
		"thread owner":    `{"data":[{"thread_owner":{"app_id":"263902037430900","expiration":1795000000}}]}`,
		"numeric app id":  `{"data":[{"thread_owner":{"app_id":263902037430900}}]}`,
		"nobody controls": `{"data":[]}`,
	} {
		t.Run(name, func(t *testing.T) {
			var calls atomic.Int32
			c, _ := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
				calls.Add(1)
				writeJSON(w, 200, answer)
			})
			if err := c.ThreadControl(context.Background(), "1", ThreadControlRequest{Operation: "take", RecipientID: "333"}); err != nil {
				t.Fatalf("%s: %v", answer, err)
			}
			if calls.Load() != 1 {
				t.Fatalf("%d calls", calls.Load())
			}
		})
	}
}
