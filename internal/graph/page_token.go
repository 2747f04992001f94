package graph

import (
	"context"
	"fmt"
)

// PageToken returns the access token to use for calls on a Page's edges.
//
// A token configured for the page wins. Otherwise the configured token is
// exchanged once per page for the life of the client with
// GET /{page-id}?fields=access_token; concurrent callers share one exchange.
// When the answer carries no token (the configured token may already be a
// Page or system-user token) the configured token is used as is. Failed
// exchanges are not remembered, so a later call tries again.
func (c *Client) PageToken(ctx context.Context, pageID string) (string, error) {
	if t, ok := c.cfg.PageAccessTokens[pageID]; ok && t != "" {
		return t, nil
	}
	c.pageTokensMu.Lock()
	t, ok := c.pageTokens[pageID]
	c.pageTokensMu.Unlock()
	if ok {
		return t, nil
	}

	v, err, _ := c.exchanges.Do(pageID, func() (any, error) {
		var answer struct {
			AccessToken string `json:"access_token"`
		}
		err := c.do(ctx, call{
			method: "GET", path: "/" + pageID,
			query: map[string][]string{"fields": {"access_token"}},
			token: c.cfg.AccessToken, safeToRepeat: true,
		}, &answer)
		if err != nil {
			return "", err
		}
		token := answer.AccessToken
		if token == "" {
			c.log.Debug(ctx, "no page token in the exchange answer; using the configured token", map[string]any{"page_id": pageID})
			token = c.cfg.AccessToken
		}
		c.secrets.add(token)
		c.pageTokensMu.Lock()
		c.pageTokens[pageID] = token
		c.pageTokensMu.Unlock()
		return token, nil
	})
	if err != nil {
		return "", err
	}
	token, ok := v.(string)
	if !ok {
		// The exchange above only ever returns a string; anything else is a
		// bug here, reported rather than crashing the provider.
		return "", fmt.Errorf("page token exchange for page %s returned %T, not a token", pageID, v)
	}
	return token, nil
}
