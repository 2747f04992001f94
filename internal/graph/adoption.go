package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Creating access for a resource must never take over access the resource
// did not give: destroying it would then revoke access Terraform never
// granted (a grant made by hand, or by a second resource for the same
// grant). The one case a create keeps is its own write whose answer was
// lost. The pieces here serve every edge, with the edge's listing and POST
// plugged in.

// ExistingGrantError says a create found the access it was to give already
// there: listed before it wrote anything (given by hand, by another
// resource, or by an earlier apply whose answer was lost), or, on the
// agencies edge, refused by Meta as already assigned. The create does not
// take it over.
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
	// Refusal is Meta's answer when Meta, not the look, said the access
	// exists: "already assigned" (3989, 3946) to an agency POST.
	Refusal error
}

func (e *ExistingGrantError) Error() string {
	if e.SameRun {
		return fmt.Sprintf("%s on Page %s is already being created by another resource in this run", e.Who, e.PageID)
	}
	if e.Refusal != nil {
		return fmt.Sprintf("%s already has access to Page %s, by a change this apply did not make: %v", e.Who, e.PageID, e.Refusal)
	}
	holds := strings.Join(e.Holds, ", ")
	if holds == "" { // a PENDING agency is listed without tasks
		holds = "access"
	}
	return fmt.Sprintf("%s already holds %s on Page %s (%s), by a change this apply did not make", e.Who, holds, e.PageID, e.Endpoint)
}

func (e *ExistingGrantError) Unwrap() error { return e.Refusal }

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

// createGrant is the create of a grant, on every access edge:
//
//   - the grant must be new: claimed by no other create of this run, and
//     absent from the Page's listing (find) before the POST, else an
//     *ExistingGrantError;
//   - write makes the POST, reporting what the transport saw; a POST that
//     succeeded returns at once (the caller reads it back), never waiting
//     for a neighbour's write;
//   - a failed POST that may still have been carried out (some attempt
//     reached Meta and no answer said Meta refused it) is adopted when the
//     listing now shows the grant holding what was posted (matches).
//
// Meta's answers on these edges tell no reliable time a grant was made
// (the AssignedUser node has business, id, name and user_type, per Meta's
// SDK spec api_specs/specs/AssignedUser.json; subscribed_apps lists id,
// name and subscribed_fields; an agency's access_requested_time is Meta's
// clock, not this client's). "Absent before this POST, and this POST
// reached Meta" is the rule: a grant listed now with what was posted is
// the POST's own work, save for one holding the posted values made in the
// instant between the look and the POST. On the agencies edge a repeated
// POST answered "already assigned" after a lost attempt is one more failed
// write that may have been carried out, settled the same way.
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
	now, listErr := g.find()
	switch {
	case listErr != nil:
		return &AdoptionCheckError{Assign: err, Listing: g.what, Check: listErr}
	case now == nil || !g.matches(now):
		return err
	}
	c.log.Debug(ctx, "a write whose answer was lost was carried out: Meta lists it as this call made it", map[string]any{"page_id": g.pageID, "grant": g.who})
	return nil
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
	matches func(*T) bool     // whether it holds what was posted
	write   func(seen *outcome) error
}

// holdsAll reports whether listed holds each of posted, in any case: Meta
// may list a grant of MANAGE with the tasks MANAGE implies, and in lower
// case, as the provider's task rule allows (effective_tasks). A listed
// grant missing a posted task is not what was posted.
func holdsAll(listed, posted []string) bool {
	for _, t := range posted {
		if !slices.ContainsFunc(listed, func(l string) bool { return strings.EqualFold(l, t) }) {
			return false
		}
	}
	return true
}
