package graph

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"
)

// AgencyFields are the fields the provider reads from /{page-id}/agencies.
// Asking explicitly matters: the edge returns only id and name by default.
var AgencyFields = []string{"id", "name", "access_status", "access_requested_time", "access_updated_time", "permitted_tasks"}

// AgencyPageLimit is the page size asked of /{page-id}/agencies: large, so a
// listing takes as few calls as possible.
const AgencyPageLimit = 100

// Agency is a business with access to a Page, as /{page-id}/agencies lists it.
type Agency struct {
	BusinessID          string   `json:"id"`
	Name                string   `json:"name"`
	AccessStatus        string   `json:"access_status"`
	AccessRequestedTime Time     `json:"access_requested_time"`
	AccessUpdatedTime   Time     `json:"access_updated_time"`
	PermittedTasks      []string `json:"permitted_tasks"`
}

func (c *Client) agenciesCall(ctx context.Context, method, pageID string) (call, error) {
	token, err := c.PageToken(ctx, pageID)
	if err != nil {
		return call{}, err
	}
	return call{method: method, path: "/" + pageID + "/agencies", token: token, safeToRepeat: true}, nil
}

// visitAgencies lists the page's agencies until visit returns false.
func (c *Client) visitAgencies(ctx context.Context, pageID string, visit func(Agency) bool) error {
	cl, err := c.agenciesCall(ctx, "GET", pageID)
	if err != nil {
		return err
	}
	cl.query = url.Values{
		"fields": {strings.Join(AgencyFields, ",")},
		"limit":  {itoa(AgencyPageLimit)},
	}
	return listAll(ctx, c, cl, visit)
}

// ListAgencies returns every agency of the page, all pages followed.
func (c *Client) ListAgencies(ctx context.Context, pageID string) ([]Agency, error) {
	var all []Agency
	err := c.visitAgencies(ctx, pageID, func(a Agency) bool {
		all = append(all, a)
		return true
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// FindAgency looks the business up among the page's agencies. It returns
// (nil, nil) only when a complete listing lacks the business; a failed or
// interrupted listing is an error, never "not found".
func (c *Client) FindAgency(ctx context.Context, pageID, businessID string) (*Agency, error) {
	var found *Agency
	err := c.visitAgencies(ctx, pageID, func(a Agency) bool {
		if a.BusinessID == businessID {
			found = &a
			return false
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	return found, nil
}

// AssignAgency gives the business the tasks on the page
// (POST /{page-id}/agencies). Meta answers 3989 or 3946 when the business is
// already assigned; callers see that as a *Error with that code.
func (c *Client) AssignAgency(ctx context.Context, pageID, businessID string, tasks []string) error {
	cl, err := c.agenciesCall(ctx, "POST", pageID)
	if err != nil {
		return err
	}
	encoded, err := json.Marshal(tasks)
	if err != nil {
		return err
	}
	cl.form = url.Values{"business": {businessID}, "permitted_tasks": {string(encoded)}}
	var answer struct {
		Success bool `json:"success"`
	}
	if err := c.do(ctx, cl, &answer); err != nil {
		return err
	}
	if !answer.Success {
		return errors.New("POST " + c.endpoint(cl.path) + ": Meta answered without success=true; the assignment may not have been made")
	}
	return nil
}

// RemoveAgency takes the business off the page (DELETE /{page-id}/agencies).
// A business that is already gone counts as removed: when Meta refuses the
// delete, a complete listing that lacks the business settles it.
func (c *Client) RemoveAgency(ctx context.Context, pageID, businessID string) error {
	cl, err := c.agenciesCall(ctx, "DELETE", pageID)
	if err != nil {
		return err
	}
	cl.query = url.Values{"business": {businessID}}
	var answer struct {
		Success bool `json:"success"`
	}
	deleteErr := c.do(ctx, cl, &answer)
	if deleteErr == nil && answer.Success {
		return nil
	}
	var ge *Error
	if deleteErr != nil && !errors.As(deleteErr, &ge) {
		return deleteErr
	}
	still, err := c.FindAgency(ctx, pageID, businessID)
	if err != nil {
		return errors.Join(deleteErr, err)
	}
	if still == nil {
		c.log.Debug(ctx, "agency already removed", map[string]any{"page_id": pageID, "business_id": businessID})
		return nil
	}
	if deleteErr != nil {
		return deleteErr
	}
	return errors.New("DELETE " + c.endpoint(cl.path) + ": Meta answered without success=true and the business still has access")
}
