package graph

import "fmt"

// PageTokenError is a failed exchange of the configured access token for a
// Page's token (GET /{page-id}?fields=access_token). The call the user
// asked for was never sent: callers report it against the Page id rather
// than as a failure of that call.
type PageTokenError struct {
	PageID string
	// TokenOrigin says where the exchanged token was configured, as
	// Config.AccessTokenOrigin put it; never the token itself.
	TokenOrigin string
	// Owner is whom Meta says that token belongs to; zero when Meta was
	// not asked (the token itself was refused, code 190, or the failure
	// was not Meta's answer) or did not say.
	Owner TokenOwner
	Err   error
}

func (e *PageTokenError) Error() string {
	return fmt.Sprintf("exchanging the access token for Page %s's token: %v", e.PageID, e.Err)
}

func (e *PageTokenError) Unwrap() error { return e.Err }

// NoPageRoleError is a call on a Page's edge that Meta refused for lack of
// permission after the exchange for the Page's token had answered no token:
// Meta hands a Page's token only to a user or system user with a role on
// the Page (https://developers.facebook.com/docs/pages/access-tokens/), so
// the configured token was sent as it was, and refused. The cause is then
// the Page id or the token's role on the Page, not the call.
type NoPageRoleError struct {
	PageID string
	// TokenOrigin says where the token was configured, as
	// Config.AccessTokenOrigin put it; never the token itself.
	TokenOrigin string
	// Owner is whom Meta says that token belongs to; zero when Meta did
	// not say.
	Owner TokenOwner
	Err   error
}

func (e *NoPageRoleError) Error() string {
	return fmt.Sprintf("Meta handed out no Page access token of Page %s for the configured token, and refused that token: %v", e.PageID, e.Err)
}

func (e *NoPageRoleError) Unwrap() error { return e.Err }
