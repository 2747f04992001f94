package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"strings"
)

// Bounds on one listing, or on one walk with every call it makes past its
// last page (listing_cache.go). They keep a broken or hostile server (an endless
// cursor, pages of millions of entries) from holding an operation until its
// timeout or filling the provider's memory; a listing that reaches one ends
// with a *ListingLimitError naming it. No Page comes near them: at the page
// sizes the client asks for (100), MaxListingPages is 100,000 agencies or
// conversations.
const (
	// MaxListingPages is the most pages one listing follows.
	MaxListingPages = 1000
	// MaxListingEntries is the most entries one listing keeps.
	MaxListingEntries = 50_000
	// MaxListingBytes is the most answer bytes one listing reads, all pages
	// together; with maxBodyBytes per answer, it caps the memory a listing
	// can take.
	MaxListingBytes = 32 << 20
	// MaxEmptyPages is the most empty pages in a row one listing follows.
	// Meta may send an empty page that still has a next link (only a
	// missing next ends a listing, developers.facebook.com/docs/graph-api/results/),
	// typically one, at the end; a run of them is a listing that will not
	// end, and following it to MaxListingPages would take minutes at Meta's
	// latency.
	MaxEmptyPages = 5
)

// page is one page of a Graph edge listing. It decodes itself, entry by
// entry, so that it can refuse what is not a listing (no "data" array) and
// stop at the entries it has room for without decoding the rest.
type page[T any] struct {
	Data   []T
	Paging struct {
		Next    string `json:"next"`
		Cursors struct {
			After string `json:"after"`
		} `json:"cursors"`
	}
	room int // entries this page may hold
}

// listEntry is implemented by entries that must carry something to be
// usable, such as an id: an entry without it is an error, not data.
type listEntry interface {
	checkEntry() error
}

// errNoData explains why an answer without a "data" array is an error.
const errNoData = "a listing answer without a \"data\" array is not an empty listing"

func (p *page[T]) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return errors.New("the answer is not a JSON object; " + errNoData)
	}
	sawData := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		// encoding/json matches member names without regard to case, and
		// so does this.
		switch {
		case strings.EqualFold(key, "data"):
			if sawData {
				return errors.New(`the answer has two "data" members, so which entries it lists is ambiguous`)
			}
			sawData = true
			if err := p.decodeData(dec); err != nil {
				return err
			}
		case strings.EqualFold(key, "paging"):
			if err := dec.Decode(&p.Paging); err != nil {
				return fmt.Errorf("paging: %w", err)
			}
		default:
			if err := dec.Decode(new(json.RawMessage)); err != nil {
				return err
			}
		}
	}
	if !sawData {
		return errors.New("the answer has no \"data\" member; " + errNoData)
	}
	return nil
}

func (p *page[T]) decodeData(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		return fmt.Errorf("\"data\" is %s, not an array; %s", jsonKind(tok), errNoData)
	}
	for i := 0; dec.More(); i++ {
		if len(p.Data) >= p.room {
			return &ListingLimitError{Limit: fmt.Sprintf("the limit of %d entries (MaxListingEntries)", MaxListingEntries)}
		}
		var item T
		if err := dec.Decode(&item); err != nil {
			return fmt.Errorf("entry %d of \"data\": %w", i, err)
		}
		if check, ok := any(&item).(listEntry); ok {
			if err := check.checkEntry(); err != nil {
				return fmt.Errorf("entry %d of \"data\": %w", i, err)
			}
		}
		p.Data = append(p.Data, item)
	}
	_, err = dec.Token() // the closing bracket
	return err
}

func jsonKind(tok json.Token) string {
	switch tok.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case float64, json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "an object"
}

// listAll sends first and follows paging.next until Meta leaves it out,
// handing every item to visit; visit returns false to stop early, and so
// may the call's clock after a page (pageClock.enough). An empty
// page that still has a next link is not the end. Either every page is read
// (or visit stopped) or an error is returned: callers never get a partial
// listing presented as a complete one, and an answer that is not a listing
// is an error, never an empty listing.
//
// Meta's next links embed access_token; the link is only followed towards the
// configured origin and the same listing, and its credentials are replaced by
// the client's own. The listing stops at MaxListingPages, MaxListingEntries
// and MaxListingBytes.
func listAll[T any](ctx context.Context, c *Client, first call, visit func(T) bool) error {
	endpoint := c.endpoint(first.path)
	limited := func(limit string) error {
		return &ListingLimitError{Method: first.method, Endpoint: endpoint, Limit: limit}
	}
	seen := map[string]bool{}
	budget, empty := first.clock.walkBudget(), 0
	u := *c.base
	u.Path = endpoint
	next, cl := &u, first
	if resume := first.clock.resumeAfter(); resume != "" {
		cl.query = maps.Clone(first.query)
		if cl.query == nil {
			cl.query = url.Values{}
		}
		cl.query.Set("after", resume)
	}
	for {
		if budget.pages++; budget.pages > MaxListingPages {
			return limited(fmt.Sprintf("the limit of %d pages (MaxListingPages)", MaxListingPages))
		}
		got := &outcome{}
		cl.seen = got
		p := page[T]{room: MaxListingEntries - budget.entries}
		cl.clock.pageRequested()
		if err := c.doURL(ctx, cl, next, &p); err != nil {
			return err
		}
		if budget.bytes += got.bodyBytes; budget.bytes > MaxListingBytes {
			return limited(fmt.Sprintf("the limit of %d MiB read (MaxListingBytes)", MaxListingBytes>>20))
		}
		budget.entries += len(p.Data)
		if len(p.Data) == 0 {
			empty++
		} else {
			empty = 0
		}
		cl.clock.pageRead(p.Paging.Cursors.After)
		for _, item := range p.Data {
			if !visit(item) {
				return nil
			}
		}
		if cl.clock.stopHere(p.Data) {
			return nil
		}
		if p.Paging.Next == "" {
			return nil
		}
		if empty >= MaxEmptyPages {
			return limited(fmt.Sprintf("%d empty pages in a row that still link to a next one (MaxEmptyPages)", MaxEmptyPages))
		}
		link, err := c.followable(p.Paging.Next, endpoint)
		if err != nil {
			return fmt.Errorf("%s %s: %w", first.method, endpoint, err)
		}
		key := link.String()
		if seen[key] {
			return fmt.Errorf("%s %s: paging.next repeats an earlier page; stopping instead of looping forever", first.method, endpoint)
		}
		seen[key] = true
		next, cl = link, first
		cl.query = nil // the link carries the original parameters and the cursor
	}
}

// versionPrefix is the API version segment of a Graph path.
var versionPrefix = regexp.MustCompile(`^/v[0-9]+\.[0-9]+/`)

// followable parses a paging link and checks that it points at the
// configured origin (scheme, host and port, compared as URLs compare them:
// case aside, default port or not) and at the same listing (path, the API
// version aside), stripped of any credentials it embeds.
func (c *Client) followable(link, endpoint string) (*url.URL, error) {
	u, err := url.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("paging.next is not a URL: %s", c.secrets.scrub(err.Error()))
	}
	if !sameOrigin(u, c.base) {
		// The link's scheme and host are Meta's text: scrubbed like any other.
		return nil, errors.New(c.secrets.scrub(fmt.Sprintf("paging.next points at %s://%s, not the configured %s; refusing to send credentials there", u.Scheme, u.Host, c.base.String())))
	}
	if versionPrefix.ReplaceAllString(u.Path, "/") != versionPrefix.ReplaceAllString(endpoint, "/") {
		return nil, errors.New(c.secrets.scrub(fmt.Sprintf("paging.next points at another listing (%s); refusing to read it as this one", u.Path)))
	}
	u = stripSecrets(u)
	u.Scheme, u.Host, u.User, u.Fragment = c.base.Scheme, c.base.Host, nil, ""
	return u, nil
}

// sameOrigin compares scheme, host and port as browsers and Go's HTTP
// client do: hosts without regard to case, an absent port as the scheme's
// default.
func sameOrigin(u, base *url.URL) bool {
	return strings.EqualFold(u.Scheme, base.Scheme) &&
		strings.EqualFold(u.Hostname(), base.Hostname()) &&
		portOf(u) == portOf(base)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}
