package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestRedactText(t *testing.T) {
	in := `GET https://graph.facebook.com/v26.0/1/agencies?access_token=EAAX1&after=abc&appsecret_proof=ff00 Authorization: Bearer EAAX2.y-z`
	got := redactText(in)
	for _, leaked := range []string{"EAAX1", "ff00", "EAAX2"} {
		if strings.Contains(got, leaked) {
			t.Errorf("redactText left %q in %q", leaked, got)
		}
	}
	if !strings.Contains(got, "after=abc") {
		t.Errorf("redactText removed a harmless parameter: %q", got)
	}
}

func TestStripSecrets(t *testing.T) {
	u, _ := url.Parse("https://graph.facebook.com/v26.0/1/agencies?access_token=T&appsecret_proof=P&after=C&limit=100")
	got := stripSecrets(u)
	if got.Query().Has("access_token") || got.Query().Has("appsecret_proof") || got.Query().Get("after") != "C" || got.Query().Get("limit") != "100" {
		t.Fatalf("stripSecrets = %s", got)
	}
}

// Meta echoes tokens in some messages ("Malformed access token EAAG...") and
// embeds them in paging links; neither may reach an error or a log line.
func TestSecretsNeverReachErrorsOrLogs(t *testing.T) {
	logger := &captureLogger{}
	step := 0
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		step++
		switch {
		case r.URL.Path == "/v26.0/5":
			writeJSON(w, 200, `{"id":"5","access_token":"EAAEXCHANGED5"}`)
		case step == 2:
			writeJSON(w, 200, fmt.Sprintf(`{"data":[{"id":"1"}],"paging":{"next":"http://%s/v26.0/5/agencies?access_token=EAAEXCHANGED5&after=x"}}`, r.Host))
		default:
			writeJSON(w, 400, fmt.Sprintf(`{"error":{"message":"Malformed access token %s (and %s)","type":"OAuthException","code":190,"fbtrace_id":"F1",
				"error_user_msg":"proof %s given"}}`, testToken, "EAAEXCHANGED5", r.URL.Query().Get("appsecret_proof")))
		}
	}, func(cfg *Config) { cfg.AppSecret = testSecret; cfg.Logger = logger })
	_, err := c.ListAgencies(context.Background(), "5")
	if !HasCode(err, 190) {
		t.Fatalf("want 190, got %v", err)
	}
	secrets := []string{testToken, "EAAEXCHANGED5", testSecret, AppSecretProof(testSecret, testToken), AppSecretProof(testSecret, "EAAEXCHANGED5")}
	assertNoSecret(t, "error", err.Error(), secrets...)
	assertNoSecret(t, "log", logger.text(), secrets...)
	if !strings.Contains(err.Error(), "Malformed access token "+redacted) {
		t.Errorf("the message should stay readable, with the token replaced: %v", err)
	}
	if !strings.Contains(logger.text(), "status=400") || !strings.Contains(logger.text(), "fbtrace_id=F1") {
		t.Errorf("log lacks status or trace id:\n%s", logger.text())
	}
}

func TestTransportErrorsCarryNoProof(t *testing.T) {
	c, err := New(Config{AccessToken: testToken, AppSecret: testSecret, BaseURL: "http://127.0.0.1:1", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListAgencies(context.Background(), "1")
	if err == nil {
		t.Fatal("want a connection error")
	}
	assertNoSecret(t, "error", err.Error(), testToken, testSecret, AppSecretProof(testSecret, testToken))
	if !strings.Contains(err.Error(), "GET /v26.0/1") {
		t.Errorf("error lacks the endpoint: %v", err)
	}
}

func TestValidateBaseURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"https://graph.facebook.com": true,
		"http://127.0.0.1:8080":      true,
		"http://localhost:1":         true,
		"http://[::1]:9":             true,
		"http://graph.facebook.com":  false,
		"http://10.0.0.1":            false,
		"ftp://graph.facebook.com":   false,
		"graph.facebook.com":         false,
		"https://x.example/v26.0":    false,
		"https://u:p@x.example":      false,
	} {
		_, err := ValidateBaseURL(u)
		if (err == nil) != ok {
			t.Errorf("ValidateBaseURL(%q) = %v, want ok=%v", u, err, ok)
		}
	}
	if err := ValidateAPIVersion("v19.0"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"19.0", "v19", "v19.0.1", "latest", ""} {
		if ValidateAPIVersion(bad) == nil {
			t.Errorf("ValidateAPIVersion(%q) accepted", bad)
		}
	}
}

// The client's log lines are scrubbed of every secret it knows when the
// line is written, also of a Page token it exchanged during the very call
// whose caller set up log masking beforehand.
func TestLogLinesScrubbedOfSecretsLearntMidCall(t *testing.T) {
	logger := &captureLogger{}
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"5","access_token":"EAAEXCHANGED5"}`)
	}, func(cfg *Config) { cfg.AppSecret = testSecret; cfg.Logger = logger })
	if _, err := c.PageToken(context.Background(), "5"); err != nil {
		t.Fatal(err)
	}
	c.log.Warn(context.Background(), "echo EAAEXCHANGED5", map[string]any{
		"text":  "token EAAEXCHANGED5 and " + testToken,
		"error": fmt.Errorf("proof %s", AppSecretProof(testSecret, testToken)),
		"count": 3,
	})
	assertNoSecret(t, "log", logger.text(), "EAAEXCHANGED5", testToken, AppSecretProof(testSecret, testToken))
	if !strings.Contains(logger.text(), "count=3") || !strings.Contains(logger.text(), "token "+redacted) {
		t.Errorf("scrubbing changed more than the secrets:\n%s", logger.text())
	}
}

// A token that Meta (or a proxy) echoes right where the excerpt of a
// non-JSON answer is cut must not survive in part.
func TestExcerptCutDoesNotKeepPartOfAToken(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(502)
		_, _ = w.Write([]byte("<p>" + strings.Repeat("x", 190) + " " + testPageToken + " was refused</p>"))
	}, func(cfg *Config) { cfg.MaxRetries = -1 })
	_, err := c.ListAgencies(context.Background(), "1")
	if err == nil {
		t.Fatal("want an error")
	}
	if prefix := testPageToken[:6]; strings.Contains(err.Error(), prefix) {
		t.Fatalf("the excerpt keeps %q of the token: %v", prefix, err)
	}
}

// Errors quote Meta's text (%q) and logs encode it (JSON). Both write a
// control character as an escape that ends in digits, so a secret missing
// its first characters, right after one, reads whole once quoted. Found by
// FuzzDecodeError: "\x03" then a proof without its leading "3".
func TestQuotingDoesNotCompleteASecret(t *testing.T) {
	proof := AppSecretProof(testSecret, testPageToken)
	c := fuzzClient(t, nil)
	for _, v := range []string{testToken, testPageToken, testSecret, proof} {
		for k := 1; k <= escapeTail; k++ {
			for _, lead := range []string{"\x03", "\U000e0001", "<"} {
				clean := c.secrets.scrub("seen " + lead + v[k:] + " here")
				quoted := fmt.Sprintf("%q", clean)
				encoded, _ := json.Marshal(clean)
				for _, shown := range []string{quoted, string(encoded)} {
					if strings.Contains(shown, v) {
						t.Errorf("%q after %q reads whole once quoted: %s", v[k:], lead, shown)
					}
				}
				if !strings.HasPrefix(clean, "seen ") || !strings.HasSuffix(clean, " here") {
					t.Errorf("scrubbing removed more than the secret: %q", clean)
				}
			}
		}
	}
}

// allTestSecrets are the credentials of newTestClient, with their proofs.
func allTestSecrets() []string {
	return []string{testToken, testPageToken, testSecret, AppSecretProof(testSecret, testToken), AppSecretProof(testSecret, testPageToken)}
}

// A token cut in two by a line break (an HTML error page wraps it) or by
// spaces shows in no part longer than a few characters, wherever the cut.
func TestSecretSplitByWhitespaceShowsInNoPart(t *testing.T) {
	for _, secret := range allTestSecrets() {
		for cut := 1; cut < len(secret); cut++ {
			for _, gap := range []string{"\n", "\r\n  ", " ", "\t"} {
				var log captureLogger
				c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(502)
					_, _ = w.Write([]byte("<html><body><p>Bad gateway for " + secret[:cut] + gap + secret[cut:] + "</p>\n</body></html>"))
				}, func(cfg *Config) { cfg.MaxRetries, cfg.AppSecret, cfg.Logger = -1, testSecret, &log })
				_, err := c.ListAgencies(context.Background(), "1")
				if err == nil {
					t.Fatal("want an error")
				}
				assertNoFragment(t, fmt.Sprintf("the error (cut at %d by %q)", cut, gap), err.Error(), allTestSecrets()...)
				assertNoFragment(t, "the log", log.text(), allTestSecrets()...)
			}
		}
	}
}

// A token split across the fields of Meta's error envelope (the end of
// message and the start of error_user_msg) shows in no part longer than a
// few characters.
func TestSecretSplitAcrossEnvelopeFieldsShowsInNoPart(t *testing.T) {
	for _, secret := range allTestSecrets() {
		for cut := 1; cut < len(secret); cut++ {
			body, _ := json.Marshal(map[string]any{"error": map[string]any{
				"message": "Invalid OAuth access token " + secret[:cut], "error_user_msg": secret[cut:] + " was refused",
				"error_user_title": secret[:cut], "type": "OAuthException", "code": 190, "fbtrace_id": secret[cut:],
			}})
			c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 400, string(body)) },
				func(cfg *Config) { cfg.AppSecret = testSecret })
			_, err := c.ListAgencies(context.Background(), "1")
			var ge *Error
			if !errors.As(err, &ge) || ge.Code != 190 {
				t.Fatalf("want the code-190 error, got %v", err)
			}
			assertNoFragment(t, fmt.Sprintf("the error (cut at %d)", cut), err.Error(), allTestSecrets()...)
			assertNoFragment(t, "the user title", ge.UserTitle, allTestSecrets()...)
		}
	}
}

// Every header the client quotes is scrubbed: the version that served the
// call (its warning), the trace id (errors and log lines), a redirect's
// Location. Found by an adversarial review: a token in facebook-api-version
// went whole into the version warning and the trace log.
func TestQuotedHeadersAreScrubbed(t *testing.T) {
	for _, header := range []string{"facebook-api-version", "x-fb-trace-id", "Location"} {
		for _, shown := range []string{testPageToken, "v19.0 " + testToken, testToken[:9] + " " + testToken[9:], "Bearer " + testPageToken} {
			var log captureLogger
			c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set(header, shown)
				if header == "Location" {
					w.Header().Set(header, "https://"+shown+".example.com/x")
					w.WriteHeader(302)
					return
				}
				writeJSON(w, 400, `{"error":{"message":"refused","type":"OAuthException","code":100}}`)
			}, func(cfg *Config) { cfg.MaxRetries, cfg.Logger = -1, &log })
			_, err := c.ListAgencies(context.Background(), "1")
			if err == nil {
				t.Fatal("want an error")
			}
			where := header + " " + strconv.Quote(shown)
			assertNoFragment(t, "the error for "+where, err.Error(), testToken, testPageToken)
			assertNoFragment(t, "the log for "+where, log.text(), testToken, testPageToken)
			warning := c.VersionMismatchWarning()
			if header == "facebook-api-version" && warning == "" {
				t.Fatalf("%s: no version warning", where)
			}
			assertNoFragment(t, "the version warning for "+where, warning, testToken, testPageToken)
		}
	}
}

// An escape adds letters and digits before the text that follows it: %q
// writes byte 0x19 as \x19, JSON as \u0019. A text holding a control
// character and then a secret's part too short to be a fragment shows a
// fragment once quoted or encoded, when the secret holds the escape's
// digits. Found by FuzzPage: "\x19" then "1e9752" of a proof.
func TestEscapesDoNotCompleteAFragment(t *testing.T) {
	const token = "EAAGzzx19abcdefu0019ghijkl" //nolint:gosec // G101: test fixture, not a credential
	c, _ := newTestClient(t, nil, func(cfg *Config) { cfg.AccessToken = token })
	for _, text := range []string{"seen \x19abcdef here", "seen \x19ghijkl here"} {
		clean := c.secrets.scrub(text)
		quoted := fmt.Sprintf("%q", clean)
		encoded, _ := json.Marshal(clean)
		assertNoFragment(t, "the quoted text", quoted, token)
		assertNoFragment(t, "the JSON text", string(encoded), token)
		if !strings.HasPrefix(clean, "seen ") || !strings.HasSuffix(clean, " here") {
			t.Errorf("scrubbing removed more than the secret: %q", clean)
		}
	}
}
