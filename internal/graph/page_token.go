package graph

import (
	"context"
	"errors"
	"fmt"
)

// PageTokenSource says where a Page token came from.
type PageTokenSource int

const (
	// PageTokenConfigured: Config.PageAccessTokens holds a token for the page.
	PageTokenConfigured PageTokenSource = iota
	// PageTokenExchanged: Meta answered the exchange with the Page's token.
	PageTokenExchanged
	// PageTokenFallback: the exchange answered no token, so the configured
	// access token itself is used (it may be a Page or system-user token,
	// or one without a role on the page).
	PageTokenFallback
	// PageTokenListed: Meta listed the Page's token in GET /me/accounts.
	PageTokenListed
)

type cachedPageToken struct {
	token  string
	source PageTokenSource
}

// PageToken returns the access token to use for calls on a Page's edges.
//
// A token configured for the page wins. Otherwise the Page's token comes
// from the run's one listing of GET /me/accounts (listedPageToken), which
// hands out every Page's token, 100 Pages a call. When that listing fails
// (the configured token may be a Page token, which has no such edge) or
// lacks the Page, the configured token is exchanged once per page for the
// life of the client with GET /{page-id}?fields=access_token; concurrent
// callers share one exchange.
// When the answer carries no token (the configured token may already be a
// Page or system-user token) the configured token is used as is. Failed
// exchanges are not remembered, so a later call tries again.
//
// Meta API docs: https://developers.facebook.com/docs/pages/access-tokens/
func (c *Client) PageToken(ctx context.Context, pageID string) (string, error) {
	token, _, err := c.PageTokenWithSource(ctx, pageID)
	return token, err
}

// PageTokenWithSource is PageToken that also says where the token came from,
// for callers that hand the token on and must say when it is not a Page
// token from Meta.
//
// Meta API docs: https://developers.facebook.com/docs/pages/access-tokens/
func (c *Client) PageTokenWithSource(ctx context.Context, pageID string) (string, PageTokenSource, error) {
	if t, ok := c.cfg.PageAccessTokens[pageID]; ok && t != "" {
		return t, PageTokenConfigured, nil
	}
	c.pageTokensMu.Lock()
	cached, ok := c.pageTokens[pageID]
	c.pageTokensMu.Unlock()
	if ok {
		return cached.token, cached.source, nil
	}
	if token := c.listedPageToken(ctx, pageID); token != "" {
		c.pageTokensMu.Lock()
		c.pageTokens[pageID] = cachedPageToken{token: token, source: PageTokenListed}
		c.pageTokensMu.Unlock()
		return token, PageTokenListed, nil
	}

	if c.exchangeMissed != nil {
		c.exchangeMissed()
	}
	left := false
	got, err := joinFlight(ctx, &c.exchanges, pageID, func() (cachedPageToken, error) {
		// A caller that found no token above may get here just after
		// another exchange ended and cached it: look again, so that a Page
		// is exchanged once per run however the callers interleave.
		c.pageTokensMu.Lock()
		cached, ok := c.pageTokens[pageID]
		c.pageTokensMu.Unlock()
		if ok {
			return cached, nil
		}
		// Runs under the context of the caller that started the exchange;
		// callers who joined can leave on their own context.
		return c.exchangePageToken(ctx, pageID)
	}, func(err error) error {
		left = true
		return fmt.Errorf("GET %s: %w", c.endpoint("/"+pageID), err)
	})
	if err != nil && !left {
		failed := &PageTokenError{PageID: pageID, TokenOrigin: c.cfg.AccessTokenOrigin, Err: err}
		if ownerExplains(err) {
			failed.Owner = c.tokenOwner(ctx)
		}
		err = failed
	}
	if err != nil {
		return "", 0, err
	}
	return got.token, got.source, nil
}

// exchangePageToken asks Meta for the Page's token with the configured
// token, and remembers the answer for the life of the client.
func (c *Client) exchangePageToken(ctx context.Context, pageID string) (cachedPageToken, error) {
	var answer struct {
		AccessToken string `json:"access_token"`
	}
	err := c.do(ctx, call{
		method: "GET", path: "/" + pageID,
		query: map[string][]string{"fields": {"access_token"}},
		token: c.cfg.AccessToken, safeToRepeat: true, keepsToken: tokenAtTop,
	}, &answer)
	if err != nil {
		return cachedPageToken{}, err
	}
	got := cachedPageToken{token: answer.AccessToken, source: PageTokenExchanged}
	if got.token == "" {
		c.log.Debug(ctx, "no page token in the exchange answer; using the configured token", map[string]any{"page_id": pageID})
		got = cachedPageToken{token: c.cfg.AccessToken, source: PageTokenFallback}
	}
	c.secrets.add(got.token)
	c.pageTokensMu.Lock()
	c.pageTokens[pageID] = got
	c.pageTokensMu.Unlock()
	return got, nil
}

// noPageRole explains err as a NoPageRoleError when it is Meta refusing,
// for lack of permission (codes 200-299, which include 210 "A page access
// token is required"), a call on a Page's edge made with the configured
// token because the exchange for that Page answered none.
func (c *Client) noPageRole(ctx context.Context, cl call, err error) error {
	var ge *Error
	if err == nil || !errors.As(err, &ge) || ge.Code < CodePermission || ge.Code > 299 {
		return err
	}
	page := pageOf(cl.path)
	c.pageTokensMu.Lock()
	cached, ok := c.pageTokens[page]
	c.pageTokensMu.Unlock()
	if !ok || cached.source != PageTokenFallback || cached.token != cl.token {
		return err
	}
	return &NoPageRoleError{PageID: page, TokenOrigin: c.cfg.AccessTokenOrigin, Owner: c.tokenOwner(ctx), Err: err}
}
