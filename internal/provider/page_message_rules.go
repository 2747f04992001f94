package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

// Rules of POST /{page-id}/messages that depend on values, checked at plan
// time so that a request Meta would refuse is never sent.

// reactionActions are the sender actions that need a reaction payload
// (developers.facebook.com/docs/messenger-platform/send-messages/sender-actions/).
var reactionActions = map[string]bool{"REACT": true, "UNREACT": true}

// notUtilityValidator refuses messaging_type UTILITY: Meta sends UTILITY
// only as a utility template message (message.template, which needs the
// page_utility_messaging permission;
// developers.facebook.com/docs/messenger-platform/send-messages/utility-messages/),
// and this action does not build templates, so the request could never
// succeed.
func notUtilityValidator() validator.String {
	return validators.StringFunc("must not be UTILITY", func(s string) error {
		if s == "UTILITY" {
			return fmt.Errorf("UTILITY is for Meta's utility template messages (message.template, with the page_utility_messaging permission), " +
				"which this action does not send. Use RESPONSE or UPDATE within 24 hours of the person's last message, or MESSAGE_TAG with a tag")
		}
		return nil
	})
}

// reactionRequiredValidator, on sender_action: REACT and UNREACT need the
// reaction block (the message reacted to), and no other action takes it.
type reactionRequiredValidator struct{}

func (reactionRequiredValidator) Description(ctx context.Context) string {
	return "REACT and UNREACT need reaction; other actions refuse it"
}

func (v reactionRequiredValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (reactionRequiredValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var reaction types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("reaction"), &reaction)...)
	if resp.Diagnostics.HasError() || reaction.IsUnknown() {
		return
	}
	action := req.ConfigValue.ValueString()
	switch {
	case reactionActions[action] && reaction.IsNull():
		resp.Diagnostics.AddAttributeError(req.Path, "Missing required argument",
			fmt.Sprintf("sender_action %s needs reaction { message_id = ... }: Meta reacts to one message, named in the request's payload.", action))
	case !reactionActions[action] && !reaction.IsNull():
		resp.Diagnostics.AddAttributeError(path.Root("reaction"), "Invalid attribute combination",
			fmt.Sprintf("reaction can only be set when sender_action is REACT or UNREACT, not %s.", action))
	}
}
