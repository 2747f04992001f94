package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"
)

// Fuzz targets for what the client decodes from Meta: error envelopes,
// listing pages and their next links, and the header and envelope texts it
// quotes. Seed corpora live in
// testdata/fuzz/<FuzzName>; `make fuzz` runs each for 10,000 inputs.

// fuzzSecrets are planted in the client; seeds put them in bodies and
// links, as Meta does when it echoes a token or embeds it in paging.next.
var fuzzSecrets = []string{testToken, testPageToken, testSecret, AppSecretProof(testSecret, testToken), AppSecretProof(testSecret, testPageToken)}

// answerTransport answers every request with the same response, without a
// network, and hands each request to seen.
type answerTransport struct {
	status int
	header http.Header
	body   []byte
	seen   func(*http.Request) error
	calls  atomic.Int32
}

func (a *answerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if a.calls.Add(1) > 20 {
		return nil, errors.New("too many requests in one fuzz input")
	}
	if a.seen != nil {
		if err := a.seen(r); err != nil {
			return nil, err
		}
	}
	return &http.Response{StatusCode: a.status, Header: a.header.Clone(), Body: io.NopCloser(bytes.NewReader(a.body)), Request: r}, nil
}

func fuzzClient(t *testing.T, transport http.RoundTripper) *Client {
	t.Helper()
	c, err := New(Config{
		AccessToken: testToken, AppSecret: testSecret, BaseURL: "https://graph.example.com",
		PageAccessTokens: map[string]string{"1": testPageToken},
		MaxRetries:       -1, Transport: transport,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkErrorText fails when the error shows a secret, whole or a part of
// it longer than a few characters (read without whitespace, which may cut
// it), or is not valid UTF-8.
func checkErrorText(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	assertNoFragment(t, "the error", msg, fuzzSecrets...)
	if !utf8.ValidString(msg) {
		t.Fatalf("error text is not valid UTF-8 (Terraform diagnostics must be): %q", msg)
	}
}

// FuzzDecodeError: whatever status, trace header and body Meta sends, the
// client does not panic, returns an error that names the endpoint and leaks
// no secret, and finds the code of a well-formed error envelope.
func FuzzDecodeError(f *testing.F) {
	f.Fuzz(func(t *testing.T, status int, trace string, body []byte) {
		if status < 100 || status > 999 {
			status = 200 + (status%800+800)%800
		}
		header := http.Header{"Content-Type": {"application/json"}}
		header.Set("x-fb-trace-id", trace)
		c := fuzzClient(t, &answerTransport{status: status, header: header, body: body})
		_, err := c.ListAgencies(context.Background(), "1")
		if err == nil {
			if status >= 300 {
				t.Fatalf("HTTP %d accepted as a listing", status)
			}
			return
		}
		checkErrorText(t, err)
		if !strings.Contains(err.Error(), "GET /v26.0/1/agencies") {
			t.Fatalf("error does not name the endpoint: %v", err)
		}
		// An object in "error" is Meta's envelope, whatever its members
		// hold, and an integer code in it is the error's code.
		var env struct {
			Error map[string]json.RawMessage `json:"error"`
		}
		if json.Unmarshal(body, &env) != nil || env.Error == nil {
			return
		}
		var ge *Error
		if !errors.As(err, &ge) {
			t.Fatalf("envelope decoded as %T %v", err, err)
		}
		var code int
		if json.Unmarshal(env.Error["code"], &code) == nil && ge.Code != code {
			t.Fatalf("code %d decoded as %d", code, ge.Code)
		}
	})
}

// FuzzPage: whatever a listing page holds, the client does not panic, only
// ever sends requests to the configured host with its own credentials
// (never a token taken from a link), and leaks no secret in errors.
func FuzzPage(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		transport := &answerTransport{status: 200, header: http.Header{"Content-Type": {"application/json"}}, body: body}
		transport.seen = func(r *http.Request) error {
			if r.URL.Scheme != "https" || r.URL.Host != "graph.example.com" {
				t.Errorf("request sent to %s://%s", r.URL.Scheme, r.URL.Host)
			}
			q := r.URL.Query()
			if q.Has("access_token") {
				t.Errorf("request URL carries access_token: %s", r.URL.Path)
			}
			if got := r.Header.Get("Authorization"); got != "Bearer "+testPageToken {
				t.Errorf("Authorization = %q", got)
			}
			if got := q["appsecret_proof"]; len(got) != 1 || got[0] != AppSecretProof(testSecret, testPageToken) {
				t.Errorf("appsecret_proof = %q", got)
			}
			return nil
		}
		c := fuzzClient(t, transport)
		agencies, err := c.ListAgencies(context.Background(), "1")
		if err != nil {
			checkErrorText(t, err)
			if agencies != nil {
				t.Fatal("a failed listing returned agencies as well")
			}
		}

		// The link checks on their own, for any string as paging.next.
		var p struct {
			Paging struct {
				Next string `json:"next"`
			} `json:"paging"`
		}
		if json.Unmarshal(body, &p) != nil || p.Paging.Next == "" {
			return
		}
		u, err := c.followable(p.Paging.Next, "/v19.0/1/agencies")
		if err != nil {
			checkErrorText(t, err)
			return
		}
		if u.Scheme != "https" || u.Host != "graph.example.com" {
			t.Fatalf("followable accepted %s", u.Redacted())
		}
		for _, param := range secretParams {
			if u.Query().Has(param) {
				t.Fatalf("followable kept %s in %s", param, u.Path)
			}
		}
		if again, err := url.Parse(u.String()); err != nil || again.Host != u.Host {
			t.Fatalf("followable returned a URL that does not parse back to its host: %v", err)
		}
	})
}

// exchangedToken is the Page token the FuzzExchange seeds put in the token
// exchange's answer. Unlike a configured token, the client cannot know it
// before it decodes the answer, and it is not shaped like Meta's tokens, so
// only the answer's own form can give it away.
const exchangedToken = "PAGEtokenFromTheExchange987" //nolint:gosec // G101: test fixture, not a credential

// FuzzExchange: whatever the token exchange (GET /{page-id}?fields=access_token)
// answers, a Page token it carries as the access_token member, even in an
// answer cut off, truncated, with trailing bytes or under an error status,
// never reaches the error.
func FuzzExchange(f *testing.F) {
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			status = 200 + (status%800+800)%800
		}
		c, err := New(Config{AccessToken: testToken, AppSecret: testSecret, BaseURL: "https://graph.example.com", MaxRetries: -1,
			Transport: &answerTransport{status: status, header: http.Header{"Content-Type": {"application/json"}}, body: body}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.PageToken(context.Background(), "2")
		if err == nil {
			return
		}
		checkErrorText(t, err)
		member := []byte(`"access_token":"` + exchangedToken)
		if bytes.Count(body, []byte(exchangedToken)) == bytes.Count(body, member) && strings.Contains(err.Error(), exchangedToken) {
			t.Fatalf("the exchanged token leaks: %v", err)
		}
	})
}

// FuzzQuotedText: whatever the headers the client quotes (the version that
// served the call, the trace id) and the fields of an error envelope hold,
// a secret cut among them, or by whitespace inside one, shows in no part
// longer than a few characters: not in the error, the log lines or the
// version warning.
func FuzzQuotedText(f *testing.F) {
	f.Fuzz(func(t *testing.T, status int, version, trace, message, userMsg string) {
		if status < 100 || status > 999 {
			status = 200 + (status%800+800)%800
		}
		body, err := json.Marshal(map[string]any{"error": map[string]any{
			"message": message, "error_user_msg": userMsg, "error_user_title": userMsg,
			"type": "OAuthException", "code": 190, "fbtrace_id": trace,
		}})
		if err != nil {
			return
		}
		header := http.Header{"Content-Type": {"application/json"}}
		header["Facebook-Api-Version"] = []string{version} // as sent, unchecked
		header["X-Fb-Trace-Id"] = []string{trace}
		var log captureLogger
		c, err := New(Config{
			AccessToken: testToken, AppSecret: testSecret, BaseURL: "https://graph.example.com",
			PageAccessTokens: map[string]string{"1": testPageToken},
			MaxRetries:       -1, Logger: &log,
			Transport: &answerTransport{status: status, header: header, body: body},
		})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListAgencies(context.Background(), "1")
		if err == nil {
			t.Fatal("an error envelope was accepted as a listing")
		}
		checkErrorText(t, err)
		assertNoFragment(t, "the log", log.text(), fuzzSecrets...)
		warning := c.VersionMismatchWarning()
		assertNoFragment(t, "the version warning", warning, fuzzSecrets...)
		if !utf8.ValidString(warning) {
			t.Fatalf("the version warning is not valid UTF-8: %q", warning)
		}
	})
}
