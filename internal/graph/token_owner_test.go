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

const (
	systemUserMe = `{"id":"444000000000001","name":"CI deploy","metadata":{"fields":[{"name":"id"},{"name":"name"},{"name":"created_by"},{"name":"finance_permission"}]}}`
	personMe     = `{"id":"555000000000001","name":"Jane Doe","metadata":{"fields":[{"name":"id"},{"name":"name"},{"name":"first_name"},{"name":"email"}]}}`
	noSuchPage   = `{"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100,"error_subcode":33,"fbtrace_id":"Atrace1"}}`
)

// ownerServer answers the Page token exchange with exchange (status and
// body) and GET /me with me, counting the /me calls and checking that the
// token travels only in the Authorization header.
func ownerServer(t *testing.T, exchangeStatus int, exchange string, meStatus int, me string, meCalls *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.RawQuery, testToken) {
			t.Errorf("the token is in the URL: %s", r.URL)
		}
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			t.Errorf("%s without the configured token in the Authorization header", r.URL.Path)
		}
		if strings.HasSuffix(r.URL.Path, "/me") {
			meCalls.Add(1)
			if q := r.URL.Query(); q.Get("metadata") != "1" || q.Get("fields") != "id,name" {
				t.Errorf("GET /me with query %s", r.URL.RawQuery)
			}
			writeJSON(w, meStatus, me)
			return
		}
		writeJSON(w, exchangeStatus, exchange)
	}
}

// wantLookups checks how many times GET /me was called.
func wantLookups(t *testing.T, meCalls *atomic.Int32, want int32) {
	t.Helper()
	if n := meCalls.Load(); n != want {
		t.Errorf("GET /me was called %d times, want %d", n, want)
	}
}

// Many failed exchanges at once, and more after: one GET /me in all, and
// every error names the system user.
func TestTokenOwnerIsAskedOncePerClient(t *testing.T) {
	var meCalls, exchanges atomic.Int32
	owner := ownerServer(t, http.StatusBadRequest, noSuchPage, http.StatusOK, systemUserMe, &meCalls)
	// GET /me is held until all 16 exchanges have been refused, so that
	// the callers ask for the owner while the first lookup runs.
	refused := make(chan struct{})
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/me") {
			<-refused
		} else if exchanges.Add(1) == 16 {
			defer close(refused)
		}
		owner(w, r)
	})
	var wg sync.WaitGroup
	errs := make([]error, 17)
	for i := range 16 {
		wg.Go(func() {
			_, errs[i] = c.PageToken(t.Context(), fmt.Sprintf("10000000000%04d", i))
		})
	}
	wg.Wait()
	_, errs[16] = c.PageToken(t.Context(), "100000000009999") // after the lookup
	want := TokenOwner{Kind: TokenKindSystemUser, ID: "444000000000001", Name: "CI deploy"}
	for _, err := range errs {
		var pe *PageTokenError
		if !errors.As(err, &pe) {
			t.Fatalf("error %v is not a PageTokenError", err)
		}
		if pe.Owner != want {
			t.Errorf("owner = %+v, want %+v", pe.Owner, want)
		}
		var ge *Error
		if !errors.As(err, &ge) || ge.Code != 100 || ge.Subcode != 33 {
			t.Errorf("the exchange's own error is lost: %v", err)
		}
	}
	wantLookups(t, &meCalls, 1)
}

// A person's token is told apart from a system user's by the fields Meta
// lists for the node.
func TestTokenOwnerPerson(t *testing.T) {
	var meCalls atomic.Int32
	c, _ := newTestClient(t, ownerServer(t, http.StatusBadRequest, noSuchPage, http.StatusOK, personMe, &meCalls))
	_, err := c.PageToken(t.Context(), "100000000000099")
	var pe *PageTokenError
	if !errors.As(err, &pe) || pe.Owner != (TokenOwner{Kind: TokenKindUser, ID: "555000000000001", Name: "Jane Doe"}) {
		t.Fatalf("error = %#v", err)
	}
}

// When Meta refuses the token itself (190), the error says so; asking
// Meta whose token it is would be refused the same way, so it is not asked.
func TestTokenOwnerNotAskedForAnInvalidToken(t *testing.T) {
	var meCalls atomic.Int32
	invalid := `{"error":{"message":"Invalid OAuth access token - Cannot parse access token","type":"OAuthException","code":190,"fbtrace_id":"Atrace2"}}`
	c, _ := newTestClient(t, ownerServer(t, http.StatusBadRequest, invalid, http.StatusOK, personMe, &meCalls))
	_, err := c.PageToken(t.Context(), "100000000000099")
	var pe *PageTokenError
	if !errors.As(err, &pe) || pe.Owner.Known() {
		t.Fatalf("error = %#v", err)
	}
	wantLookups(t, &meCalls, 0)
}

// A lookup that fails (an error, or an answer naming no one) leaves the
// exchange's error whole, without an owner, and is not repeated.
func TestTokenOwnerLookupFailureKeepsTheError(t *testing.T) {
	for name, me := range map[string]struct {
		status int
		body   string
	}{
		"error":        {http.StatusBadRequest, `{"error":{"message":"(#10) Not allowed","type":"OAuthException","code":10,"fbtrace_id":"Atrace3"}}`},
		"no id":        {http.StatusOK, `{"name":"someone"}`},
		"not JSON":     {http.StatusOK, `<html>` + testToken + `</html>`},
		"server error": {http.StatusInternalServerError, `{"error":{"message":"An unknown error occurred","type":"OAuthException","code":1}}`},
	} {
		t.Run(name, func(t *testing.T) {
			var meCalls atomic.Int32
			logs := &captureLogger{}
			c, _ := newTestClient(t, ownerServer(t, http.StatusBadRequest, noSuchPage, me.status, me.body, &meCalls), func(cfg *Config) {
				cfg.Logger = logs
				cfg.MaxRetries = -1
			})
			for range 2 {
				_, err := c.PageToken(t.Context(), "100000000000099")
				var pe *PageTokenError
				if !errors.As(err, &pe) || pe.Owner.Known() {
					t.Fatalf("error = %#v", err)
				}
				for _, w := range []string{"GET /" + DefaultAPIVersion + "/100000000000099", "code 100, subcode 33", "Unsupported get request", "Atrace1"} {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("the error lacks %q: %v", w, err)
					}
				}
				assertNoSecret(t, "the error", err.Error(), testToken)
			}
			wantLookups(t, &meCalls, 1)
			if !strings.Contains(logs.text(), "Meta did not say whose access token this is") {
				t.Errorf("the failed lookup is not logged:\n%s", logs.text())
			}
			assertNoSecret(t, "the log", logs.text(), testToken)
		})
	}
}

// An exchange that works asks nothing more.
func TestTokenOwnerNotAskedWhenTheExchangeWorks(t *testing.T) {
	var meCalls atomic.Int32
	c, _ := newTestClient(t, ownerServer(t, http.StatusOK, `{"id":"100000000000001","access_token":"`+testPageToken+`"}`, http.StatusOK, personMe, &meCalls))
	if _, err := c.PageToken(t.Context(), "100000000000001"); err != nil {
		t.Fatal(err)
	}
	wantLookups(t, &meCalls, 0)
}

// A call refused on a Page whose exchange answered no token is a
// NoPageRoleError naming the token's owner.
func TestTokenOwnerOnNoPageRole(t *testing.T) {
	var meCalls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/me"):
			meCalls.Add(1)
			writeJSON(w, http.StatusOK, personMe)
		case strings.HasSuffix(r.URL.Path, "/thread_owner"):
			writeJSON(w, http.StatusForbidden, `{"error":{"message":"(#200) Permissions error","type":"OAuthException","code":200,"fbtrace_id":"Atrace4"}}`)
		default:
			writeJSON(w, http.StatusOK, `{"id":"100000000000002"}`) // the exchange, without a token
		}
	})
	_, err := c.ThreadOwner(t.Context(), "100000000000002", "7000000000000001")
	var nr *NoPageRoleError
	if !errors.As(err, &nr) || nr.Owner != (TokenOwner{Kind: TokenKindUser, ID: "555000000000001", Name: "Jane Doe"}) {
		t.Fatalf("error = %#v", err)
	}
	wantLookups(t, &meCalls, 1)
}

// A caller that gives up during the lookup gets no owner, and the next
// caller asks again.
func TestTokenOwnerLookupCancelledIsNotRemembered(t *testing.T) {
	var meCalls atomic.Int32
	answer := ownerServer(t, http.StatusBadRequest, noSuchPage, http.StatusOK, personMe, &meCalls)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var first sync.Once
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		gaveUp := false
		first.Do(func() { gaveUp = true })
		if gaveUp { // the caller gives up while its lookup runs
			cancel()
			<-r.Context().Done()
			return
		}
		answer(w, r)
	})
	if owner := c.tokenOwner(ctx); owner.Known() {
		t.Fatalf("owner %+v after the caller gave up", owner)
	}
	if owner := c.tokenOwner(t.Context()); owner.Kind != TokenKindUser {
		t.Errorf("owner = %+v", owner)
	}
}
