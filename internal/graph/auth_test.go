package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestAppSecretProofKnownVector(t *testing.T) {
	// echo -n "EAAUSERTOKENsecret123" | openssl dgst -sha256 -hmac "appsecret-value-789"
	const want = "e7ad8a04d033862a3673de86191e975233c04ce29636a022fef7111f485dd665"
	got := AppSecretProof(testSecret, testToken)
	if len(got) != 64 || strings.ToLower(got) != got {
		t.Fatalf("proof %q is not lowercase hex SHA-256", got)
	}
	if got != want {
		t.Fatalf("proof = %s, want %s", got, want)
	}
}

func TestProofSentInQueryForTheTokenUsed(t *testing.T) {
	var seen []string
	var mu sync.Mutex
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.Path+" "+r.URL.Query().Get("appsecret_proof")+" "+r.Header.Get("Authorization"))
		mu.Unlock()
		if r.URL.Path == "/v26.0/2" {
			writeJSON(w, 200, `{"id":"2","access_token":"EAAEXCHANGEDpage2"}`)
			return
		}
		writeJSON(w, 200, `{"data":[]}`)
	}, func(cfg *Config) { cfg.AppSecret = testSecret })
	if _, err := c.ListAgencies(context.Background(), "2"); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"/v26.0/2 " + AppSecretProof(testSecret, testToken) + " Bearer " + testToken,
		"/v26.0/2/agencies " + AppSecretProof(testSecret, "EAAEXCHANGEDpage2") + " Bearer EAAEXCHANGEDpage2",
	}
	if fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Fatalf("requests\n %q\nwant\n %q", seen, want)
	}
}

func TestPageTokenExchangedOncePerPageUnderConcurrency(t *testing.T) {
	var exchanges atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v26.0/2":
			exchanges.Add(1)
			if r.URL.Query().Get("fields") != "access_token" {
				t.Errorf("exchange asked fields=%q", r.URL.Query().Get("fields"))
			}
			writeJSON(w, 200, `{"id":"2","access_token":"EAAEXCHANGEDpage2"}`)
		default:
			if r.Header.Get("Authorization") != "Bearer EAAEXCHANGEDpage2" {
				t.Errorf("%s used %q", r.URL.Path, r.Header.Get("Authorization"))
			}
			writeJSON(w, 200, `{"data":[]}`)
		}
	})
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.ListAgencies(context.Background(), "2"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if exchanges.Load() != 1 {
		t.Fatalf("%d exchanges for one page, want 1", exchanges.Load())
	}
}

func TestPageTokenFallsBackToConfiguredToken(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"3"}`)
	})
	got, source, err := c.PageTokenWithSource(context.Background(), "3")
	if err != nil || got != testToken || source != PageTokenFallback {
		t.Fatalf("PageToken = %q, %v, %v; want the configured token as a fallback", got, source, err)
	}
	// Cached answers keep their source.
	if _, source, _ := c.PageTokenWithSource(context.Background(), "3"); source != PageTokenFallback {
		t.Fatalf("cached source = %v", source)
	}
	configured, source, err := c.PageTokenWithSource(context.Background(), "1")
	if err != nil || configured != testPageToken || source != PageTokenConfigured {
		t.Fatalf("configured page token not used: %q %v %v", configured, source, err)
	}
}

func TestExchangedPageTokenSource(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"id":"5","access_token":"EAAPAGE5"}`)
	})
	got, source, err := c.PageTokenWithSource(context.Background(), "5")
	if err != nil || got != "EAAPAGE5" || source != PageTokenExchanged {
		t.Fatalf("PageTokenWithSource = %q, %v, %v", got, source, err)
	}
}

func TestFailedExchangeIsNotRemembered(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, failOnce(&calls, `{"error":{"message":"Invalid OAuth access token","type":"OAuthException","code":190}}`,
		`{"id":"4","access_token":"EAAPAGE4"}`))
	if _, err := c.PageToken(context.Background(), "4"); !HasCode(err, 190) {
		t.Fatalf("want 190, got %v", err)
	}
	if got, err := c.PageToken(context.Background(), "4"); err != nil || got != "EAAPAGE4" {
		t.Fatalf("second exchange: %q %v", got, err)
	}
}

func TestUserAgent(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); ua != "terraform-provider-facebook/1.2.3" {
			t.Errorf("User-Agent = %q", ua)
		}
		writeJSON(w, 200, `{"data":[]}`)
	}, func(cfg *Config) { cfg.UserAgent = "terraform-provider-facebook/1.2.3" })
	if _, err := c.ListAgencies(context.Background(), "1"); err != nil {
		t.Fatal(err)
	}
}

// One caller giving up on a shared exchange must not fail the callers who
// joined it: they exchange again under their own context.
func TestPageTokenJoinersSurviveTheStarterGivingUp(t *testing.T) {
	var exchanges atomic.Int32
	arrived, release := make(chan struct{}), make(chan struct{})
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if exchanges.Add(1) == 1 {
			close(arrived)
			<-release // hold the first exchange until its caller has given up
		}
		writeJSON(w, 200, `{"id":"6","access_token":"EAAPAGE6"}`)
	})
	joining := make(chan struct{})
	var misses atomic.Int32
	c.exchangeMissed = func() {
		if misses.Add(1) == 2 {
			close(joining)
		}
	}
	starter, cancel := context.WithCancel(context.Background())
	started := make(chan error, 1)
	go func() {
		_, err := c.PageToken(starter, "6")
		started <- err
	}()
	<-arrived
	joined := make(chan string, 1)
	go func() {
		token, err := c.PageToken(context.Background(), "6")
		if err != nil {
			t.Error(err)
		}
		joined <- token
	}()
	// The second caller found no token and is steps from joining the
	// flight; the starter's exchange ends only after the cancellation has
	// gone through its transport, long after. Were it to join late, it
	// would exchange on its own and the test would still pass.
	<-joining
	cancel()
	if err := <-started; !errors.Is(err, context.Canceled) {
		t.Fatalf("starter: want context.Canceled, got %v", err)
	}
	close(release)
	if got := <-joined; got != "EAAPAGE6" {
		t.Fatalf("joined caller got %q", got)
	}
	if n := exchanges.Load(); n != 2 {
		t.Fatalf("%d exchanges, want 2 (the abandoned one and the retry)", n)
	}
}

// A caller that found no cached token, and joins only after another
// caller's exchange has ended and cached it, must not start a second
// exchange: a Page is exchanged once per client, however callers interleave.
func TestPageTokenExchangedOnceWhenACallerArrivesAsItEnds(t *testing.T) {
	var exchanges atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, _ *http.Request) {
		exchanges.Add(1)
		writeJSON(w, 200, `{"id":"2","access_token":"EAAEXCHANGEDpage2"}`)
	})
	firstDone, lateMissed := make(chan struct{}), make(chan struct{})
	var misses atomic.Int32
	c.exchangeMissed = func() {
		if misses.Add(1) == 1 { // the late caller: wait until the other's exchange is over
			close(lateMissed)
			<-firstDone
		}
	}
	late := make(chan error, 1)
	go func() {
		_, err := c.PageToken(context.Background(), "2")
		late <- err
	}()
	<-lateMissed
	if _, err := c.PageToken(context.Background(), "2"); err != nil {
		t.Fatal(err)
	}
	close(firstDone)
	if err := <-late; err != nil {
		t.Fatal(err)
	}
	if n := exchanges.Load(); n != 1 {
		t.Fatalf("%d exchanges for one page, want 1", n)
	}
}
