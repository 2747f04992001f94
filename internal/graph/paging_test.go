package graph

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

// pagedHandler serves agencies in pages of two, with Meta-style next links
// that embed the access token, and one empty page in the middle.
func pagedHandler(t *testing.T, total int, calls *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Query().Get("access_token") != "" {
			t.Errorf("request %s carries access_token in its URL", r.URL.Path)
		}
		if got := r.Header.Get("Authorization"); got != "Bearer "+testPageToken {
			t.Errorf("Authorization = %q", got)
		}
		if got := r.URL.Query().Get("fields"); got != strings.Join(AgencyFields, ",") {
			t.Errorf("fields = %q on %s", got, r.URL.RawQuery)
		}
		after := 0
		if cursor := r.URL.Query().Get("after"); cursor != "" {
			if _, err := fmt.Sscan(cursor, &after); err != nil {
				t.Errorf("cursor %q is not the offset this handler wrote: %v", cursor, err)
			}
		}
		var items []string
		next := after + 2
		if after == 2 && r.URL.Query().Get("empty_seen") == "" {
			next = after // an empty page that still has a next link
		}
		for i := after; i < next && i < total; i++ {
			items = append(items, fmt.Sprintf(`{"id":"%d","name":"B%d","permitted_tasks":["ANALYZE"]}`, 1000+i, i))
		}
		body := `{"data":[` + strings.Join(items, ",") + `]`
		if next < total || (after == 2 && next == after) {
			q := r.URL.Query()
			q.Set("after", fmt.Sprint(next))
			if next == after {
				q.Set("empty_seen", "1")
			}
			q.Set("access_token", testPageToken)
			body += fmt.Sprintf(`,"paging":{"cursors":{"after":"%d"},"next":"http://%s%s?%s"}`, next, r.Host, r.URL.Path, q.Encode())
		}
		writeJSON(w, 200, body+"}")
	}
}

func TestListFollowsNextUntilAbsent(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, pagedHandler(t, 5, &calls))
	agencies, err := c.ListAgencies(context.Background(), "1")
	if err != nil {
		t.Fatal(err)
	}
	if len(agencies) != 5 {
		t.Fatalf("got %d agencies, want 5: %+v", len(agencies), agencies)
	}
	for i, a := range agencies {
		if a.BusinessID != fmt.Sprint(1000+i) || a.PermittedTasks[0] != "ANALYZE" {
			t.Errorf("agency %d = %+v", i, a)
		}
	}
	// 5 items in pages of 2 plus one empty page: 4 calls.
	if calls.Load() != 4 {
		t.Fatalf("calls = %d, want 4", calls.Load())
	}
}

func TestFindAgencyLooksUpTheCompleteListingOnce(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, pagedHandler(t, 9, &calls))
	a, err := c.FindAgency(context.Background(), "1", "1001")
	if err != nil || a == nil || a.Name != "B1" {
		t.Fatalf("FindAgency = %+v, %v", a, err)
	}
	// 9 items in pages of 2 plus one empty page: the whole listing is read,
	// so that every other agency of the page is known too.
	if calls.Load() != 6 {
		t.Fatalf("calls = %d, want 6", calls.Load())
	}
	a, err = c.FindAgency(context.Background(), "1", "4242")
	if err != nil || a != nil {
		t.Fatalf("absent business: %+v, %v", a, err)
	}
	a, err = c.FindAgency(context.Background(), "1", "1008")
	if err != nil || a == nil || a.Name != "B8" {
		t.Fatalf("last business: %+v, %v", a, err)
	}
	if calls.Load() != 12 {
		t.Fatalf("calls = %d after two more lookups, want 12 (one listing per page and run, and one more to prove 4242 absent)", calls.Load())
	}
}

func TestFailedPageIsAnErrorNotAbsence(t *testing.T) {
	var calls atomic.Int32
	inner := pagedHandler(t, 10, &calls)
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("after") == "6" {
			writeJSON(w, 400, `{"error":{"message":"(#100) Invalid cursor","code":100,"type":"OAuthException","fbtrace_id":"P3"}}`)
			return
		}
		inner(w, r)
	})
	a, err := c.FindAgency(context.Background(), "1", "99999")
	if err == nil || a != nil {
		t.Fatalf("a listing that fails part-way must be an error, got %+v, %v", a, err)
	}
	if !strings.Contains(err.Error(), "fbtrace_id P3") {
		t.Fatalf("error lacks the trace id: %v", err)
	}
}

func TestNextLinkToAnotherHostIsRefused(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"data":[{"id":"1"}],"paging":{"next":"https://evil.example/v26.0/1/agencies?access_token=`+testPageToken+`&after=x"}}`)
	})
	_, err := c.ListAgencies(context.Background(), "1")
	if err == nil || !strings.Contains(err.Error(), "refusing to send credentials") {
		t.Fatalf("want refusal, got %v", err)
	}
	assertNoSecret(t, "error", err.Error(), testPageToken)
}

func TestRepeatingNextLinkStops(t *testing.T) {
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, fmt.Sprintf(`{"data":[],"paging":{"next":"http://%s/v26.0/1/agencies?after=same"}}`, r.Host))
	})
	_, err := c.ListAgencies(context.Background(), "1")
	if err == nil || !strings.Contains(err.Error(), "repeats") {
		t.Fatalf("want loop detection, got %v", err)
	}
}

// A listing of empty pages, each linking to a fresh cursor, stops after
// MaxEmptyPages of them with the listing-limit error, instead of following
// MaxListingPages links; empty pages between full ones do not count.
func TestEndlessEmptyPagesStop(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		writeJSON(w, 200, fmt.Sprintf(`{"data":[],"paging":{"next":"http://%s/v26.0/1/agencies?after=%d"}}`, r.Host, n))
	})
	_, err := c.ListAgencies(context.Background(), "1")
	var le *ListingLimitError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "empty pages in a row") {
		t.Fatalf("want a listing-limit error about empty pages, got %v", err)
	}
	if calls.Load() != MaxEmptyPages {
		t.Fatalf("%d calls, want MaxEmptyPages (%d)", calls.Load(), MaxEmptyPages)
	}

	// Empty pages between full ones: the run resets, and the listing ends.
	calls.Store(0)
	c, _ = newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		data := ""
		if n%MaxEmptyPages == 0 {
			data = fmt.Sprintf(`{"id":"%d","permitted_tasks":["ANALYZE"]}`, 1000+n)
		}
		next := fmt.Sprintf(`,"paging":{"next":"http://%s/v26.0/1/agencies?after=%d"}`, r.Host, n)
		if n == 3*MaxEmptyPages {
			next = ""
		}
		writeJSON(w, 200, `{"data":[`+data+`]`+next+`}`)
	})
	agencies, err := c.ListAgencies(context.Background(), "1")
	if err != nil || len(agencies) != 3 {
		t.Fatalf("got %d agencies, %v; want 3 and no error", len(agencies), err)
	}
}
