package graph

import (
	"context"
	"errors"
)

// TokenKind is the kind of account an access token acts for.
type TokenKind int

const (
	// TokenKindUnknown: Meta was not asked, or did not say.
	TokenKindUnknown TokenKind = iota
	// TokenKindUser: a person's token.
	TokenKindUser
	// TokenKindSystemUser: a business's system user's token.
	TokenKindSystemUser
	// TokenKindPage: a Page access token; the owner is the Page.
	TokenKindPage
)

// TokenOwner is whom Meta says the configured access token belongs to. The
// zero value means Meta did not say.
type TokenOwner struct {
	Kind     TokenKind
	ID, Name string
}

// Known reports whether Meta named the token's account.
func (o TokenOwner) Known() bool { return o.ID != "" }

// Fields only a node of one kind has, in Meta's SDK specification
// (facebook/facebook-business-sdk-codegen, api_specs/specs/SystemUser.json,
// User.json and Page.json): a SystemUser has created_by, finance_permission
// and ip_permission, which a User lacks; a Page has category, which neither
// has; a User has first_name, which neither other has.
var (
	systemUserOnlyFields = []string{"created_by", "finance_permission", "ip_permission"}
	pageOnlyFields       = []string{"category"}
	userOnlyFields       = []string{"first_name", "last_name"}
)

// cachedOwner is the outcome of the one lookup of the token's owner.
type cachedOwner struct {
	owner TokenOwner
	err   error
}

// tokenOwner says whom the configured access token belongs to, for errors
// that must say which token was refused. It asks Meta at most once per
// client (concurrent callers share the one lookup) and only on those error
// paths, so a run where everything works makes no extra call. A failed
// lookup is remembered too, except when the caller gave up: the original
// error is what matters, and is reported whatever the lookup says.
func (c *Client) tokenOwner(ctx context.Context) TokenOwner {
	c.ownerMu.Lock()
	cached := c.owner
	c.ownerMu.Unlock()
	if cached == nil {
		got, err := joinFlight(ctx, &c.ownerFlight, "me", func() (cachedOwner, error) {
			c.ownerMu.Lock()
			cached := c.owner
			c.ownerMu.Unlock()
			if cached != nil {
				return *cached, nil
			}
			owner, err := c.lookupTokenOwner(ctx)
			if err != nil && isContextError(err) {
				return cachedOwner{}, err // the caller gave up: ask again next time
			}
			got := cachedOwner{owner: owner, err: err}
			c.ownerMu.Lock()
			c.owner = &got
			c.ownerMu.Unlock()
			return got, nil
		}, func(err error) error { return err })
		if err != nil {
			got.err = err
		}
		cached = &got
	}
	if cached.err != nil {
		c.log.Debug(ctx, "Meta did not say whose access token this is", map[string]any{"error": cached.err.Error()})
	}
	return cached.owner
}

// lookupTokenOwner asks Meta whom the configured token acts for:
// GET /me?fields=id,name&metadata=1, with the token sent as on every call.
// /me "translates to the object ID of the person or Page whose access token
// is currently being used", and metadata=1 adds the node's fields
// (https://developers.facebook.com/docs/graph-api/overview, "Node Metadata"
// and "/me"); with a system user's token "me refers to the system user"
// (https://developers.facebook.com/docs/business-management-apis/system-users/guides/api-calls).
// Meta does not document which fields metadata lists for a system user:
// the kind is read from fields only one kind of node has, and left unknown
// when none of them is listed.
func (c *Client) lookupTokenOwner(ctx context.Context) (TokenOwner, error) {
	var answer struct {
		ID       string `json:"id"`
		Name     string `json:"name"`
		Metadata struct {
			Fields []struct {
				Name string `json:"name"`
			} `json:"fields"`
		} `json:"metadata"`
	}
	err := c.do(ctx, call{
		method: "GET", path: "/me",
		query: map[string][]string{"fields": {"id,name"}, "metadata": {"1"}},
		token: c.cfg.AccessToken, safeToRepeat: true,
	}, &answer)
	if err != nil {
		return TokenOwner{}, err
	}
	if answer.ID == "" {
		return TokenOwner{}, errors.New("GET " + c.endpoint("/me") + ": the answer names no account")
	}
	listed := map[string]bool{}
	for _, f := range answer.Metadata.Fields {
		listed[f.Name] = true
	}
	anyListed := func(names []string) bool {
		for _, n := range names {
			if listed[n] {
				return true
			}
		}
		return false
	}
	owner := TokenOwner{ID: answer.ID, Name: answer.Name}
	switch {
	case anyListed(systemUserOnlyFields):
		owner.Kind = TokenKindSystemUser
	case anyListed(pageOnlyFields):
		owner.Kind = TokenKindPage
	case anyListed(userOnlyFields):
		owner.Kind = TokenKindUser
	}
	return owner, nil
}

// ownerExplains reports whether err is Meta refusing the configured token
// for a reason its owner explains: a Graph error that is neither throttling
// nor the token itself being invalid or expired (code 190, which says all
// there is to say, and after which asking Meta about the token is futile).
func ownerExplains(err error) bool {
	var ge *Error
	return errors.As(err, &ge) && !ge.Throttled() && !ge.TokenRefused()
}
