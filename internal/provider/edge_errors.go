package provider

import (
	"strings"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// edgeErrors explains Graph errors whose meaning depends on the edge that
// answered, keyed by the edge's last path component. They are consulted
// before plainErrors, which holds what a code means anywhere.
var edgeErrors = map[string]plainTable{
	"assigned_users": {
		{graph.CodeInvalidParameter, 0}: "Meta refused the user or the tasks. user_id must be the id of a business user or system user " +
			"(Business Settings, Users), not a personal profile id, and business_id the business that user belongs to; " +
			"the tasks must be ones Meta allows on Pages.",
		{graph.CodePermission, 0}: "The Page token lacks what assigning people needs: it must come from someone who can perform the MANAGE task " +
			"on the Page, with the pages_manage_metadata permission, and business_management to act for the business.",
	},
	"subscribed_apps": {
		{graph.CodeInvalidParameter, 0}: "Meta refused the subscription. Every subscribed_fields value must be a Page webhook field, " +
			"and the app must have the Webhooks product set up for Pages.",
		{graph.CodePermission, 0}: "The Page token lacks what webhook subscriptions need: it must come from someone who can perform the MANAGE " +
			"or MODERATE task on the Page, with pages_manage_metadata; Messenger fields (messages, messaging_*) also need pages_messaging " +
			"for the app the token belongs to.",
		{graph.CodePageTokenRequired, 0}: "Subscribing an app needs a Page access token of that Page, not a user or app token. " +
			"Let the provider exchange access_token for the Page's token (a token of someone with a task on the Page), or set page_access_tokens.",
	},
}

// explainGraphError returns plain words for ge: the edge's own first, then
// what the code means anywhere.
func explainGraphError(ge *graph.Error) (string, bool) {
	edge := ge.Endpoint[strings.LastIndex(ge.Endpoint, "/")+1:]
	if t, ok := edgeErrors[edge]; ok {
		if words, ok := t.explain(ge); ok {
			return words, true
		}
	}
	return plainErrors.explain(ge)
}
