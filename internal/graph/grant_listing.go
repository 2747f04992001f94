package graph

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// grant is an entry of a listing of who has access to a Page (agencies,
// assigned users, subscribed apps): one per id.
type grant[T any] interface {
	grantID() string
	// sameAccess reports whether other grants the same access, so that a
	// second entry for the id is a harmless repeat.
	sameAccess(other T) bool
	// clone returns a copy that shares no slice with the receiver: the
	// entries of a shared listing are only ever handed out as copies.
	clone() T
}

// Page edges that list grants.
const (
	edgeAgencies       = "agencies"
	edgeAssignedUsers  = "assigned_users"
	edgeSubscribedApps = "subscribed_apps"
)

// resend says whether a call may be sent again after an attempt whose
// answer was lost: every pageEdgeCall states it, since the helper serves
// edges whose writes differ (DESIGN.md, "Never send twice"). An edge whose
// second delivery does something again (a message sent twice) passes
// resend(false): only an answer that proves no delivery then allows a retry.
type resend bool

// mayResend: sending the call twice leaves Meta as sending it once does. A
// GET reads; a grant POST or DELETE sets the grant to one state (only the
// answer may differ: Meta refuses a repeated agency POST as already
// assigned, which the create settles as its own).
const mayResend resend = true

// pageEdgeCall is a call to one edge of the Page, made with the Page's
// token; repeat says whether it may be resent.
//
//nolint:unparam // the point is that every caller states it (issue 27): today's edges all may be resent
func (c *Client) pageEdgeCall(ctx context.Context, method, pageID, edge string, repeat resend) (call, error) {
	token, err := c.PageToken(ctx, pageID)
	if err != nil {
		return call{}, err
	}
	return call{method: method, path: "/" + pageID + "/" + edge, token: token, safeToRepeat: bool(repeat)}, nil
}

// newGrantListings is the shared per-run listing of one grant edge of each
// Page (see listings), read with listGrants: every page followed, asking
// only for fields, AgencyPageLimit entries a page. scopeParam, when set, is
// the query parameter that carries the key's scope (Meta lists a Page's
// assigned users one business at a time).
func newGrantListings[T grant[T]](c *Client, edge string, fields []string, scopeParam string) *listings[T] {
	l := newListings(func(ctx context.Context, key listingKey, clock *pageClock) ([]T, error) {
		cl, err := c.pageEdgeCall(ctx, "GET", key.page, edge, mayResend)
		if err != nil {
			return nil, err
		}
		cl.clock = clock
		cl.query = url.Values{
			"fields": {strings.Join(fields, ",")},
			"limit":  {strconv.Itoa(AgencyPageLimit)},
		}
		if scopeParam != "" {
			cl.query.Set(scopeParam, key.scope)
		}
		return listGrants[T](ctx, c, cl)
	}, func(key listingKey) string {
		return c.edgeListing(key.page, edge)
	}, c.cfg.naiveListing)
	l.idOf, l.sameAccess, l.scrub = T.grantID, T.sameAccess, c.secrets.scrub
	return l
}

// edgeListing names the listing of the Page's edge in errors and waits:
// "GET /v25.0/{page-id}/{edge}".
func (c *Client) edgeListing(pageID, edge string) string {
	return "GET " + c.endpoint("/"+pageID+"/"+edge)
}

// grantCopies returns the caller's own copy of key's shared listing.
func grantCopies[T grant[T]](ctx context.Context, l *listings[T], key listingKey) ([]T, error) {
	list, err := l.get(ctx, key)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(list))
	for i, g := range list {
		out[i] = g.clone()
	}
	return out, nil
}

// maxListingsToAgree is how many fresh complete listings settledGrantCopies
// takes, at the most, to find two in a row that agree.
const maxListingsToAgree = 4

// settledGrantCopies returns the caller's own copy of key's complete
// listing once two complete listings in a row, the shared one and fresh
// ones taken after it, list the same grants. One listing cannot say who
// holds access: a listing that reorders while it is walked (a grant moving
// onto a page already read) lacks a grant that is there, and Meta promises
// no order. Listings that never agree are an error, never a pick.
func settledGrantCopies[T grant[T]](ctx context.Context, l *listings[T], key listingKey, listing string) ([]T, error) {
	last, err := l.get(ctx, key)
	if err != nil {
		return nil, err
	}
	for range maxListingsToAgree {
		fresh, err := l.fetch(ctx, key, nil)
		if err != nil {
			return nil, err
		}
		if slices.Equal(grantIDs(last), grantIDs(fresh)) {
			out := make([]T, len(fresh))
			for i, g := range fresh {
				out[i] = g.clone()
			}
			return out, nil
		}
		last = fresh
	}
	return nil, fmt.Errorf("%s: %d complete listings in a row listed other grants each time; who holds access cannot be told while the listing changes as it is read", listing, maxListingsToAgree+1)
}

// grantIDs is the sorted ids of a listing's grants.
func grantIDs[T grant[T]](list []T) []string {
	ids := make([]string, len(list))
	for i, g := range list {
		ids[i] = g.grantID()
	}
	slices.Sort(ids)
	return ids
}

// findGrant returns a copy of the grant with this id in key's listing. A
// grant is present when a complete listing that started after the last
// write to the id returned lists it (the newest such listing that does);
// it returns (nil, nil) only when absence is proven: two such complete
// listings, each listing no id twice and neither older than maxAbsenceAge,
// both lack the id. One is not enough:
// a listing that reorders while it is walked (a grant moving onto a page
// already read) lacks a grant that is there. Writes to other ids do not
// make a listing stale, so the looks before many creates on one Page share
// two listings (listings.history). A failed or interrupted listing is an
// error, never "not found".
func findGrant[T grant[T]](ctx context.Context, l *listings[T], key listingKey, id string) (*T, error) {
	if l.disabled {
		for range 2 {
			list, err := l.fetch(ctx, key, nil)
			if found := grantIn(list, id); found != nil || err != nil {
				return found, err
			}
		}
		return nil, nil
	}
	for range maxListingsToAgree {
		evidence, recent, since := l.evidence(key, id)
		for _, list := range evidence {
			if found := grantIn(list, id); found != nil {
				return found, nil
			}
		}
		if recent >= maxHistory {
			return nil, nil
		}
		list, err := l.completeSince(ctx, key, since)
		if err != nil {
			return nil, err
		}
		if found := grantIn(list, id); found != nil {
			return found, nil // listed: present, even by a listing that reordered
		}
	}
	return nil, fmt.Errorf("%s: %d complete listings in a row listed an entry twice; whether id %s holds access cannot be told while the listing changes as it is read", l.call(key), maxListingsToAgree, l.scrub(id))
}

// grantIn returns a copy of the grant with this id in list, or nil.
func grantIn[T grant[T]](list []T, id string) *T {
	for _, g := range list {
		if g.grantID() == id {
			found := g.clone()
			return &found
		}
	}
	return nil
}

// lateListingWait bounds how long a create or update waits for Meta's
// listing to show its write, inside the operation's own timeout: Meta may
// list a grant a moment late. Past it, the caller decides in words.
const lateListingWait = 30 * time.Second

// awaitGrant reads fresh complete listings of key, a little further apart
// each time, until the grant with this id is listed and accept takes it,
// for at most lateListingWait and never past one second before ctx's
// deadline. It returns the last entry seen for the id (nil: never listed),
// accepted or not; a failed listing is an error.
func awaitGrant[T grant[T]](ctx context.Context, l *listings[T], key listingKey, id string, accept func(T) bool) (*T, error) {
	until := time.Now().Add(lateListingWait)
	if deadline, ok := ctx.Deadline(); ok && deadline.Add(-time.Second).Before(until) {
		until = deadline.Add(-time.Second)
	}
	var last *T
	for wait := 250 * time.Millisecond; ; wait = min(2*wait, 4*time.Second) {
		list, err := l.fetch(ctx, key, nil)
		if err != nil {
			return last, err
		}
		if last = grantIn(list, id); last != nil && accept(*last) {
			return last, nil
		}
		if time.Now().Add(wait).After(until) {
			return last, nil
		}
		select {
		case <-ctx.Done():
			return last, nil
		case <-time.After(wait):
		}
	}
}

// listGrants reads a complete listing of grants. An id listed twice with
// the same access is kept once (cursor paging can repeat an entry across
// pages); listed twice with different access, the listing is ambiguous and
// an error, since keeping either entry could hide access that remains.
func listGrants[T grant[T]](ctx context.Context, c *Client, cl call) ([]T, error) {
	var all []T
	at := map[string]int{}
	var ambiguous error
	err := listAll(ctx, c, cl, func(g T) bool {
		i, dup := at[g.grantID()]
		cl.clock.listed(g.grantID(), dup)
		if !dup {
			at[g.grantID()] = len(all)
			all = append(all, g)
			if cl.clock != nil {
				cl.clock.stamps = append(cl.clock.stamps, cl.clock.current)
			}
			return true
		}
		if cl.clock != nil {
			cl.clock.stamps[i] = cl.clock.current // seen again, on a later page
		}
		if !all[i].sameAccess(g) {
			ambiguous = fmt.Errorf("%s %s: id %s is listed twice with different access, so which one holds is unknown", cl.method, c.endpoint(cl.path), c.secrets.scrub(g.grantID()))
			return false
		}
		return true
	})
	if err = errors.Join(err, ambiguous); err != nil {
		return nil, err
	}
	return all, nil
}

// sameSet reports whether a and b hold the same values, in any order and
// with repeats ignored.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// errNoID is an entry of a listing without its id: not something the
// client can match, so an error rather than data.
var errNoID = errors.New(`the entry has no "id"`)

func (a *Agency) checkEntry() error        { return requireID(a.BusinessID) }
func (u *AssignedUser) checkEntry() error  { return requireID(u.UserID) }
func (s *SubscribedApp) checkEntry() error { return requireID(s.AppID) }
func (c *Conversation) checkEntry() error  { return requireID(c.ID) }

func requireID(id string) error {
	if id == "" {
		return errNoID
	}
	return nil
}

func (a Agency) grantID() string { return a.BusinessID }
func (a Agency) sameAccess(o Agency) bool {
	return sameSet(a.PermittedTasks, o.PermittedTasks) && a.AccessStatus == o.AccessStatus
}

func (u AssignedUser) grantID() string                { return u.UserID }
func (u AssignedUser) sameAccess(o AssignedUser) bool { return sameSet(u.Tasks, o.Tasks) }
func (s SubscribedApp) grantID() string               { return s.AppID }
func (s SubscribedApp) sameAccess(o SubscribedApp) bool {
	return sameSet(s.SubscribedFields, o.SubscribedFields)
}
