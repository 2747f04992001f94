package graphtest

import (
	"encoding/json"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func msgFx(t *testing.T) (*fx, string) {
	f := newFx(t, Options{})
	f.e.AddRecipient(pageA, psidA)
	return f, f.base + "/" + pageA + "/messages"
}

func TestMessagesSendForm(t *testing.T) {
	f, edge := msgFx(t)
	r := postForm(t, edge, url.Values{
		"recipient":         {`{"id":"` + psidA + `"}`},
		"message":           {`{"text":"hello <b>&"}`},
		"messaging_type":    {"RESPONSE"},
		"notification_type": {"SILENT_PUSH"},
	}, withBearer(f.tokA))
	body := wantOK(t, r)
	wantKeys(t, body, "recipient_id", "message_id")
	mid, _ := body["message_id"].(string)
	if body["recipient_id"] != psidA || !regexp.MustCompile(`^m_[A-Za-z0-9_-]{20,}$`).MatchString(mid) {
		t.Fatalf("%v", body)
	}
	sent := f.e.Messages(pageA)
	if len(sent) != 1 || sent[0].MessageID != mid || sent[0].RecipientID != psidA {
		t.Fatalf("%+v", sent)
	}
	want := map[string]any{
		"recipient":         map[string]any{"id": psidA},
		"message":           map[string]any{"text": "hello <b>&"},
		"messaging_type":    "RESPONSE",
		"notification_type": "SILENT_PUSH",
	}
	if !reflect.DeepEqual(sent[0].Params, want) {
		t.Fatalf("params %#v", sent[0].Params)
	}
	// Copies: mutating the result does not alter the record.
	field[map[string]any](t, sent[0].Params, "message")["text"] = "changed"
	if field[string](t, f.e.Messages(pageA)[0].Params, "message", "text") != "hello <b>&" {
		t.Fatal("Messages hands out its internal maps")
	}
	if len(f.e.Messages(pageB)) != 0 || f.e.Messages("404") != nil {
		t.Fatal("messages leaked across pages")
	}
}

func TestMessagesSendJSON(t *testing.T) {
	f, edge := msgFx(t)
	r := postJSON(t, edge, map[string]any{
		"recipient":      map[string]any{"id": psidA},
		"messaging_type": "MESSAGE_TAG",
		"tag":            "HUMAN_AGENT",
		"message": map[string]any{
			"attachment":    map[string]any{"type": "image", "payload": map[string]any{"url": "https://example.com/a.png"}},
			"quick_replies": []any{map[string]any{"content_type": "text", "title": "Yes", "payload": "Y"}, map[string]any{"content_type": "USER_EMAIL"}},
		},
		"access_token": f.tokA,
	})
	body := wantOK(t, r)
	if body["recipient_id"] != psidA {
		t.Fatalf("%v", body)
	}
	p := f.e.Messages(pageA)[0].Params
	if _, leaked := p["access_token"]; leaked || p["tag"] != "HUMAN_AGENT" {
		t.Fatalf("%v", p)
	}
	if field[string](t, p, "message", "attachment", "type") != "image" {
		t.Fatalf("%v", p)
	}
	// A JSON integer id is accepted too.
	wantOK(t, postJSON(t, edge, map[string]any{"recipient": map[string]any{"id": 333000000000001}, "sender_action": "TYPING_ON"}, withBearer(f.tokA)))
}

func TestMessagesRecipientKinds(t *testing.T) {
	f, edge := msgFx(t)
	send := func(recipient string) map[string]any {
		return wantOK(t, postForm(t, edge, url.Values{"recipient": {recipient}, "message": {`{"text":"hi"}`}, "messaging_type": {"UPDATE"}}, withBearer(f.tokA)))
	}
	// user_ref and phone_number: no recipient_id in the answer.
	body := send(`{"user_ref":"ref-123"}`)
	wantKeys(t, body, "message_id")
	body = send(`{"phone_number":"+15555550100","name":{"first_name":"A","last_name":"B"}}`)
	wantKeys(t, body, "message_id")
	// Private replies answer with a PSID, the same for the same comment.
	b1, b2 := send(`{"comment_id":"123_456"}`), send(`{"comment_id":"123_456"}`)
	wantKeys(t, b1, "recipient_id", "message_id")
	if b1["recipient_id"] != b2["recipient_id"] || !regexp.MustCompile(`^\d{16}$`).MatchString(field[string](t, b1, "recipient_id")) {
		t.Fatalf("%v %v", b1, b2)
	}
	wantKeys(t, send(`{"post_id":"123_789"}`), "recipient_id", "message_id")
	sent := f.e.Messages(pageA)
	if len(sent) != 5 || sent[0].RecipientID != "" || sent[2].RecipientID != b1["recipient_id"] {
		t.Fatalf("%+v", sent)
	}
}

func TestMessagesSenderActionAndThreadControl(t *testing.T) {
	f, edge := msgFx(t)
	reactPayload := map[string]string{
		"REACT":   `{"message_id":"m_1","reaction":"😊"}`,
		"UNREACT": `{"message_id":"m_1"}`,
	}
	for _, action := range []string{"MARK_SEEN", "TYPING_ON", "TYPING_OFF", "REACT", "UNREACT"} {
		form := url.Values{"recipient": {`{"id":"` + psidA + `"}`}, "sender_action": {action}}
		if p := reactPayload[action]; p != "" {
			form.Set("payload", p)
		}
		body := wantOK(t, postForm(t, edge, form, withBearer(f.tokA)))
		wantKeys(t, body, "recipient_id") // no message_id for sender actions
	}
	body := wantOK(t, postForm(t, edge, url.Values{"recipient": {`{"id":"` + psidA + `"}`}, "thread_control": {`{"app_id":"263902037430900","control_type":"pass"}`}}, withBearer(f.tokA)))
	wantKeys(t, body, "recipient_id")
	sent := f.e.Messages(pageA)
	if len(sent) != 6 || sent[5].MessageID != "" {
		t.Fatalf("%+v", sent)
	}
	if tc := field[map[string]any](t, sent[5].Params, "thread_control"); tc["app_id"] != "263902037430900" {
		t.Fatalf("%v", tc)
	}
	if p := field[map[string]any](t, sent[3].Params, "payload"); p["reaction"] != "😊" || p["message_id"] != "m_1" {
		t.Fatalf("react payload = %v", p)
	}
}

// What Meta's current Send API reference requires and its 2024 text did not
// (https://developers.facebook.com/docs/messenger-platform/reference/send-api/).
func TestMessagesCurrentSendAPIRules(t *testing.T) {
	f, edge := msgFx(t)
	rcp := `{"id":"` + psidA + `"}`
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"react without payload", url.Values{"recipient": {rcp}, "sender_action": {"REACT"}}, "(#100) The parameter payload is required"},
		{"react without reaction", url.Values{"recipient": {rcp}, "sender_action": {"REACT"}, "payload": {`{"message_id":"m_1"}`}}, "(#100) The parameter payload[reaction] is required"},
		{"unreact with reaction", url.Values{"recipient": {rcp}, "sender_action": {"UNREACT"}, "payload": {`{"message_id":"m_1","reaction":"😊"}`}}, "cannot be used with sender_action unreact"},
		{"react payload not JSON", url.Values{"recipient": {rcp}, "sender_action": {"REACT"}, "payload": {"m_1"}}, "(#100) Param payload must be a JSON object"},
		{"payload with typing", url.Values{"recipient": {rcp}, "sender_action": {"TYPING_ON"}, "payload": {`{"message_id":"m_1"}`}}, "only be used with sender_action react or unreact"},
		{"sender action with thread_control", url.Values{"recipient": {rcp}, "sender_action": {"MARK_SEEN"}, "thread_control": {`{"control_type":"release"}`}}, "Param thread_control cannot be used with sender_action"},
		{"sender action with messaging_type", url.Values{"recipient": {rcp}, "sender_action": {"MARK_SEEN"}, "messaging_type": {"RESPONSE"}}, "Param messaging_type cannot be used with sender_action"},
		{"reply_to as a string", url.Values{"recipient": {rcp}, "message": {`{"text":"hi"}`}, "messaging_type": {"RESPONSE"}, "reply_to": {"m_1"}}, "Param reply_to must be a JSON object"},
		{"reply_to without mid", url.Values{"recipient": {rcp}, "message": {`{"text":"hi"}`}, "messaging_type": {"RESPONSE"}, "reply_to": {`{"id":"m_1"}`}}, "(#100) The parameter reply_to[mid] is required"},
		{"control_type of the old example", url.Values{"recipient": {rcp}, "thread_control": {`{"control_type":"pass_thread_control"}`}}, "thread_control[control_type] must be one of {pass, release}"},
		{"release with app_id", url.Values{"recipient": {rcp}, "thread_control": {`{"control_type":"release","app_id":"263902037430900"}`}}, "app_id] can only be used with control_type pass"},
		{"utility text", url.Values{"recipient": {rcp}, "message": {`{"text":"hi"}`}, "messaging_type": {"UTILITY"}}, "messaging_type UTILITY requires a utility template message"},
	} {
		r := postForm(t, edge, tc.form, withBearer(f.tokA))
		if r.Status != 400 {
			t.Errorf("%s: status %d, want 400", tc.name, r.Status)
			continue
		}
		var env struct{ Error struct{ Message string } }
		if err := json.Unmarshal(r.Body, &env); err != nil || !strings.Contains(env.Error.Message, tc.want) {
			t.Errorf("%s: message %q lacks %q (%v)", tc.name, env.Error.Message, tc.want, err)
		}
	}
	ok := wantOK(t, postForm(t, edge, url.Values{"recipient": {rcp}, "message": {`{"text":"hi"}`}, "messaging_type": {"RESPONSE"}, "reply_to": {`{"mid":"m_1"}`}}, withBearer(f.tokA)))
	wantKeys(t, ok, "recipient_id", "message_id")
	if got := f.e.Messages(pageA); len(got) != 1 || field[map[string]any](t, got[0].Params, "reply_to")["mid"] != "m_1" {
		t.Fatalf("%+v", got)
	}
}

func TestMessagesValidation(t *testing.T) {
	f, edge := msgFx(t)
	rcp := `{"id":"` + psidA + `"}`
	text := `{"text":"hi"}`
	long := `{"text":"` + strings.Repeat("é", 2001) + `"}`
	cases := []struct {
		name   string
		form   url.Values
		substr string // in the message; "" = only the code matters
		exact  string
	}{
		{"no recipient", url.Values{"message": {text}, "messaging_type": {"RESPONSE"}}, "", "(#100) The parameter recipient is required"},
		{"recipient not JSON", url.Values{"recipient": {psidA}, "message": {text}, "messaging_type": {"RESPONSE"}}, "", "(#100) Param recipient must be a JSON object"},
		{"recipient array", url.Values{"recipient": {`["1"]`}, "message": {text}, "messaging_type": {"RESPONSE"}}, "", "(#100) Param recipient must be a JSON object"},
		{"recipient empty object", url.Values{"recipient": {`{}`}, "message": {text}, "messaging_type": {"RESPONSE"}}, "", "(#100) Param recipient must contain exactly one of {id, user_ref, comment_id, post_id, phone_number}"},
		{"recipient two ids", url.Values{"recipient": {`{"id":"1","user_ref":"x"}`}, "message": {text}, "messaging_type": {"RESPONSE"}}, "exactly one of", ""},
		{"recipient unknown key", url.Values{"recipient": {`{"email":"a@b.c"}`}, "message": {text}, "messaging_type": {"RESPONSE"}}, "recipient[email]", ""},
		{"recipient id not numeric", url.Values{"recipient": {`{"id":"abc"}`}, "message": {text}, "messaging_type": {"RESPONSE"}}, "recipient[id]", ""},
		{"recipient id empty", url.Values{"recipient": {`{"id":""}`}, "message": {text}, "messaging_type": {"RESPONSE"}}, "recipient[id]", ""},
		{"neither message nor action", url.Values{"recipient": {rcp}, "messaging_type": {"RESPONSE"}}, "", "(#100) Must send either message or state"},
		{"message and action", url.Values{"recipient": {rcp}, "message": {text}, "sender_action": {"TYPING_ON"}, "messaging_type": {"RESPONSE"}}, "Only one of message and sender_action", ""},
		{"bad action", url.Values{"recipient": {rcp}, "sender_action": {"WAVE"}}, "", "(#100) Param sender_action must be one of {MARK_SEEN, TYPING_ON, TYPING_OFF, REACT, UNREACT}"},
		{"no messaging_type", url.Values{"recipient": {rcp}, "message": {text}}, "", "(#100) The parameter messaging_type is required"},
		{"bad messaging_type", url.Values{"recipient": {rcp}, "message": {text}, "messaging_type": {"PROMO"}}, "", "(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG, UTILITY}"},
		{"lower-case messaging_type", url.Values{"recipient": {rcp}, "message": {text}, "messaging_type": {"response"}}, "messaging_type", ""},
		{"tag missing", url.Values{"recipient": {rcp}, "message": {text}, "messaging_type": {"MESSAGE_TAG"}}, "tag is required", ""},
		{"tag bad", url.Values{"recipient": {rcp}, "message": {text}, "messaging_type": {"MESSAGE_TAG"}, "tag": {"PROMOTION"}}, "", "(#100) Param tag must be one of {ACCOUNT_UPDATE, CONFIRMED_EVENT_UPDATE, CUSTOMER_FEEDBACK, HUMAN_AGENT, POST_PURCHASE_UPDATE}"},
		{"tag without MESSAGE_TAG", url.Values{"recipient": {rcp}, "message": {text}, "messaging_type": {"RESPONSE"}, "tag": {"HUMAN_AGENT"}}, "MESSAGE_TAG", ""},
		{"bad notification_type", url.Values{"recipient": {rcp}, "message": {text}, "messaging_type": {"RESPONSE"}, "notification_type": {"LOUD"}}, "", "(#100) Param notification_type must be one of {REGULAR, SILENT_PUSH, NO_PUSH}"},
		{"bad persona", url.Values{"recipient": {rcp}, "message": {text}, "messaging_type": {"RESPONSE"}, "persona_id": {"p1"}}, "persona_id", ""},
		{"message not JSON", url.Values{"recipient": {rcp}, "message": {"hi"}, "messaging_type": {"RESPONSE"}}, "", "(#100) Param message must be a JSON object"},
		{"message empty", url.Values{"recipient": {rcp}, "message": {`{}`}, "messaging_type": {"RESPONSE"}}, "", "(#100) Param message must contain text or attachment"},
		{"message empty text", url.Values{"recipient": {rcp}, "message": {`{"text":""}`}, "messaging_type": {"RESPONSE"}}, "", "(#100) Param message must contain text or attachment"},
		{"text and attachment", url.Values{"recipient": {rcp}, "message": {`{"text":"a","attachment":{"type":"IMAGE"}}`}, "messaging_type": {"RESPONSE"}}, "Only one of message[text] and message[attachment]", ""},
		{"text not string", url.Values{"recipient": {rcp}, "message": {`{"text":5}`}, "messaging_type": {"RESPONSE"}}, "message[text]", ""},
		{"text too long", url.Values{"recipient": {rcp}, "message": {long}, "messaging_type": {"RESPONSE"}}, "", "(#100) Length of param message[text] must be less than or equal to 2000"},
		{"attachment no type", url.Values{"recipient": {rcp}, "message": {`{"attachment":{"payload":{}}}`}, "messaging_type": {"RESPONSE"}}, "", "(#100) The parameter message[attachment][type] is required"},
		{"attachment bad type", url.Values{"recipient": {rcp}, "message": {`{"attachment":{"type":"GIF"}}`}, "messaging_type": {"RESPONSE"}}, "", "(#100) Param message[attachment][type] must be one of {IMAGE, VIDEO, AUDIO, FILE, LOCATION, TEMPLATE, FALLBACK, REEL, IG_REEL, LIKE_HEART, MEDIA_SHARE}"},
		{"attachments bad type", url.Values{"recipient": {rcp}, "message": {`{"attachments":[{"type":"IMAGE"},{"type":"X"}]}`}, "messaging_type": {"RESPONSE"}}, "message[attachments][1][type]", ""},
		{"dynamic_text no text", url.Values{"recipient": {rcp}, "message": {`{"dynamic_text":{"fallback_text":"x"}}`}, "messaging_type": {"RESPONSE"}}, "message[dynamic_text][text]", ""},
		{"template no name", url.Values{"recipient": {rcp}, "message": {`{"template":{"language":{"code":"en_US"}}}`}, "messaging_type": {"UTILITY"}}, "", "(#100) The parameter message[template][name] is required"},
		{"template no language code", url.Values{"recipient": {rcp}, "message": {`{"template":{"name":"order_update","language":{}}}`}, "messaging_type": {"UTILITY"}}, "", "(#100) The parameter message[template][language][code] is required"},
		{"template bad component", url.Values{"recipient": {rcp}, "message": {`{"template":{"name":"order_update","language":{"code":"en_US"},"components":[{"type":"FOOTER"}]}}`}, "messaging_type": {"UTILITY"}}, "", "(#100) Param message[template][components][0][type] must be one of {HEADER, BODY, TITLE, BUTTONS}"},
		{"template parameter without type", url.Values{"recipient": {rcp}, "message": {`{"template":{"name":"order_update","language":{"code":"en_US"},"components":[{"type":"BODY","parameters":[{"text":"x"}]}]}}`}, "messaging_type": {"UTILITY"}}, "message[template][components][0][parameters][0][type]", ""},
		{"text and template", url.Values{"recipient": {rcp}, "message": {`{"text":"a","template":{"name":"t","language":{"code":"en_US"}}}`}, "messaging_type": {"UTILITY"}}, "Only one of message[text] and message[template]", ""},
		{"quick reply bad type", url.Values{"recipient": {rcp}, "message": {`{"text":"a","quick_replies":[{"content_type":"DANCE"}]}`}, "messaging_type": {"RESPONSE"}}, "message[quick_replies][0][content_type]", ""},
		{"quick reply text no title", url.Values{"recipient": {rcp}, "message": {`{"text":"a","quick_replies":[{"content_type":"text","payload":"x"}]}`}, "messaging_type": {"RESPONSE"}}, "[title]", ""},
		{"too many quick replies", url.Values{"recipient": {rcp}, "message": {`{"text":"a","quick_replies":[` + strings.Repeat(`{"content_type":"user_email"},`, 13) + `{"content_type":"user_email"}]}`}, "messaging_type": {"RESPONSE"}}, "at most 13", ""},
		{"thread_control not object", url.Values{"recipient": {rcp}, "thread_control": {`"x"`}}, "thread_control", ""},
		{"thread_control bad app", url.Values{"recipient": {rcp}, "thread_control": {`{"app_id":"abc"}`}}, "thread_control[app_id]", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := postForm(t, edge, c.form, withBearer(f.tokA))
			e := wantErr(t, r, 400, 100, 0)
			if c.exact != "" && e.Message != c.exact {
				t.Errorf("message %q, want %q", e.Message, c.exact)
			}
			if c.substr != "" && !strings.Contains(e.Message, c.substr) {
				t.Errorf("message %q lacks %q", e.Message, c.substr)
			}
		})
	}
	if n := len(f.e.Messages(pageA)); n != 0 {
		t.Fatalf("%d refused messages were recorded", n)
	}
	// A UTILITY message whose content is a template (message[template] of
	// https://developers.facebook.com/docs/graph-api/reference/page/messages/).
	wantOK(t, postForm(t, edge, url.Values{"recipient": {rcp}, "messaging_type": {"UTILITY"}, "message": {`{"template":{"name":"order_update","language":{"code":"en_US"},"components":[{"type":"BODY","parameters":[{"type":"text","text":"#42"}]}]}}`}}, withBearer(f.tokA)))
	// Text of exactly 2000 characters (not bytes) is fine.
	wantOK(t, postForm(t, edge, url.Values{"recipient": {rcp}, "message": {`{"text":"` + strings.Repeat("é", 2000) + `"}`}, "messaging_type": {"RESPONSE"}}, withBearer(f.tokA)))
}

func TestMessagesRecipientErrors(t *testing.T) {
	f, edge := msgFx(t)
	send := func(recipient string) result {
		return postForm(t, edge, url.Values{"recipient": {recipient}, "message": {`{"text":"hi"}`}, "messaging_type": {"RESPONSE"}}, withBearer(f.tokA))
	}
	// Unknown PSID: 551 with Meta's subcode.
	e := wantMsg(t, send(`{"id":"333000000000404"}`), 400, 551, 1545041, "(#551) This person isn't available right now.")
	if e.Type != "OAuthException" || e.IsTransient {
		t.Fatalf("%+v", e)
	}
	// Parameter errors come before recipient lookups.
	wantErr(t, postForm(t, edge, url.Values{"recipient": {`{"id":"333000000000404"}`}, "message": {`{}`}, "messaging_type": {"RESPONSE"}}, withBearer(f.tokA)), 400, 100, 0)

	codes := map[int]string{
		551:   "(#551) This person isn't available right now.",
		10900: "(#10900) Activity already replied to",
		10903: "(#10903) This user cant reply to this activity",
		230:   "(#230) Permissions disallow message to user",
		2022:  "(#2022) The ability to send commerce messages has been temporarily disabled for this application.",
		368:   "(#368) The action attempted has been deemed abusive or is otherwise disallowed",
	}
	for code, msg := range codes {
		f.e.SetRecipientError(pageA, psidA, code)
		r := send(`{"id":"` + psidA + `"}`)
		if r.Status != 400 || r.apiErr(t).Code != code || r.apiErr(t).Message != msg {
			t.Errorf("code %d: %s", code, r.Body)
		}
	}
	// Codes 1 and 2 are temporary server failures: HTTP 500, transient.
	f.e.SetRecipientError(pageA, psidA, 2)
	if e := wantErr(t, send(`{"id":"`+psidA+`"}`), 500, 2, 0); !e.IsTransient {
		t.Fatalf("%+v", e)
	}
	// Errors attach to comment ids too (private replies).
	f.e.SetRecipientError(pageA, "123_456", 10900)
	wantErr(t, send(`{"comment_id":"123_456"}`), 400, 10900, 0)
	if n := len(f.e.Messages(pageA)); n != 0 {
		t.Fatalf("%d failed sends were recorded", n)
	}
}
