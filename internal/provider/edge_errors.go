package provider

import (
	"strings"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// edgeErrors explains Graph errors whose meaning depends on the edge that
// answered, keyed by the edge's last path component. They are consulted
// before plainErrors, which holds what a code means anywhere.
var edgeErrors = map[string]plainTable{
	// The thread control edges of Conversation Routing, formerly the
	// Handover Protocol (https://developers.facebook.com/docs/messenger-platform/conversation-routing/).
	// Meta documents no subcodes for them: code 10 is an app that may not do
	// this (not in control, or no role in the Page's conversation routing),
	// code 100 a parameter Meta refused.
	"pass_thread_control": {
		{graph.CodeAPIPermission, 0}: "Meta would not let the app behind this Page token pass this conversation. Only the app that controls it " +
			"(or any app while nobody does) may pass it: read the owner with the facebook_page_thread_owner data source, and let the Page's " +
			"primary receiver take it first (operation = \"take\"). The app must also have a role in the Page's conversation routing " +
			"(Meta Business Suite > Settings > Advanced messaging): without one, no thread control call works.",
		{graph.CodeInvalidParameter, 0}: "Meta refused the request. target_app_id must be an app with a role in the Page's conversation routing " +
			"(its primary receiver or a secondary receiver), or " + graph.PageInboxAppID + " for the Page inbox, and not the app passing; " +
			"the primary receiver must name it. recipient must be the person's page-scoped id (PSID) on this Page.",
	},
	"take_thread_control": {
		{graph.CodeAPIPermission, 0}: "Meta would not let the app behind this Page token take this conversation. Only the Page's primary receiver " +
			"may take a conversation another app controls; a secondary receiver may take one nobody controls, or ask with operation = \"request\". " +
			"The app must also have a role in the Page's conversation routing (Meta Business Suite > Settings > Advanced messaging).",
	},
	"request_thread_control": {
		{graph.CodeAPIPermission, 0}: "Meta would not pass this request on. Requesting control is for a secondary receiver of a Page that has a " +
			"primary receiver: check the Page's conversation routing (Meta Business Suite > Settings > Advanced messaging) and the app behind the token.",
		{graph.CodeInvalidParameter, 0}: "Meta refused the request. The primary receiver does not request control, it takes it (operation = \"take\"); " +
			"recipient must be the person's page-scoped id (PSID) on this Page.",
	},
	"release_thread_control": {
		{graph.CodeAPIPermission, 0}: "Meta would not let the app behind this Page token release this conversation. Only the app that controls it " +
			"may release it: read the owner with the facebook_page_thread_owner data source.",
	},
	"assigned_users": {
		{graph.CodeInvalidParameter, 0}: "Meta refused the user or the tasks. user_id must be the id of a business user or system user " +
			"(Business Settings, Users), not a personal profile id, and business_id the business that user belongs to; " +
			"the tasks must be ones Meta allows on Pages.",
		{graph.CodePermission, 0}: "The Page token lacks what assigning people needs: it must come from someone who can perform the MANAGE task " +
			"on the Page, with the pages_manage_metadata permission, and business_management to act for the business.",
	},
	// The Messenger Profile API
	// (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/).
	"messenger_profile": {
		{graph.CodeInvalidParameter, graph.SubcodeMenuNeedsGetStarted}: "Meta keeps a persistent menu only on a profile with a Get Started button. " +
			"Set get_started in this resource next to persistent_menu; if the button was set elsewhere and removed, set it here.",
		{graph.CodeInvalidParameter, 0}: "Meta refused a property of the profile: check the attribute named above against Meta's rules " +
			"(https domains, a web_url item's url, a postback item's payload, a \"default\" locale).",
		{graph.CodeCustomThrottled, 0}: "Meta allows 10 calls to the Messenger Profile API per Page in 10 minutes, and this Page has used them. " +
			"Wait 10 minutes and apply again; a plan with nothing to change makes no call that writes.",
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

// explainGraphError returns plain words for ge, the most precise first: an
// entry for its code and subcode (the edge's own, then one for anywhere),
// then one for its code alone (likewise). So an edge's words for a whole
// code never hide what a known subcode means, such as "no matching user".
func explainGraphError(ge *graph.Error) (string, bool) {
	edge := edgeErrors[ge.Endpoint[strings.LastIndex(ge.Endpoint, "/")+1:]]
	for _, key := range []graphCode{{ge.Code, ge.Subcode}, {ge.Code, 0}} {
		for _, t := range []plainTable{edge, plainErrors} {
			if words, ok := t[key]; ok {
				return words, true
			}
		}
	}
	return "", false
}
