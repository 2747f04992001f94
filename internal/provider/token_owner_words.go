package provider

import (
	"fmt"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// tokenWords says, in the errors about a Page, which token was used and
// whose it is, so the user knows whom to give access: where the token was
// configured and whom Meta says it belongs to. Never the token itself.
type tokenWords struct {
	origin string // "the FACEBOOK_ACCESS_TOKEN environment variable"
	owner  graph.TokenOwner
}

func newTokenWords(origin string, owner graph.TokenOwner) tokenWords {
	if origin == "" {
		origin = "the provider configuration"
	}
	return tokenWords{origin: origin, owner: owner}
}

// account names the token's account: `system user "CI deploy" (id 123)`.
func (w tokenWords) account() string {
	o := w.owner
	named := fmt.Sprintf("%q (id %s)", o.Name, o.ID)
	if o.Name == "" {
		named = "id " + o.ID
	}
	switch o.Kind {
	case graph.TokenKindSystemUser:
		return "system user " + named
	case graph.TokenKindUser:
		return "user " + named
	case graph.TokenKindPage:
		return "Page " + named
	}
	return named
}

// token is the token as the error's subject: "the access token from X,
// which belongs to system user "CI deploy" (id 123)".
func (w tokenWords) token() string {
	o := w.owner
	switch {
	case !o.Known():
		return "the access token from " + w.origin + " (a user or system-user token, not shown here; Meta did not say whose token it is)"
	case o.Kind == graph.TokenKindPage:
		return "the access token from " + w.origin + " (not shown here), which is the Page access token of " + w.account()
	case o.Kind == graph.TokenKindUnknown:
		return "the access token from " + w.origin + " (not shown here), which belongs to " + w.account() + ", a user or system user"
	}
	return "the access token from " + w.origin + " (not shown here), which belongs to " + w.account()
}

// holder is who lacks the role, as the subject of "has no role on the Page".
func (w tokenWords) holder() string {
	switch {
	case !w.owner.Known():
		return "the person or system user that token belongs to"
	case w.owner.Kind == graph.TokenKindPage:
		return "the token, a Page access token of another Page,"
	}
	return w.account()
}

// whatToCheck says how to give the token's account access to pageID, for
// its kind.
func (w tokenWords) whatToCheck(pageID string) string {
	switch {
	case !w.owner.Known() || w.owner.Kind == graph.TokenKindUnknown:
		return "assign the person or system user the token belongs to to Page " + pageID + " with the task this needs " +
			"(for a person: Meta Business Suite > Settings > Business assets > Pages; for a system user: Business Settings > Users > System users > Assign assets), " +
			"and check that the token was issued with pages_show_list."
	case w.owner.Kind == graph.TokenKindSystemUser:
		return "assign Page " + pageID + " to " + w.account() + " as an asset, with the task this needs " +
			"(Business Settings > Users > System users > Assign assets; the Page must belong to, or be shared with, the system user's business), " +
			"and check that the system user's token was generated with pages_show_list."
	case w.owner.Kind == graph.TokenKindPage:
		return "use a user or system-user token with a role on Page " + pageID + " instead: a Page access token acts only for its own Page."
	}
	return "give " + w.account() + " a role on Page " + pageID + " with the task this needs " +
		"(Meta Business Suite > Settings > Business assets > Pages > Add people, or the Page's settings > Page access), " +
		"and check that the token was issued with pages_show_list."
}
