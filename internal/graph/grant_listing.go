package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// grant is an entry of a listing of who has access to a Page (agencies,
// assigned users, subscribed apps): one per id.
type grant[T any] interface {
	grantID() string
	// sameAccess reports whether other grants the same access, so that a
	// second entry for the id is a harmless repeat.
	sameAccess(other T) bool
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
