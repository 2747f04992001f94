package graph

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// Creating access for a resource must never take over access the resource
// did not give: destroying it would then revoke access Terraform never
// granted (a grant made by hand, or by a second resource for the same
// grant). The one case a create keeps is its own write whose answer was
// lost. The pieces here serve every edge; each edge says how it tells its
// own write from someone else's.

// adoptIfMine settles a write whose answer was lost: nil when mine (a
// check of the Page's listing) says the access now listed is this call's
// own, writeErr when it is not, and an *AdoptionCheckError when the
// listing fails. fields are logged when the write is adopted.
func (c *Client) adoptIfMine(ctx context.Context, writeErr error, listing string, mine func() (bool, map[string]any, error)) error {
	ok, fields, err := mine()
	if err != nil {
		return &AdoptionCheckError{Assign: writeErr, Listing: listing, Check: err}
	}
	if !ok {
		return writeErr
	}
	c.log.Debug(ctx, "a write whose answer was lost was carried out: Meta lists it as this call made it", fields)
	return nil
}

// ExistingGrantError says a create found the access it was to give already
// there before it wrote anything: given by hand, by another resource, or by
// an earlier apply whose answer was lost. The create does not take it
// over. On edges where a second POST changes the access in place
// (assigned users, subscribed apps) Meta itself never says "already
// assigned", so the client looks first.
type ExistingGrantError struct {
	Endpoint string   // the listing that showed it: "GET /v25.0/{page-id}/assigned_users"
	Who      string   // "user 123", "app 456"
	PageID   string   // the Page
	Holds    []string // the tasks or fields it holds
	// Scope is what the listing that showed it was scoped to (the business
	// listing a person), "" for an edge listed whole: the import id needs it.
	Scope string
	// SameRun: another resource of this run is creating the same access.
	SameRun bool
}

func (e *ExistingGrantError) Error() string {
	if e.SameRun {
		return fmt.Sprintf("%s on Page %s is already being created by another resource in this run", e.Who, e.PageID)
	}
	return fmt.Sprintf("%s already holds %s on Page %s (%s), by a change this apply did not make", e.Who, strings.Join(e.Holds, ", "), e.PageID, e.Endpoint)
}

// createClaims remembers the grants creates of this run have started, so
// that two resources naming the same grant cannot both create it: on edges
// where a POST changes access in place, both POSTs would succeed, and
// destroying either would revoke the other's access. A claim is never
// released: a create that failed leaves state without the resource, and
// this provider process does not create it again.
type createClaims struct {
	mu      sync.Mutex
	claimed map[string]struct{}
}

// claim reports whether key was not claimed before, and claims it.
func (cc *createClaims) claim(key string) bool {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if cc.claimed == nil {
		cc.claimed = map[string]struct{}{}
	}
	if _, taken := cc.claimed[key]; taken {
		return false
	}
	cc.claimed[key] = struct{}{}
	return true
}

// createGrant is the create of a grant on an edge whose POST changes
// access in place, so that Meta never refuses a grant that exists:
//
//   - the grant must be new: claimed by no other create of this run, and
//     absent from the Page's listing (find) before the POST, else an
//     *ExistingGrantError;
//   - write makes the POST, reporting what the transport saw; a POST that
//     succeeded returns at once (the caller reads it back), never waiting
//     for a neighbour's write;
//   - a failed POST that may still have been carried out (some attempt
//     reached Meta and no answer said Meta refused it) is adopted when the
//     listing now shows the grant with exactly what was posted (matches).
//
// Meta's answers on these edges carry no timestamp to tell when a grant was
// made (the AssignedUser node has business, id, name and user_type, per
// Meta's SDK spec api_specs/specs/AssignedUser.json; subscribed_apps lists
// id, name and subscribed_fields), so the agencies' access_requested_time
// rule cannot apply. "Absent before this POST, and this POST reached Meta"
// takes its place: a grant listed now with exactly the posted values is
// the POST's own work, save for an identical one made in the instant
// between the two, which the POST would have overwritten anyway.
func createGrant[T any](ctx context.Context, c *Client, g grantCreate[T]) error {
	if !c.creates.claim(g.key) {
		return &ExistingGrantError{Who: g.who, PageID: g.pageID, SameRun: true}
	}
	look := g.look
	if look == nil {
		look = func() (*T, string, string, error) { found, err := g.find(); return found, g.listing, "", err }
	}
	existing, listing, scope, err := look()
	if err != nil {
		return err
	}
	if existing != nil {
		return &ExistingGrantError{Endpoint: listing, Who: g.who, PageID: g.pageID, Holds: g.holds(existing), Scope: scope}
	}
	seen := &outcome{}
	err = g.write(seen)
	if err == nil {
		return nil
	}
	if !seen.mayHaveWritten || ctx.Err() != nil {
		return err
	}
	return c.adoptIfMine(ctx, err, g.what, func() (bool, map[string]any, error) {
		now, err := g.find()
		if err != nil || now == nil || !g.matches(now) {
			return false, nil, err
		}
		return true, map[string]any{"page_id": g.pageID, "grant": g.who}, nil
	})
}

// grantCreate is what createGrant needs to know about one edge's create.
type grantCreate[T any] struct {
	key     string // unique per grant in this client: edge, Page, id
	pageID  string
	who     string // "user 123": for messages
	what    string // the listing, in words: "assigned users"
	listing string // "GET /v25.0/{page-id}/assigned_users"
	find    func() (*T, error)
	// look, when set, is the look before the POST, across everything the
	// POST touches (find's listing alone by default): the grant and the
	// listing that shows it.
	look    func() (found *T, listing, scope string, err error)
	holds   func(*T) []string // what the grant holds, for messages
	matches func(*T) bool     // whether it holds exactly what was posted
	write   func(seen *outcome) error
}
