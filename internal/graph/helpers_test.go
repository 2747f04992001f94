package graph

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
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
