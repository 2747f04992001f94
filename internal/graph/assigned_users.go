package graph

import (
	"context"
	"encoding/json"
	"net/url"
	"slices"
)

// AssignedUserFields are the fields the provider reads from
// /{page-id}/assigned_users: the AssignedUser node's own (business, id,
// name, user_type, per Meta's SDK spec api_specs/specs/AssignedUser.json)
// and the `tasks` the edge adds to each node
// (https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/).
// business is a Business node: its id and name are asked for by name, since
// a nested node otherwise answers its id only.
var AssignedUserFields = []string{"id", "name", "user_type", "business{id,name}", "tasks"}

// AssignedUser is a business user or system user with tasks on a Page, as
// /{page-id}/assigned_users?business={business-id} lists it.
type AssignedUser struct {
	UserID   string       `json:"id"`
	Name     string       `json:"name"`
	UserType string       `json:"user_type"` // e.g. SYSTEM_USER, BUSINESS_USER
	Business BusinessNode `json:"business"`  // the business the user belongs to
	Tasks    []string     `json:"tasks"`
}

// BusinessNode is a nested Business node: its id and name. Either is ""
// when Meta leaves it out.
type BusinessNode struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (u AssignedUser) clone() AssignedUser {
	u.Tasks = slices.Clone(u.Tasks)
	return u
}

// newAssignedUserListings is the shared per-run listing of a Page's
// assigned users, one per Page and business: Meta only lists the users of
// one business at a time (`business` is required on the GET).
func (c *Client) newAssignedUserListings() *listings[AssignedUser] {
	return newGrantListings[AssignedUser](c, edgeAssignedUsers, AssignedUserFields, "business")
}

// ListAssignedUsers returns every user of the business with tasks on the
// page, all pages followed. The listing is shared with FindAssignedUser and
// concurrent callers for the rest of the run, until a write to the page;
// the result is the caller's own copy.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/
func (c *Client) ListAssignedUsers(ctx context.Context, pageID, businessID string) ([]AssignedUser, error) {
	return grantCopies(ctx, c.assignedUsers, listingKey{page: pageID, scope: businessID})
}

// ListAssignedUsersSettled is ListAssignedUsers once two complete listings
// in a row agree on who is listed (settledGrantCopies): for a caller that
// acts on who is absent.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/
func (c *Client) ListAssignedUsersSettled(ctx context.Context, pageID, businessID string) ([]AssignedUser, error) {
	return settledGrantCopies(ctx, c.assignedUsers, listingKey{page: pageID, scope: businessID}, c.edgeListing(pageID, edgeAssignedUsers))
}

// FindAssignedUser looks the user up in the complete listing of the
// business's users on the page. It returns (nil, nil) only when a complete
// listing lacks the user; a failed or interrupted listing is an error.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/
func (c *Client) FindAssignedUser(ctx context.Context, pageID, businessID, userID string) (*AssignedUser, error) {
	return findGrant(ctx, c.assignedUsers, listingKey{page: pageID, scope: businessID}, userID)
}

// AssignUser gives the user exactly these tasks on the page
// (POST /{page-id}/assigned_users with user and tasks). Meta's reference
// documents this POST under "Updating": posting again for a user who
// already has tasks sets that user's tasks to the new list, in place
// (https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/, "Updating").
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/
func (c *Client) AssignUser(ctx context.Context, pageID, userID string, tasks []string) error {
	return c.assignUser(ctx, pageID, userID, tasks, nil)
}

// CreateAssignedUser is AssignUser for a resource being created: the user
// must have no tasks on the Page yet, and a POST whose answer was lost is
// settled by the listing (createGrant). A user who already has tasks is an
// *ExistingGrantError, since the POST would silently change them and a
// later destroy would take away access Terraform never gave.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/
func (c *Client) CreateAssignedUser(ctx context.Context, pageID, businessID, userID string, tasks []string) error {
	listedUnder := businessID
	return createGrant(ctx, c, grantCreate[AssignedUser]{
		key:     "assigned_users/" + pageID + "/" + userID,
		pageID:  pageID,
		who:     "user " + userID,
		what:    "assigned users",
		listing: c.edgeListing(pageID, edgeAssignedUsers) + "?business=" + businessID,
		look: func() (*AssignedUser, string, string, error) {
			u, under, err := c.findPersonOnPage(ctx, pageID, businessID, userID)
			if u != nil {
				listedUnder = under
			}
			return u, c.edgeListing(pageID, edgeAssignedUsers) + "?business=" + under, under, err
		},
		find:    func() (*AssignedUser, error) { return c.FindAssignedUser(ctx, pageID, listedUnder, userID) },
		holds:   func(u *AssignedUser) []string { return u.Tasks },
		matches: func(u *AssignedUser) bool { return holdsAll(u.Tasks, tasks) },
		write:   func(seen *outcome) error { return c.assignUser(ctx, pageID, userID, tasks, seen) },
	})
}

// findPersonOnPage looks for the user's tasks on the Page under every
// business that may list them: the configured one, the business that owns
// the Page (the Page's `business` field) and each of its agencies. A
// person's tasks on a Page are one list, which the POST replaces whatever
// business the caller had in mind (the POST takes no business), while Meta
// lists a Page's people one business at a time (`business` is required on
// the GET): https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/,
// https://developers.facebook.com/docs/graph-api/reference/page/ (field
// `business`). It returns the user and the business listing them, or nil
// when absence is proven under each.
func (c *Client) findPersonOnPage(ctx context.Context, pageID, businessID, userID string) (*AssignedUser, string, error) {
	owners, err := c.pageOwners.get(ctx, listingKey{page: pageID})
	if err != nil {
		return nil, "", err
	}
	agencies, err := c.agencies.get(ctx, listingKey{page: pageID})
	if err != nil {
		return nil, "", err
	}
	businesses := []string{businessID}
	for _, b := range owners {
		businesses = append(businesses, b.ID)
	}
	for _, a := range agencies {
		businesses = append(businesses, a.BusinessID)
	}
	seen := map[string]bool{}
	for _, b := range businesses {
		if b == "" || seen[b] {
			continue
		}
		seen[b] = true
		u, err := c.FindAssignedUser(ctx, pageID, b, userID)
		if err != nil || u != nil {
			return u, b, err
		}
	}
	return nil, "", nil
}

// newPageOwners remembers, per Page, the business that owns it (none, for a
// Page no business owns): asked once per run, since no write of this
// provider changes it.
func (c *Client) newPageOwners() *listings[BusinessNode] {
	return newListings(func(ctx context.Context, key listingKey, _ *pageClock) ([]BusinessNode, error) {
		token, err := c.PageToken(ctx, key.page)
		if err != nil {
			return nil, err
		}
		var page struct {
			Business *BusinessNode `json:"business"`
		}
		err = c.do(ctx, call{method: "GET", path: "/" + key.page, query: url.Values{"fields": {"business{id,name}"}}, token: token, safeToRepeat: true}, &page)
		if err != nil || page.Business == nil {
			return nil, err
		}
		return []BusinessNode{*page.Business}, nil
	}, func(key listingKey) string {
		return "GET " + c.endpoint("/"+key.page)
	}, false)
}

// ReadBackAssignedUser is FindAssignedUser for a caller that has just
// written the user's tasks (AssignUser, CreateAssignedUser): its answer
// comes from a page of the listing requested after the write returned,
// shared with the read-backs of the writes made alongside (readBack).
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/
func (c *Client) ReadBackAssignedUser(ctx context.Context, pageID, businessID, userID string) (*AssignedUser, error) {
	return readBack(ctx, c.assignedUsers, listingKey{page: pageID, scope: businessID}, userID)
}

// AwaitAssignedUser reads fresh listings of the business's users on the
// Page until the user is listed and accept takes the entry, within a
// bounded wait (awaitGrant): for a read-back that did not see its write.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/
func (c *Client) AwaitAssignedUser(ctx context.Context, pageID, businessID, userID string, accept func(AssignedUser) bool) (*AssignedUser, error) {
	return awaitGrant(ctx, c.assignedUsers, listingKey{page: pageID, scope: businessID}, userID, accept)
}

func (c *Client) assignUser(ctx context.Context, pageID, userID string, tasks []string, seen *outcome) error {
	encoded, err := json.Marshal(tasks)
	if err != nil {
		return err
	}
	form := url.Values{"user": {userID}, "tasks": {string(encoded)}}
	return postGrant(ctx, c, c.assignedUsers, pageID, edgeAssignedUsers, userID, form, seen)
}

// RemoveAssignedUser takes the user's tasks on the page away
// (DELETE /{page-id}/assigned_users?user=…). A user who is already gone
// counts as removed: when Meta refuses the delete, a complete listing of
// the business's users that lacks the user settles it.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/
func (c *Client) RemoveAssignedUser(ctx context.Context, pageID, businessID, userID string) error {
	return removeGrant(ctx, c, c.assignedUsers, listingKey{page: pageID, scope: businessID}, edgeAssignedUsers, userID, url.Values{"user": {userID}},
		"assigned user", "the user still has tasks on the Page", map[string]any{"page_id": pageID, "user_id": userID})
}
