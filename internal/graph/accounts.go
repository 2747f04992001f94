package graph

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sync/singleflight"
)

// ListedPage is a Page the configured token can act on, as GET /me/accounts
// lists it: the Page and the token's tasks on it. Its access token stays in
// the client (PageToken); it is never part of a ListedPage.
type ListedPage struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Category string   `json:"category"`
	Tasks    []string `json:"tasks"`
}

// accountEntry is one entry of /me/accounts with the Page's token.
type accountEntry struct {
	ListedPage
	AccessToken string `json:"access_token"`
}

func (e *accountEntry) checkEntry() error {
	if e.ID == "" {
		return errNoID
	}
	return nil
}

// accountFields are asked of /me/accounts: the Page, the token's tasks and
// the Page's token, so that one walk serves facebook_pages and every Page
// token of the run.
var accountFields = []string{"id", "name", "category", "tasks", "access_token"}

// accountListing is the one walk of /me/accounts of a client's life (one
// Terraform run), shared by ListPages and PageToken.
type accountListing struct {
	mu     sync.Mutex
	done   *accountsWalk // nil until a walk ended other than by its caller giving up
	flight singleflight.Group
	// firstPage is the first Page whose token was asked for (listedPageToken).
	firstPage string
}

// accountsWalk is what the walk found: every Page, each Page's token, or
// the error that ended it. A walk that failed part-way keeps no Page and
// no token.
type accountsWalk struct {
	pages  []ListedPage
	tokens map[string]string
	err    error
}

// ListPages returns every Page the configured token can act on
// (GET /me/accounts), all pages of the listing followed, in Meta's order.
// The listing is taken once per client and shared with PageToken, which
// takes each Page's token from it; the result is the caller's own copy. A
// listing that failed or stopped part-way is an error, never a shorter
// list.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/user/accounts/
func (c *Client) ListPages(ctx context.Context) ([]ListedPage, error) {
	w := c.walkAccounts(ctx)
	if w.err != nil {
		return nil, w.err
	}
	pages := make([]ListedPage, len(w.pages))
	for i, p := range w.pages {
		p.Tasks = slices.Clone(p.Tasks)
		pages[i] = p
	}
	return pages, nil
}

// listedPageToken is the Page's token from the run's walk of /me/accounts,
// or "" when the walk failed (the configured token may be a Page token,
// which cannot list) or does not list the Page with a token of its own.
// Meta hands every Page's token out in that listing, up to 100 Pages a
// call (https://developers.facebook.com/docs/pages/access-tokens/), so a
// run on N Pages costs ceil(N/100) calls instead of N exchanges.
//
// The first Page a run asks for is not listed for, unless a walk has
// already ended (facebook_pages was read): its exchange is one call,
// where the walk is one call per 100 of the token's Pages, which may be
// thousands. Only a run that needs a second Page's token walks.
func (c *Client) listedPageToken(ctx context.Context, pageID string) string {
	c.accounts.mu.Lock()
	if c.accounts.firstPage == "" {
		c.accounts.firstPage = pageID
	}
	walk := c.accounts.done != nil || c.accounts.firstPage != pageID
	c.accounts.mu.Unlock()
	if !walk {
		return ""
	}
	w := c.walkAccounts(ctx)
	if w.err != nil {
		return ""
	}
	return w.tokens[pageID]
}

// walkAccounts returns the run's walk of /me/accounts, walking it first if
// no walk has ended yet; concurrent callers share one walk. A walk that
// ended because its caller gave up is not remembered.
func (c *Client) walkAccounts(ctx context.Context) *accountsWalk {
	c.accounts.mu.Lock()
	done := c.accounts.done
	c.accounts.mu.Unlock()
	if done != nil {
		return done
	}
	got, err := joinFlight(ctx, &c.accounts.flight, "me/accounts", func() (*accountsWalk, error) {
		c.accounts.mu.Lock()
		done := c.accounts.done
		c.accounts.mu.Unlock()
		if done != nil {
			return done, nil
		}
		w := c.listAccounts(ctx)
		if w.err != nil && isContextError(w.err) {
			return nil, w.err
		}
		if w.err != nil {
			c.log.Debug(ctx, "the access token's Pages could not be listed; Page tokens are exchanged one Page at a time", map[string]any{"error": w.err.Error()})
		}
		c.accounts.mu.Lock()
		c.accounts.done = w
		c.accounts.mu.Unlock()
		return w, nil
	}, func(err error) error {
		return fmt.Errorf("GET %s: %w", c.endpoint("/me/accounts"), err)
	})
	if err != nil {
		return &accountsWalk{err: err}
	}
	return got
}

// listAccounts walks /me/accounts with the configured token. Every Page
// token of an answer is one of the client's secrets before the answer is
// decoded (readAnswer), so a token that shows anywhere but an entry's own
// access_token, in this answer or a later one (as another Page's name,
// say), makes the whole listing refused (echoedSecret), and no log or
// error shows it.
func (c *Client) listAccounts(ctx context.Context) *accountsWalk {
	cl := call{
		method: "GET", path: "/me/accounts",
		query: url.Values{"fields": {strings.Join(accountFields, ",")}, "limit": {strconv.Itoa(AgencyPageLimit)}},
		token: c.cfg.AccessToken, safeToRepeat: true, keepsToken: tokenPerEntry,
	}
	endpoint := c.endpoint(cl.path)
	w := &accountsWalk{tokens: map[string]string{}}
	at := map[string]int{}
	var refused error
	err := listAll(ctx, c, cl, func(e accountEntry) bool {
		c.secrets.add(e.AccessToken) // already known (readAnswer), as the exchange's is
		if i, dup := at[e.ID]; dup {
			if w.tokens[e.ID] != e.AccessToken || !samePage(w.pages[i], e.ListedPage) {
				refused = fmt.Errorf("GET %s: Page %s is listed twice, differently, so which entry holds is unknown", endpoint, c.secrets.scrub(e.ID))
				return false
			}
			return true
		}
		at[e.ID] = len(w.pages)
		w.pages = append(w.pages, e.ListedPage)
		// The configured token handed back as a Page's own is not a Page
		// token: that Page is exchanged for its token instead.
		if e.AccessToken != "" && e.AccessToken != c.cfg.AccessToken {
			w.tokens[e.ID] = e.AccessToken
		}
		return true
	})
	if err = errors.Join(err, refused); err != nil {
		return &accountsWalk{err: err}
	}
	return w
}

func samePage(a, b ListedPage) bool {
	return a.Name == b.Name && a.Category == b.Category && sameSet(a.Tasks, b.Tasks)
}
