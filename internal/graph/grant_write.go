package graph

import (
	"context"
	"errors"
	"net/http"
	"net/url"
)

// postGrant gives or changes one id's access on a grant edge of the Page
// (POST /{page-id}/{edge} with form). The edge's listings are marked
// written around the call even when it fails, since Meta may have carried
// it out: a read after it must see a listing taken after it. An answer
// without success=true is an error, since the access may not have been
// given. seen, when set, learns what the transport saw (createGrant).
func postGrant[T any](ctx context.Context, c *Client, l *listings[T], pageID, edge, id string, form url.Values, seen *outcome) error {
	cl, success, err := writeGrant(ctx, c, l, http.MethodPost, pageID, edge, id, form, seen)
	if err == nil && !success {
		return errors.New("POST " + c.endpoint(cl.path) + ": Meta answered without success=true; the access may not have been given or changed")
	}
	return err
}

// removeGrant takes one id's access away from a grant edge of the Page
// (DELETE /{page-id}/{edge} with query), and decides the outcome. A plain
// success is success. A refused DELETE is an error, except Meta's code 100
// (invalid parameter, which may mean the access is already gone) and an
// answer without success=true: then proven absence (findGrant: two
// complete listings taken after the DELETE that agree) decides: an access
// already gone counts as removed, so a destroy of something removed
// outside Terraform converges, and one still there is an error, so a
// destroy never reports success while the access remains. Errors other
// than Meta's (a lost connection) are returned as they are. what names the
// access in the debug log ("agency"), remains says what is left in the
// error ("the business still has access").
func removeGrant[T grant[T]](ctx context.Context, c *Client, l *listings[T], key listingKey, edge, id string, query url.Values,
	what, remains string, fields map[string]any,
) error {
	cl, success, deleteErr := writeGrant(ctx, c, l, http.MethodDelete, key.page, edge, id, query, nil)
	if deleteErr == nil && success {
		return nil
	}
	var ge *Error
	if cl.path == "" || deleteErr != nil && (!errors.As(deleteErr, &ge) || ge.Code != CodeInvalidParameter) {
		// No call, a lost connection, or a refusal (permissions, say): the
		// access may well remain. Only Meta's "invalid parameter", which
		// may mean "not there", is settled by proving the access gone.
		return deleteErr
	}
	still, err := findGrant(ctx, l, key, id)
	if err != nil {
		return errors.Join(deleteErr, err)
	}
	if still == nil {
		c.log.Debug(ctx, what+" already removed", fields)
		return nil
	}
	if deleteErr != nil {
		return deleteErr
	}
	return errors.New("DELETE " + c.endpoint(cl.path) + ": Meta answered without success=true and " + remains)
}

// writeGrant makes one write call for id to a grant edge of the Page,
// values as the POST's form or the DELETE's query, between l's writing
// and written. It returns the call (zero when none was made) and whether
// Meta answered success=true.
func writeGrant[T any](ctx context.Context, c *Client, l *listings[T], method, pageID, edge, id string, values url.Values, seen *outcome) (call, bool, error) {
	cl, err := c.pageEdgeCall(ctx, method, pageID, edge, mayResend)
	if err != nil {
		return call{}, false, err
	}
	if method == http.MethodDelete {
		cl.query = values
	} else {
		cl.form = values
	}
	cl.seen = seen
	var answer struct {
		Success bool `json:"success"`
	}
	l.writing(pageID, id)
	err = c.do(ctx, cl, &answer)
	l.written(pageID, id)
	return cl, answer.Success, err
}
