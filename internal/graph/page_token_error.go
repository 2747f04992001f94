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
	Err         error
}

func (e *PageTokenError) Error() string {
	return fmt.Sprintf("exchanging the access token for Page %s's token: %v", e.PageID, e.Err)
}

func (e *PageTokenError) Unwrap() error { return e.Err }
