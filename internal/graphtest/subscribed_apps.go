package graphtest

import "net/http"

// webhookFields is `pagesubscribed_apps_subscribed_fields_enum_param` of
// Meta's SDK spec (api_specs/specs/enum_types.json), in the spec's order,
// with the two fields of June 2026 (`SubscribedFields` in src/objects/page.js
// of github.com/facebook/facebook-nodejs-business-sdk, commit 5028ac2):
// the Page webhook fields an app may subscribe to.
var webhookFields = []string{
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
	"agent_messages", "agent_questions",
}

// WebhookFields returns the subscribed_fields values the emulator accepts.
func WebhookFields() []string { return append([]string(nil), webhookFields...) }

type subscriptionState struct {
	appID  string
	fields []string
}

// subscribedAppFields: Application fields the edge returns by default
// (https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/)
// plus subscribed_fields, which the edge adds to each node.
var subscribedAppFields = map[string]fieldSpec{
	"id": {}, "name": {}, "link": {}, "category": {}, "subscribed_fields": {},
}

// handleSubscribedApps serves GET, POST and DELETE /{page-id}/subscribed_apps.
// The app written is always the one the Page token belongs to. Caller
// holds e.mu.
func (e *Emulator) handleSubscribedApps(in *incoming, pg *pageState) *response {
	switch in.method {
	case http.MethodGet:
		return e.listSubscribedApps(in, pg)
	case http.MethodPost:
		return e.subscribeApp(in, pg)
	default:
		return e.unsubscribeApp(in, pg)
	}
}

func (e *Emulator) listSubscribedApps(in *incoming, pg *pageState) *response {
	sel, g := selectFields(in.params.Get("fields"), []string{"id", "name", "link", "category", "subscribed_fields"}, subscribedAppFields, "Application")
	if g != nil {
		return errResponse(g)
	}
	page, w, g := listEdge(e, in, "subscribed_apps:"+pg.id, &pg.subscriptions, func(*edgeEntry[subscriptionState]) bool { return true })
	if g != nil {
		return errResponse(g)
	}
	var data []map[string]any
	for _, en := range page {
		s := en.v
		node := map[string]any{}
		for _, f := range sel.names {
			switch f {
			case "id":
				node["id"] = s.appID
			case "name":
				node["name"] = e.appName(s.appID)
			case "link":
				node["link"] = "https://www.facebook.com/games/?app_id=" + s.appID
			case "category":
				node["category"] = "Business"
			case "subscribed_fields":
				node["subscribed_fields"] = append([]string{}, s.fields...)
			}
		}
		data = append(data, node)
	}
	return okResponse(listBody(data, w))
}

// subscribeApp: POST with subscribed_fields, required. The posted list is the
// app's whole subscription on the page afterwards: fields left out of it are
// no longer subscribed.
func (e *Emulator) subscribeApp(in *incoming, pg *pageState) *response {
	if in.params.Get("subscribed_fields") == "" {
		return errResponse(errRequired("subscribed_fields"))
	}
	fields, g := enumListParam(in, "subscribed_fields", e.added.webhookFields(webhookFields))
	if g != nil {
		return errResponse(g)
	}
	app := e.tokenAppLocked(in.token)
	en, _ := pg.subscriptions.set(app, subscriptionState{appID: app, fields: fields})
	made(e, EndpointSubscribedApps, en)
	return okResponse(map[string]any{"success": true})
}

// unsubscribeApp: DELETE, no parameters: the token's app is unsubscribed.
func (e *Emulator) unsubscribeApp(in *incoming, pg *pageState) *response {
	app := e.tokenAppLocked(in.token)
	if findSubscription(pg, app) == nil {
		// assumption: Meta's answer for an app that is not subscribed is
		// undocumented; the strict choice is a code-100 error.
		return errResponse(errParam("App %s is not subscribed to Page %s", app, pg.id))
	}
	pg.subscriptions.remove(app)
	return okResponse(map[string]any{"success": true})
}

func findSubscription(pg *pageState, appID string) *subscriptionState {
	if en := pg.subscriptions.find(appID); en != nil {
		return &en.v
	}
	return nil
}

// SetSubscription subscribes appID to the page's webhooks with these fields
// out of band, replacing its fields if already subscribed. Fields are not
// validated, so tests can plant values the API would refuse.
func (e *Emulator) SetSubscription(pageID, appID string, fields []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg := e.mustPageLocked("SetSubscription", pageID)
	pg.subscriptions.set(appID, subscriptionState{appID: appID, fields: append([]string{}, fields...)})
}

// RemoveSubscription unsubscribes appID from the page out of band (no-op if absent).
func (e *Emulator) RemoveSubscription(pageID, appID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mustPageLocked("RemoveSubscription", pageID).subscriptions.remove(appID)
}

// Subscription returns the fields appID is subscribed to on the page.
func (e *Emulator) Subscription(pageID, appID string) ([]string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg, ok := e.pages[pageID]
	if !ok {
		return nil, false
	}
	s := findSubscription(pg, appID)
	if s == nil {
		return nil, false
	}
	return append([]string{}, s.fields...), true
}
