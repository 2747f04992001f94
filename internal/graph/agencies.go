package graph

import (
	"context"
	"encoding/json"
	"net/url"
)

// AgencyFields are the fields the provider reads from /{page-id}/agencies.
// Asking explicitly matters: the edge returns only id and name by default.
var AgencyFields = []string{"id", "name", "access_status", "access_requested_time", "access_updated_time", "permitted_tasks"}

// AgencyPageLimit is the page size asked of /{page-id}/agencies, so that a
// complete listing takes ceil(agencies/limit) calls. Meta documents no
// maximum for this edge; its paging guide says some edges cap `limit` for
// performance and still return correct paging links, so asking more than
// the cap is harmless but gains nothing. 100 is the cap commonly seen on Page
// edges and the one the emulator applies by default (Options.MaxLimit).
const AgencyPageLimit = 100

// Values of an agency's access_status. Meta grants an agency claim made
// without the right Page permission as PENDING, and a Page admin approves
// or denies it later
// (https://developers.facebook.com/docs/marketing-api/business-manager/asset-management/pages).
const (
	AccessConfirmed = "CONFIRMED"
	AccessPending   = "PENDING"
)

// Agency is a business with access to a Page, as /{page-id}/agencies lists it.
type Agency struct {
	BusinessID          string   `json:"id"`
	Name                string   `json:"name"`
	AccessStatus        string   `json:"access_status"`
	AccessRequestedTime Time     `json:"access_requested_time"`
	AccessUpdatedTime   Time     `json:"access_updated_time"`
	PermittedTasks      []string `json:"permitted_tasks"`
}

// ListAgencies returns every agency of the page, all pages followed. The
// listing is shared with FindAgency and concurrent callers for the rest of
// the run, until a write to the page; the result is the caller's own copy.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/agencies/
func (c *Client) ListAgencies(ctx context.Context, pageID string) ([]Agency, error) {
	return grantCopies(ctx, c.agencies, listingKey{page: pageID})
}

// ListAgenciesSettled is ListAgencies once two complete listings in a row
// agree on who is listed (settledGrantCopies): for a caller that acts on
// who is absent, such as one that removes every agency it does not expect.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/agencies/
func (c *Client) ListAgenciesSettled(ctx context.Context, pageID string) ([]Agency, error) {
	return settledGrantCopies(ctx, c.agencies, listingKey{page: pageID}, c.edgeListing(pageID, edgeAgencies))
}

// FindAgency looks the business up in the page's complete listing (shared
// as for ListAgencies). It returns (nil, nil) only when a complete listing
// lacks the business; a failed or interrupted listing is an error, never
// "not found".
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/agencies/
func (c *Client) FindAgency(ctx context.Context, pageID, businessID string) (*Agency, error) {
	return findGrant(ctx, c.agencies, listingKey{page: pageID}, businessID)
}

// ReadBackAgency is FindAgency for a caller that has just written the
// business's access (AssignAgency): its answer comes from a page of the
// listing requested after the write returned, shared with the read-backs
// of the writes made alongside (readBack).
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/agencies/
func (c *Client) ReadBackAgency(ctx context.Context, pageID, businessID string) (*Agency, error) {
	return readBack(ctx, c.agencies, listingKey{page: pageID}, businessID)
}

// AwaitAgency reads fresh listings of the Page's agencies until the
// business is listed and accept takes the entry, within a bounded wait
// (awaitGrant): for a read-back that did not see its write.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/agencies/
func (c *Client) AwaitAgency(ctx context.Context, pageID, businessID string, accept func(Agency) bool) (*Agency, error) {
	return awaitGrant(ctx, c.agencies, listingKey{page: pageID}, businessID, accept)
}

// CreateAgency gives the business the tasks on the page
// (POST /{page-id}/agencies) for a resource being created (createGrant).
// The POST is safe to repeat; Meta answers a repeat "already assigned"
// (3989, 3946) when a lost attempt was carried out, which is then one more
// failed write, settled by the listing. "Already assigned" when no attempt
// may have been carried out is someone else's grant, made after the look:
// an *ExistingGrantError carrying Meta's answer.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/agencies/
func (c *Client) CreateAgency(ctx context.Context, pageID, businessID string, tasks []string) error {
	who := "business " + businessID
	return createGrant(ctx, c, grantCreate[Agency]{
		key:     "agencies/" + pageID + "/" + businessID,
		pageID:  pageID,
		who:     who,
		what:    "agencies",
		listing: c.edgeListing(pageID, edgeAgencies),
		find:    func() (*Agency, error) { return c.FindAgency(ctx, pageID, businessID) },
		holds:   func(a *Agency) []string { return a.PermittedTasks },
		matches: func(a *Agency) bool { return holdsAll(a.PermittedTasks, tasks) || pendingWithoutTasks(a) },
		write: func(seen *outcome) error {
			err := c.assignAgency(ctx, pageID, businessID, tasks, seen)
			if IsAlreadyAssigned(err) {
				return &ExistingGrantError{Who: who, PageID: pageID, Refusal: err}
			}
			return err
		},
	})
}

// pendingWithoutTasks reports whether Meta lists the agency as waiting for
// a Page admin's approval with no tasks. Meta documents permitted_tasks
// only as "the permissions of tasks associated with the access request"
// (https://developers.facebook.com/docs/graph-api/reference/page/agencies/),
// not that a PENDING request lists them, so an empty list is one plausible
// answer to a POST Meta made PENDING, whatever tasks it posted; a PENDING
// entry that lists tasks is matched by holdsAll like any other.
func pendingWithoutTasks(a *Agency) bool {
	return a.AccessStatus != "" && a.AccessStatus != AccessConfirmed && len(a.PermittedTasks) == 0
}

// AssignAgency is the POST of CreateAgency alone, with no look and no
// adoption: for a caller that gives access outside a resource's create.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/agencies/
func (c *Client) AssignAgency(ctx context.Context, pageID, businessID string, tasks []string) error {
	return c.assignAgency(ctx, pageID, businessID, tasks, nil)
}

func (c *Client) assignAgency(ctx context.Context, pageID, businessID string, tasks []string, seen *outcome) error {
	encoded, err := json.Marshal(tasks)
	if err != nil {
		return err
	}
	form := url.Values{"business": {businessID}, "permitted_tasks": {string(encoded)}}
	return postGrant(ctx, c, c.agencies, pageID, edgeAgencies, businessID, form, seen)
}

// RemoveAgency takes the business off the page (DELETE /{page-id}/agencies).
// A business that is already gone counts as removed: when Meta refuses the
// delete, a complete listing that lacks the business settles it.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/agencies/
func (c *Client) RemoveAgency(ctx context.Context, pageID, businessID string) error {
	return removeGrant(ctx, c, c.agencies, listingKey{page: pageID}, edgeAgencies, businessID, url.Values{"business": {businessID}},
		"agency", "the business still has access", map[string]any{"page_id": pageID, "business_id": businessID})
}
