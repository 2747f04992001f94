package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// addAPIError reports a failed Graph call as an error diagnostic whose detail
// carries the endpoint, Meta's code, subcode, message and fbtrace_id (all in
// the error's text) and, where one helps, what to do about it. An error that
// comes from one argument is attached to it, so Terraform shows the line of
// configuration to fix.
func addAPIError(diags *diag.Diagnostics, summary string, err error) {
	var exchange *graph.PageTokenError
	if errors.As(err, &exchange) {
		if addPageTokenError(diags, exchange) {
			return
		}
	}
	var noRole *graph.NoPageRoleError
	if errors.As(err, &noRole) {
		addNoPageRoleError(diags, summary, noRole)
		return
	}
	var ge *graph.Error
	if errors.As(err, &ge) {
		if arg, ok := argumentOf(ge); ok {
			diags.AddAttributeError(path.Root(arg), summary, err.Error()+hint(err))
			return
		}
	}
	diags.AddError(summary, err.Error()+hint(err))
}

// addPageTokenError reports a refused Page-token exchange in the user's
// terms: the call they asked for was never sent, and the cause is the Page
// id or the token. It reports nothing, and returns false, for failures that
// are neither (throttling, network, timeouts).
func addPageTokenError(diags *diag.Diagnostics, e *graph.PageTokenError) bool {
	var ge *graph.Error
	if !errors.As(e.Err, &ge) || ge.Throttled() {
		return false
	}
	who := newTokenWords(e.TokenOrigin, e.Owner)
	if ge.TokenRefused() {
		diags.AddError("The Facebook access token was refused",
			fmt.Sprintf("Meta refused the access token from %s when the provider exchanged it for Page %s's token, before making the call you asked for.\n\n%v%s",
				who.origin, e.PageID, e.Err, hint(ge)))
		return true
	}
	extra := hint(ge)
	if ge.NoSuchObject() {
		extra = "" // the words above already say it, in this call's terms
	}
	diags.AddAttributeError(path.Root("page_id"), "Cannot act on Page "+e.PageID,
		fmt.Sprintf("Meta would not hand out Page %s's access token for %s. "+
			"Either no Page has this id, or %s has no role on the Page.\n\n"+
			"Check that page_id is the Page's numeric id (Page > About > Page transparency, or Meta Business Suite > Settings > Business assets); then %s "+
			"Or set a Page access token for this Page in page_access_tokens.\n\n%v%s",
			e.PageID, who.token(), who.holder(), who.whatToCheck(e.PageID), e.Err, extra))
	return true
}

// addNoPageRoleError reports, on page_id, a call that Meta refused because
// the configured token has no role on the Page: the exchange for the Page's
// token answered none, so the edge saw a token that is not the Page's.
func addNoPageRoleError(diags *diag.Diagnostics, summary string, e *graph.NoPageRoleError) {
	who := newTokenWords(e.TokenOrigin, e.Owner)
	orOtherPage := ""
	if !e.Owner.Known() {
		orOtherPage = " (or the token is a Page access token of another Page)"
	}
	diags.AddAttributeError(path.Root("page_id"), summary+": no role on Page "+e.PageID,
		fmt.Sprintf("Page %s exists, but Meta handed out no Page access token of it for %s, "+
			"and then refused that token: %s has no role on this Page%s.\n\n"+
			"Check that page_id is the Page you mean; then %s "+
			"Or set a Page access token for this Page in page_access_tokens.\n\n%v%s",
			e.PageID, who.token(), who.holder(), orOtherPage, who.whatToCheck(e.PageID), e.Err, neededPermissionsOf(e.Err)))
}

// errorArguments names the argument a Graph error comes from, for errors
// that can only come from one.
var errorArguments = plainTable{
	{graph.CodeInvalidParameter, graph.SubcodeNoMatchingUser}: "recipient",
}

// edgeErrorArguments names, per edge, the argument an error with this
// code and subcode comes from, whatever its message says.
var edgeErrorArguments = map[string]plainTable{
	"messenger_profile": {{graph.CodeInvalidParameter, graph.SubcodeMenuNeedsGetStarted}: "persistent_menu"},
}

// paramArguments maps, per edge, the request parameters Meta may name in an
// invalid-parameter error to the argument they carry. Only the edge's own
// resources, data sources and actions send them, and each of those has the
// argument, so the attribute path always exists.
var paramArguments = map[string]map[string]string{
	"agencies":        {"business": "business_id", "permitted_tasks": "permitted_tasks"},
	"assigned_users":  {"business": "business_id", "user": "user_id", "tasks": "tasks"},
	"subscribed_apps": {"subscribed_fields": "subscribed_fields"},
	"messages":        {"recipient": "recipient"},
	"thread_owner":    {"recipient": "recipient"},
	// The thread control edges of facebook_page_thread_control.
	"pass_thread_control":    {"recipient": "recipient", "target_app_id": "target_app_id", "metadata": "metadata"},
	"take_thread_control":    {"recipient": "recipient", "metadata": "metadata"},
	"request_thread_control": {"recipient": "recipient", "metadata": "metadata"},
	// facebook_page_messenger_profile: Meta names the property it refuses.
	"messenger_profile": {
		"get_started": "get_started", "persistent_menu": "persistent_menu", "ice_breakers": "ice_breakers",
		"whitelisted_domains": "whitelisted_domains", "platform": "platform",
	},
	"release_thread_control": {"recipient": "recipient"},
}

// argumentOf names the argument a Graph error comes from: by its code, or
// by the request parameter Meta's message names on this edge.
func argumentOf(ge *graph.Error) (string, bool) {
	if arg, ok := errorArguments.explain(ge); ok {
		return arg, true
	}
	edge := ge.Endpoint[strings.LastIndex(ge.Endpoint, "/")+1:]
	if arg, ok := edgeErrorArguments[edge][graphCode{ge.Code, ge.Subcode}]; ok {
		return arg, true
	}
	arg, ok := paramArguments[edge][ge.Param()]
	return arg, ok
}

func hint(err error) string {
	var unknown *graph.DeliveryUnknownError
	if errors.As(err, &unknown) {
		// Checked first: it may wrap a deadline, whose advice (raise the
		// timeout and try again) would risk a duplicate here.
		if unknown.ThreadControl {
			return "\n\nMeta may have carried out this request. Read who controls the conversation (the facebook_page_thread_owner data source) " +
				"before invoking it again, or the conversation may change hands twice."
		}
		return "\n\nMeta may have delivered this message. Check the conversation (for example in the Page's inbox) before sending it again, or the person may receive it twice."
	}
	var throttled *graph.RetryWaitError
	if errors.As(err, &throttled) {
		return ""
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "\n\nThe operation ran out of time. Raise the resource's timeouts or try again later."
	}
	if errors.Is(err, context.Canceled) {
		return "\n\nThe operation was cancelled."
	}
	var ge *graph.Error
	if !errors.As(err, &ge) {
		return ""
	}
	if words, ok := explainGraphError(ge); ok {
		if ge.PermissionDenied() {
			words += neededPermissions(ge.Endpoint)
		}
		return "\n\n" + words
	}
	switch {
	case ge.Throttled():
		return "\n\nMeta is rate limiting these calls and the retries are used up. Wait a while, lower -parallelism, or raise max_retries."
	case ge.UserTitle != "":
		return fmt.Sprintf("\n\n%s.", ge.UserTitle)
	}
	return ""
}

// graphCode names a Graph error by code and subcode; subcode 0 stands for
// every subcode of the code without an entry of its own.
type graphCode struct{ code, subcode int }

// plainTable maps Graph errors to explanations in plain words.
type plainTable map[graphCode]string

// plainErrors explains, in plain words, Graph errors whose own message does
// not say what happened or what to do. Every such explanation lives here.
var plainErrors = plainTable{
	{graph.CodeInvalidParameter, graph.SubcodeNoSuchObject}: "Meta knows no object with this id that the token may see: the id is wrong, " +
		"or the person or system user the token belongs to has no role on it. Check the id, and the token's Page tasks.",
	{graph.CodeInvalidParameter, graph.SubcodeNoMatchingUser}: "No person with this id has talked to the Page: check the recipient. " +
		"It must be the page-scoped id (PSID) the Page's webhook or conversations report for this Page, not a user id from another app or Page.",
	{graph.CodeOAuth, 0}:                               "The access token is invalid or expired. Set a valid token in access_token or " + envAccessToken + ". " + longLivedToken,
	{graph.CodeOAuth, graph.SubcodeTokenExpired}:       "The access token has expired. " + longLivedToken,
	{graph.CodeOAuth, graph.SubcodePasswordChanged}:    "The access token was invalidated because its user changed their password or Meta logged them out. " + longLivedToken,
	{graph.CodeOAuth, graph.SubcodeAppNotInstalled}:    "The token's user has removed the app or never authorised it: authorise the app again and issue a new token. " + longLivedToken,
	{graph.CodeOAuth, graph.SubcodeUnconfirmedUser}:    "The token's user has not confirmed their Facebook account: they must log in to Facebook and confirm it.",
	{graph.CodeOAuth, graph.SubcodeInvalidAccessToken}: "The access token is not valid (mistyped, truncated, or revoked). " + longLivedToken,
	{graph.CodePermission, 0}: "The token lacks a permission or Page task this call needs. Page edges need a Page access token from someone with the right task on the Page. " +
		"A permission the app has not been granted needs App Review, and Advanced Access for Pages the app's business does not own.",
	{graph.CodeAPIPermission, 0}: "The app lacks a permission this call needs. Request it in App Review, with Advanced Access for Pages the app's business does not own, " +
		"then issue a new token that includes it.",
	{graph.CodeInvalidParameter, graph.SubcodeSecondaryReceiver}: "The app behind this token is a secondary receiver on the Page (Conversation Routing), " +
		"and another app controls this conversation, so Meta does not tell it which one. Only the Page's primary receiver may ask: " +
		"run this with the primary receiver app's token, or ask a Page admin which app is set as primary receiver " +
		"(Page settings, Advanced messaging).",
	{graph.CodeAPIPermission, graph.SubcodeOutsideMessagingWindow}: "This message was sent outside the messaging window: RESPONSE and UPDATE only work " +
		"within 24 hours of the person's last message. Outside it, send with messaging_type = \"MESSAGE_TAG\" and a tag that fits the message's purpose, " +
		"or wait until the person writes again.",
	{graph.CodeAPIPermission, graph.SubcodePageRestricted}: "Meta has temporarily restricted this Page from sending messages. " +
		"This is not a missing permission, and a new token does not lift it. Check the Page's status and notifications " +
		"in Meta Business Suite (Page quality, account status), and send again once the restriction has ended " +
		"(https://developers.facebook.com/docs/messenger-platform/changelog/).",
	{graph.CodeAPIPermission, graph.SubcodeThreadControlledByOtherApp}: "Another app controls this conversation now (Conversation Routing), " +
		"so this app may not act in it. Read the owner with the facebook_page_thread_owner data source; the Page's primary receiver can take " +
		"the conversation with the facebook_page_thread_control action (operation = \"take\"), and a secondary receiver can ask for it (operation = \"request\").",
	{graph.CodePermissionDisallowsMessage, 0}: "The person's settings or Meta's messaging rules do not allow this Page to message them now. " +
		"Outside the 24-hour window after their last message, a message needs messaging_type = \"MESSAGE_TAG\" and a tag that fits its purpose.",
	{graph.CodePersonUnavailable, 0}: "This person cannot receive messages from the Page: they may have blocked it, deactivated their account, " +
		"or the id is not a page-scoped id (PSID) of this Page.",
	{graph.CodeCommerceMessagingDisabled, 0}: "Meta has temporarily disabled sending commerce messages for this app. Check the app's alerts in the App Dashboard, then try again later.",
	{graph.CodeAlreadyRepliedTo, 0}:          "This comment or post already received its private reply: Meta allows one private reply per comment or post.",
	{graph.CodeCannotReplyToActivity, 0}: "This comment or post cannot receive a private reply: its author cannot be messaged from the Page, " +
		"or it is too old to reply to privately.",
}

// explain returns the explanation for ge's code and subcode, falling back
// to one for the code as a whole.
func (t plainTable) explain(ge *graph.Error) (string, bool) {
	if words, ok := t[graphCode{ge.Code, ge.Subcode}]; ok {
		return words, true
	}
	words, ok := t[graphCode{ge.Code, 0}]
	return words, ok
}

// longLivedToken says how to get a token that lasts, for the token errors.
const longLivedToken = "For pipelines use a system-user token (Meta Business Suite > Settings > Users > System users > Generate new token), which does not expire; " +
	"a person's token from the Graph API Explorer lasts about an hour unless exchanged for a long-lived one " +
	"(https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived)."

// edgePermissions are the permissions and Page tasks each Page edge needs,
// as Meta's reference for the edge lists them.
var edgePermissions = map[string]string{
	// https://developers.facebook.com/docs/graph-api/reference/page/agencies/
	"agencies": "business_management and pages_show_list, with the MANAGE task on the Page",
	// https://developers.facebook.com/docs/graph-api/reference/page/conversations/
	"conversations": "pages_messaging, pages_manage_metadata and pages_read_engagement, with the MESSAGING or MODERATE task on the Page",
	// https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/
	"messenger_profile": "pages_messaging, with the MESSAGING task on the Page",
	// https://developers.facebook.com/docs/messenger-platform/reference/send-api/
	"messages": "pages_messaging, with the MESSAGING task on the Page",
	// https://developers.facebook.com/docs/messenger-platform/reference/handover-protocol/thread-owner-api/
	"thread_owner": "pages_messaging, with the MESSAGING task on the Page",
	// https://developers.facebook.com/docs/messenger-platform/conversation-routing/
	"release_thread_control": "pages_messaging, with the MESSAGING task on the Page",
	"pass_thread_control":    "pages_messaging, with the MESSAGING task on the Page",
	"take_thread_control":    "pages_messaging, with the MESSAGING task on the Page",
	"request_thread_control": "pages_messaging, with the MESSAGING task on the Page",
}

// neededPermissions names what the call at endpoint needs, when known.
func neededPermissions(endpoint string) string {
	edge := endpoint[strings.LastIndex(endpoint, "/")+1:]
	if need, ok := edgePermissions[edge]; ok {
		return " This call (" + edge + ") needs " + need + "."
	}
	return ""
}

// neededPermissionsOf names what the failed call in err needs, when known.
func neededPermissionsOf(err error) string {
	var ge *graph.Error
	if !errors.As(err, &ge) {
		return ""
	}
	return neededPermissions(ge.Endpoint)
}
