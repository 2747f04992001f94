package graph

import (
	"context"
	"errors"
)

// settleRemoval decides a DELETE that takes one access away from a Page
// (an agency, an assigned user, a subscribed app), once the DELETE has
// returned and the Page's listing has been marked written. A plain success
// is success. A refused DELETE is an error, except Meta's code 100 (invalid
// parameter, which may mean the access is already gone) and an answer
// without success=true: then proven absence (findGrant: two complete
// listings taken after the DELETE that agree) decides: an access already
// gone counts as removed, so a destroy of something removed outside
// Terraform converges, and one still there is an error, so a destroy never
// reports success while the access remains. Errors other than Meta's (a
// lost connection) are returned as they are. stillThere looks the access up;
// what names it in the debug log ("agency"), remains says what is left in
// the error ("the business still has access").
func (c *Client) settleRemoval(ctx context.Context, cl call, deleteErr error, success bool,
	stillThere func() (bool, error), what, remains string, fields map[string]any,
) error {
	if deleteErr == nil && success {
		return nil
	}
	var ge *Error
	if deleteErr != nil && (!errors.As(deleteErr, &ge) || ge.Code != CodeInvalidParameter) {
		// A lost connection, or a refusal (permissions, say): the access
		// may well remain. Only Meta's "invalid parameter", which may mean
		// "not there", is settled by proving the access gone.
		return deleteErr
	}
	still, err := stillThere()
	if err != nil {
		return errors.Join(deleteErr, err)
	}
	if !still {
		c.log.Debug(ctx, what+" already removed", fields)
		return nil
	}
	if deleteErr != nil {
		return deleteErr
	}
	return errors.New("DELETE " + c.endpoint(cl.path) + ": Meta answered without success=true and " + remains)
}
