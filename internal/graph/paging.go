package graph

import (
	"context"
	"errors"
	"fmt"
	"net/url"
)

// page is one page of a Graph edge listing.
type page[T any] struct {
	Data   []T `json:"data"`
	Paging struct {
		Next string `json:"next"`
	} `json:"paging"`
}

// listAll sends first and follows paging.next until Meta leaves it out,
// handing every item to visit; visit returns false to stop early. An empty
// page that still has a next link is not the end. Either every page is read
// (or visit stopped) or an error is returned: callers never get a partial
// listing presented as a complete one.
//
// Meta's next links embed access_token; the link is only followed towards the
// configured host, and its credentials are replaced by the client's own.
func listAll[T any](ctx context.Context, c *Client, first call, visit func(T) bool) error {
	var p page[T]
	if err := c.do(ctx, first, &p); err != nil {
		return err
	}
	seen := map[string]bool{}
	for {
		for _, item := range p.Data {
			if !visit(item) {
				return nil
			}
		}
		if p.Paging.Next == "" {
			return nil
		}
		next, err := c.followable(p.Paging.Next)
		if err != nil {
			return fmt.Errorf("%s %s: %w", first.method, c.endpoint(first.path), err)
		}
		key := next.String()
		if seen[key] {
			return fmt.Errorf("%s %s: paging.next repeats an earlier page; stopping instead of looping forever", first.method, c.endpoint(first.path))
		}
		seen[key] = true

		p = page[T]{}
		follow := first
		follow.query = nil // the link carries the original parameters and the cursor
		if err := c.doURL(ctx, follow, next, &p); err != nil {
			return err
		}
	}
}

// followable parses a paging link and checks it points at the configured
// Graph host, stripped of any credentials it embeds.
func (c *Client) followable(link string) (*url.URL, error) {
	u, err := url.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("paging.next is not a URL: %s", c.secrets.scrub(err.Error()))
	}
	if u.Scheme != c.base.Scheme || u.Host != c.base.Host {
		// The link's scheme and host are Meta's text: scrubbed like any other.
		return nil, errors.New(c.secrets.scrub(fmt.Sprintf("paging.next points at %s://%s, not the configured %s; refusing to send credentials there", u.Scheme, u.Host, c.base.String())))
	}
	return stripSecrets(u), nil
}
