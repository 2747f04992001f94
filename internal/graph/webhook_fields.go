package graph

import "slices"

// PageWebhookFields are the values POST /{page-id}/subscribed_apps accepts in
// subscribed_fields: `pagesubscribed_apps_subscribed_fields_enum_param` of
// Meta's SDK spec (github.com/facebook/facebook-business-sdk-codegen,
// api_specs/specs/enum_types.json), in its order. Meta adds fields over
// time; a reader keeps one it does not know (see UnknownWebhookFields).
var PageWebhookFields = []string{
	"affiliation", "attire", "awards", "bio", "birthday", "business_integrity",
	"call_permission_reply", "call_settings_update", "calls", "category", "checkins",
	"comment_poll_response", "company_overview", "conversations", "culinary_team", "current_location",
	"description", "email", "feature_access_list", "feed", "follow", "founded", "general_info",
	"general_manager", "group_feed", "hometown", "hours", "inbox_labels", "invalid_topic_placeholder",
	"invoice_access_bank_slip_events", "invoice_access_invoice_change",
	"invoice_access_invoice_draft_change", "invoice_access_onboarding_status_active", "leadgen",
	"leadgen_fat", "leadgen_update", "live_videos", "local_delivery", "location",
	"marketing_message_clicks", "marketing_message_deliveries", "marketing_message_delivery_failed",
	"marketing_message_echoes", "marketing_message_reads",
	"marketing_messages_subscriber_upload_status", "mcom_invoice_change", "members", "mention",
	"merchant_review", "message_context", "message_deliveries", "message_echoes", "message_edits",
	"message_mention", "message_reactions", "message_reads", "message_template_status_update",
	"messages", "messaging_account_linking", "messaging_appointments", "messaging_checkout_updates",
	"messaging_customer_information", "messaging_direct_sends", "messaging_fblogin_account_linking",
	"messaging_feedback", "messaging_game_plays", "messaging_handovers",
	"messaging_in_thread_lead_form_submit", "messaging_integrity", "messaging_optins",
	"messaging_optouts", "messaging_payments", "messaging_policy_enforcement", "messaging_postbacks",
	"messaging_pre_checkouts", "messaging_referrals", "mission", "name", "page_about_story",
	"page_change_proposal", "page_upcoming_change", "parking", "payment_options",
	"payment_request_update", "personal_info", "personal_interests", "phone", "picture",
	"price_range", "product_review", "products", "public_transit", "publisher_subscriptions",
	"ratings", "registration", "response_feedback", "send_cart", "standby", "story_poll_response",
	"story_share", "user_action", "video_text_question_responses", "videos", "website",
}

// UnknownWebhookFields returns the values of fields that are not in
// PageWebhookFields, in their order.
func UnknownWebhookFields(fields []string) []string {
	var out []string
	for _, f := range fields {
		if !slices.Contains(PageWebhookFields, f) {
			out = append(out, f)
		}
	}
	return out
}
