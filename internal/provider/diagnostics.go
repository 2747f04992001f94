package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// addAPIError reports a failed Graph call as an error diagnostic whose detail
// carries the endpoint, Meta's code, subcode, message and fbtrace_id (all in
// the error's text) and, where one helps, what to do about it.
func addAPIError(diags *diag.Diagnostics, summary string, err error) {
	diags.AddError(summary, err.Error()+hint(err))
}

func hint(err error) string {
	var unknown *graph.DeliveryUnknownError
	if errors.As(err, &unknown) {
		// Checked first: it may wrap a deadline, whose advice (raise the
		// timeout and try again) would risk a duplicate here.
		return "\n\nMeta may have delivered this message. Check the conversation (for example in the Page's inbox) before sending it again, or the person may receive it twice."
	}
	var throttled *graph.ThrottleWaitError
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
	if words, ok := plainErrors.explain(ge); ok {
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
	{graph.CodeOAuth, 0}: "The access token is invalid or expired. Set a valid token in access_token or " + envAccessToken + ".",
	{graph.CodePermission, 0}: "The token lacks a permission or Page task this call needs. Page edges need a Page access token from someone with the right task on the Page " +
		"(MANAGE for agencies, MESSAGING for conversations and messages).",
	{graph.CodeInvalidParameter, graph.SubcodeSecondaryReceiver}: "The app behind this token is a secondary receiver on the Page (Handover Protocol), " +
		"and another app controls this conversation, so Meta does not tell it which one. Only the Page's primary receiver may ask: " +
		"run this with the primary receiver app's token, or ask a Page admin which app is set as primary receiver " +
		"(Page settings, Advanced messaging).",
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
