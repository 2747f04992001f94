package provider

import (
	"context"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// grantSet is what an exclusive resource needs of one grant edge of a
// Page: who holds access, from two complete listings in a row that agree
// (a failed, partial or ambiguous listing is an error, never a shorter
// list; one listing that reorders as it is read would miss a holder, and
// "nothing to remove" needs proof), and the removal of
// one holder, which succeeds only once the access is gone (the client's
// removeGrant proves absence with complete listings when Meta's answer
// does not).
//
// This file is the one place where the exclusive resources reach the
// client's grant lifecycle: point these two constructors at another
// lifecycle and both resources follow.
type grantSet struct {
	list   func(ctx context.Context) ([]string, error)
	remove func(ctx context.Context, id string) error
}

// agencyGrants is the agencies of a Page, by business id.
func agencyGrants(c *graph.Client, pageID string) grantSet {
	return grantSet{
		list: func(ctx context.Context) ([]string, error) {
			agencies, err := c.ListAgenciesSettled(ctx, pageID)
			ids := make([]string, len(agencies))
			for i, a := range agencies {
				ids[i] = a.BusinessID
			}
			return ids, err
		},
		remove: func(ctx context.Context, businessID string) error { return c.RemoveAgency(ctx, pageID, businessID) },
	}
}

// assignedUserGrants is the people of one business with tasks on a Page,
// by user id.
func assignedUserGrants(c *graph.Client, pageID, businessID string) grantSet {
	return grantSet{
		list: func(ctx context.Context) ([]string, error) {
			users, err := c.ListAssignedUsersSettled(ctx, pageID, businessID)
			ids := make([]string, len(users))
			for i, u := range users {
				ids[i] = u.UserID
			}
			return ids, err
		},
		remove: func(ctx context.Context, userID string) error {
			return c.RemoveAssignedUser(ctx, pageID, businessID, userID)
		},
	}
}
