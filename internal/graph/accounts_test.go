package graph

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// accountsServer serves /me/accounts from body (first page) and next
// pages by the `after` cursor, exchanges as exchange answers, and counts
// both.
type accountsServer struct {
	pages     map[string]string // after cursor ("" first) -> body
	exchange  string            // answer to GET /{page-id}
	listings  atomic.Int32
	exchanges atomic.Int32
}

func (s *accountsServer) handle(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasSuffix(r.URL.Path, "/me/accounts"):
		s.listings.Add(1)
		writeJSON(w, 200, s.pages[r.URL.Query().Get("after")])
	case strings.Count(r.URL.Path, "/") == 2:
		s.exchanges.Add(1)
		writeJSON(w, 200, s.exchange)
	default:
		writeJSON(w, 200, `{"data":[]}`)
	}
}

func accountsPage(next string, entries ...string) string {
	body := `{"data":[` + strings.Join(entries, ",") + `]`
	if next != "" {
		body += `,"paging":{"cursors":{"after":"` + next + `"},"next":"%s/v25.0/me/accounts?after=` + next + `&access_token=` + testToken + `"}`
	}
	return body + "}"
}

func accountEntryJSON(id, name, token string) string {
	return fmt.Sprintf(`{"id":%q,"name":%q,"category":"Software","tasks":["ANALYZE","MANAGE"],"access_token":%q}`, id, name, token)
}

func newAccountsClient(t *testing.T, s *accountsServer) *Client {
	t.Helper()
	var c *Client
	c, srv := newListingTestClient(t, s.handle)
	for k, v := range s.pages {
		if strings.Contains(v, "%s") {
			s.pages[k] = fmt.Sprintf(v, srv.URL)
		}
	}
	return c
}

// The first Page a run needs is exchanged (one call, whatever the token
// holds); every other Page's token comes from one walk of /me/accounts,
// however many callers ask at once; a Page the listing lacks is exchanged
// on its own; ListPages shares the walk and holds no token.
func TestPageTokensComeFromOneListing(t *testing.T) {
	s := &accountsServer{
		pages: map[string]string{
			"":   accountsPage("c1", accountEntryJSON("11", "Eleven", "EAAPAGEeleven0001"), accountEntryJSON("12", "Twelve", "EAAPAGEtwelve0002")),
			"c1": accountsPage("", accountEntryJSON("13", "Thirteen", "EAAPAGEthirteen03")),
		},
		exchange: `{"id":"14","access_token":"EAAPAGEexchanged4"}`,
	}
	c := newAccountsClient(t, s)
	if _, source, err := c.PageTokenWithSource(context.Background(), "11"); source != PageTokenExchanged || err != nil {
		t.Fatalf("the run's first Page: %v %v, want an exchange", source, err)
	}
	if n := s.listings.Load(); n != 0 {
		t.Fatalf("%d listing calls for the run's first Page, want 0", n)
	}
	var wg sync.WaitGroup
	for _, page := range []string{"12", "13", "12", "13"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			token, source, err := c.PageTokenWithSource(context.Background(), page)
			if err != nil || source != PageTokenListed || !strings.HasPrefix(token, "EAAPAGE") {
				t.Errorf("Page %s: %q %v %v", page, token, source, err)
			}
		}()
	}
	wg.Wait()
	if got, _ := c.PageToken(context.Background(), "13"); got != "EAAPAGEthirteen03" {
		t.Errorf("Page 13's token = %q", got)
	}
	if got, source, err := c.PageTokenWithSource(context.Background(), "14"); got != "EAAPAGEexchanged4" || source != PageTokenExchanged || err != nil {
		t.Errorf("Page 14, missing from the listing: %q %v %v", got, source, err)
	}
	pages, err := c.ListPages(context.Background())
	if err != nil || len(pages) != 3 || pages[2].ID != "13" || pages[0].Name != "Eleven" || pages[0].Category != "Software" || len(pages[0].Tasks) != 2 {
		t.Fatalf("ListPages = %+v, %v", pages, err)
	}
	if n, e := s.listings.Load(), s.exchanges.Load(); n != 2 || e != 2 {
		t.Errorf("%d listing calls and %d exchanges, want 2 (one walk of two pages) and 2 (Pages 11 and 14)", n, e)
	}
	if text := fmt.Sprintf("%+v", pages); strings.Contains(text, "EAAPAGE") {
		t.Errorf("ListPages hands out a token: %s", text)
	}
}

// Once facebook_pages has walked the listing, even the run's first Page
// takes its token from it.
func TestPageTokenAfterListPagesNeedsNoExchange(t *testing.T) {
	s := &accountsServer{pages: map[string]string{"": accountsPage("", accountEntryJSON("11", "Eleven", "EAAPAGEeleven0001"))}}
	c := newAccountsClient(t, s)
	if _, err := c.ListPages(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, source, err := c.PageTokenWithSource(context.Background(), "11"); got != "EAAPAGEeleven0001" || source != PageTokenListed || err != nil {
		t.Errorf("PageToken = %q %v %v", got, source, err)
	}
	if n, e := s.listings.Load(), s.exchanges.Load(); n != 1 || e != 0 {
		t.Errorf("%d listing calls and %d exchanges, want 1 and 0", n, e)
	}
}

// Listings the client must not trust: each is an error of ListPages, no
// token of it is used, and Page tokens come from the per-Page exchange.
func TestHostileAccountListingsFallBackToTheExchange(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"no data", `{"paging":{}}`, `no "data" member`},
		{"configured token as a name", accountsPage("", accountEntryJSON("11", testToken, "EAAPAGEeleven0001")), "holds one of the credentials this provider sends, in data[0].name"},
		{"a Page token as another Page's name", accountsPage("", accountEntryJSON("11", "Eleven", "EAAPAGEeleven0001"), accountEntryJSON("12", "EAAPAGEeleven0001", "EAAPAGEtwelve0002")),
			"holds one of the credentials this provider sends, in data[1].name"},
		{"a Page listed twice differently", accountsPage("", accountEntryJSON("11", "Eleven", "EAAPAGEeleven0001"), accountEntryJSON("11", "Eleven", "EAAPAGEother00001")), "listed twice"},
		{"endless paging", accountsPage("c1", accountEntryJSON("11", "Eleven", "EAAPAGEeleven0001")), "repeats an earlier page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &accountsServer{pages: map[string]string{"": tc.body, "c1": tc.body}, exchange: `{"id":"11","access_token":"EAAPAGEexchanged1"}`}
			if tc.name == "endless paging" {
				s.pages["c1"] = accountsPage("c1", accountEntryJSON("11", "Eleven", "EAAPAGEeleven0001"))
			}
			c := newAccountsClient(t, s)
			if _, err := c.ListPages(context.Background()); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ListPages error = %v, want %q", err, tc.want)
			}
			if _, err := c.PageToken(context.Background(), "10"); err != nil { // the run's first Page
				t.Fatal(err)
			}
			if got, source, err := c.PageTokenWithSource(context.Background(), "11"); got != "EAAPAGEexchanged1" || source != PageTokenExchanged || err != nil {
				t.Errorf("PageToken = %q %v %v, want the exchanged token", got, source, err)
			}
			if n := s.listings.Load(); n > 3 {
				t.Errorf("%d listing calls: the failed walk is not remembered for the run", n)
			}
		})
	}
}

// The configured token handed back as a Page's own is not a Page token.
func TestListedConfiguredTokenIsExchangedInstead(t *testing.T) {
	s := &accountsServer{
		pages:    map[string]string{"": accountsPage("", accountEntryJSON("11", "Eleven", testToken))},
		exchange: `{"id":"11","access_token":"EAAPAGEexchanged1"}`,
	}
	c := newAccountsClient(t, s)
	if _, err := c.ListPages(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, source, _ := c.PageTokenWithSource(context.Background(), "11"); got != "EAAPAGEexchanged1" || source != PageTokenExchanged {
		t.Errorf("PageToken = %q %v", got, source)
	}
}

// owned_pages then client_pages, each walked to its end and tagged with
// its relationship; a repeat on one edge counts once.
func TestListBusinessPages(t *testing.T) {
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch {
		case strings.HasSuffix(r.URL.Path, "/9/owned_pages"):
			writeJSON(w, 200, `{"data":[{"id":"11","name":"Eleven"},{"id":"11","name":"Eleven"}]}`)
		case strings.HasSuffix(r.URL.Path, "/9/client_pages"):
			writeJSON(w, 200, `{"data":[{"id":"12","name":"Twelve"}]}`)
		default:
			writeJSON(w, 200, `{"data":"nope"}`)
		}
	})
	pages, err := c.ListBusinessPages(context.Background(), "9")
	if err != nil || fmt.Sprint(pages) != "[{11 Eleven owned} {12 Twelve client}]" {
		t.Fatalf("ListBusinessPages = %v, %v", pages, err)
	}
	if _, err := c.ListBusinessPages(context.Background(), "8"); err == nil || !strings.Contains(err.Error(), `"data" is a string`) {
		t.Fatalf("a listing without a data array: %v", err)
	}
}
