package graphtest

import (
	"slices"
	"strings"
)

// The rules of POST /{page-id}/messages that Meta's current Send API
// reference states and its 2024 text did not
// (https://developers.facebook.com/docs/messenger-platform/reference/send-api/).

// threadControlTypes: thread_control.control_type is "pass" (optionally
// with app_id) or "release", and only works with conversation routing on
// (developers.facebook.com/docs/messenger-platform/conversation-routing/).
var threadControlTypes = []string{"pass", "release"}

// validateSenderActionRequest: "a sender action request carries only
// recipient and sender_action", plus the top-level payload that react and
// unreact need (developers.facebook.com/docs/messenger-platform/send-messages/sender-actions/).
// persona_id is allowed too: Meta's personas guide shows typing_on sent as a
// persona. Everything else is refused.
func validateSenderActionRequest(in *incoming, action string) *GraphError {
	for _, name := range []string{"thread_control", "reply_to", "messaging_type", "tag", "notification_type"} {
		if in.params.Get(name) != "" {
			return errParam("Param %s cannot be used with sender_action: a sender action request carries only recipient and sender_action", name)
		}
	}
	raw := in.params.Get("payload")
	switch action {
	case "REACT", "UNREACT":
		if raw == "" {
			return errRequired("payload")
		}
		v, err := decodeJSONParam(raw)
		p, ok := v.(map[string]any)
		if err != nil || !ok {
			return errParam("Param payload must be a JSON object")
		}
		if mid, _ := p["message_id"].(string); mid == "" {
			return errRequired("payload[message_id]")
		}
		reaction, hasReaction := p["reaction"].(string)
		if action == "REACT" && reaction == "" {
			return errRequired("payload[reaction]")
		}
		if action == "UNREACT" && hasReaction {
			return errParam("Param payload[reaction] cannot be used with sender_action unreact")
		}
	default:
		if raw != "" {
			return errParam("Param payload can only be used with sender_action react or unreact")
		}
	}
	return nil
}

// validateReplyTo: reply_to is an object, {"mid": "<message id>"}, in
// Meta's SDK specification (github.com/facebook/facebook-business-sdk-codegen,
// api_specs/specs/Page.json, POST messages); a bare string is refused.
func validateReplyTo(raw string) *GraphError {
	v, err := decodeJSONParam(raw)
	obj, ok := v.(map[string]any)
	if err != nil || !ok {
		return errParam("Param reply_to must be a JSON object such as {\"mid\": \"m_...\"}")
	}
	if mid, _ := obj["mid"].(string); mid == "" {
		return errRequired("reply_to[mid]")
	}
	return nil
}

// validateUtility: messaging_type UTILITY sends a utility template message
// (message.template); any other content cannot be sent as UTILITY
// (developers.facebook.com/docs/messenger-platform/send-messages/utility-messages/).
func validateUtility(rawMsg string) *GraphError {
	v, _ := decodeJSONParam(rawMsg)
	msg, _ := v.(map[string]any)
	if msg == nil || msg["template"] == nil {
		return errParam("messaging_type UTILITY requires a utility template message (message[template])")
	}
	return nil
}

func validateControlType(tc map[string]any) *GraphError {
	ct, _ := tc["control_type"].(string)
	if !slices.Contains(threadControlTypes, strings.ToLower(ct)) {
		return errEnum("thread_control[control_type]", threadControlTypes)
	}
	if _, hasApp := tc["app_id"]; hasApp && strings.ToLower(ct) != "pass" {
		return errParam("Param thread_control[app_id] can only be used with control_type pass")
	}
	return nil
}
