package provider

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/graphtest"
)

// These tests invoke facebook_page_message through the provider's RPCs:
// the terraform on the test machines (1.11) predates actions. The CLI
// tests in page_message_action_cli_test.go run where Terraform >= 1.14 is.

const messageAction = "facebook_page_message"

// textMessage is a valid configuration; tests change what they exercise.
func textMessage(overrides map[string]any) map[string]any {
	return withOverrides(map[string]any{
		"page_id":        testPageID,
		"recipient":      map[string]any{"id": testPSID},
		"messaging_type": "RESPONSE",
		"message":        map[string]any{"text": "Your order has shipped <b>&</b>"},
	}, overrides)
}

// invokeOK invokes the action and requires success and exactly one message
// recorded by the emulator, which it returns with the progress messages.
func invokeOK(t *testing.T, emu *graphtest.Emulator, cfg map[string]any) (graphtest.SentMessage, []string) {
	t.Helper()
	p := newRPCProvider(t, emu)
	progress, diags := p.invokeAction(context.Background(), messageAction, cfg)
	if len(diags) != 0 {
		t.Fatalf("invoke diagnostics:\n%s", diagsText(diags))
	}
	sent := emu.Messages(testPageID)
	if len(sent) != 1 {
		t.Fatalf("%d messages recorded, want 1: %+v", len(sent), sent)
	}
	return sent[0], progress
}

func wantParams(t *testing.T, got graphtest.SentMessage, want map[string]any) {
	t.Helper()
	if !reflect.DeepEqual(got.Params, want) {
		t.Fatalf("Meta received\n %#v\nwant\n %#v", got.Params, want)
	}
}

func wantProgress(t *testing.T, progress []string, want ...string) {
	t.Helper()
	if !reflect.DeepEqual(progress, want) {
		t.Fatalf("progress\n %q\nwant\n %q", progress, want)
	}
}

func TestActionPageMessage_text(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	sent, progress := invokeOK(t, emu, textMessage(nil))
	wantParams(t, sent, map[string]any{
		"recipient":      map[string]any{"id": testPSID},
		"messaging_type": "RESPONSE",
		"message":        map[string]any{"text": "Your order has shipped <b>&</b>"},
	})
	wantProgress(t, progress,
		"Sending message from Page "+testPageID+" to recipient "+testPSID,
		"Sent the message: message_id "+sent.MessageID+", recipient_id "+testPSID)
	if !strings.HasPrefix(sent.MessageID, "m_") {
		t.Fatalf("message id %q", sent.MessageID)
	}
	// One exchange for the Page token, then one send with it.
	reqs := emu.Requests()
	if len(reqs) != 2 || reqs[0].Endpoint != graphtest.EndpointPage || reqs[1].Endpoint != graphtest.EndpointMessages {
		t.Fatalf("requests %+v", reqs)
	}
	if reqs[1].Token != emu.PageToken(testPageID) || reqs[1].TokenSource != "header" || strings.Contains(reqs[1].RawQuery, "access_token") {
		t.Fatal("the send did not carry the Page token in the Authorization header")
	}
}

func TestActionPageMessage_attachmentWithQuickRepliesAndOptions(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	sent, _ := invokeOK(t, emu, textMessage(map[string]any{
		"messaging_type":    "MESSAGE_TAG",
		"tag":               "POST_PURCHASE_UPDATE",
		"notification_type": "SILENT_PUSH",
		"persona_id":        "700000000000001",
		"reply_to":          "m_earlier",
		"message": map[string]any{
			"attachment": map[string]any{"type": "IMAGE", "url": "https://cdn.example.com/receipt.png?size=2&v=1"},
			"quick_replies": []any{
				map[string]any{"content_type": "TEXT", "title": "Track it", "payload": "TRACK_42"},
				map[string]any{"content_type": "USER_EMAIL"},
			},
			"metadata": "order-42",
		},
	}))
	wantParams(t, sent, map[string]any{
		"recipient":         map[string]any{"id": testPSID},
		"messaging_type":    "MESSAGE_TAG",
		"tag":               "POST_PURCHASE_UPDATE",
		"notification_type": "SILENT_PUSH",
		"persona_id":        "700000000000001",
		"reply_to":          map[string]any{"mid": "m_earlier"},
		"message": map[string]any{
			"attachment": map[string]any{"type": "IMAGE", "payload": map[string]any{"url": "https://cdn.example.com/receipt.png?size=2&v=1"}},
			"quick_replies": []any{
				map[string]any{"content_type": "TEXT", "title": "Track it", "payload": "TRACK_42"},
				map[string]any{"content_type": "USER_EMAIL"},
			},
			"metadata": "order-42",
		},
	})
}

func TestActionPageMessage_attachmentWithJSONPayload(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	payload := `{"template_type":"button","text":"Need help?","buttons":[{"type":"postback","title":"Talk to us","payload":"HELP"}]}`
	sent, _ := invokeOK(t, emu, textMessage(map[string]any{
		"message": map[string]any{"attachment": map[string]any{"type": "TEMPLATE", "payload": payload}},
	}))
	want := map[string]any{"attachment": map[string]any{"type": "TEMPLATE", "payload": map[string]any{
		"template_type": "button", "text": "Need help?",
		"buttons": []any{map[string]any{"type": "postback", "title": "Talk to us", "payload": "HELP"}},
	}}}
	if !reflect.DeepEqual(sent.Params["message"], want) {
		t.Fatalf("message %#v", sent.Params["message"])
	}
}

func TestActionPageMessage_senderAction(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	sent, progress := invokeOK(t, emu, textMessage(map[string]any{"message": nil, "messaging_type": nil, "sender_action": "TYPING_ON"}))
	wantParams(t, sent, map[string]any{"recipient": map[string]any{"id": testPSID}, "sender_action": "TYPING_ON"})
	wantProgress(t, progress,
		"Sending sender action TYPING_ON from Page "+testPageID+" to recipient "+testPSID,
		"Sent the sender action TYPING_ON: recipient_id "+testPSID)
}

func TestActionPageMessage_threadControl(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	sent, progress := invokeOK(t, emu, textMessage(map[string]any{
		"message": nil, "messaging_type": nil,
		"thread_control": map[string]any{"app_id": "263902037430900", "control_type": "pass", "payload": "escalated to a human"},
	}))
	wantParams(t, sent, map[string]any{
		"recipient":      map[string]any{"id": testPSID},
		"thread_control": map[string]any{"app_id": "263902037430900", "control_type": "pass", "payload": "escalated to a human"},
	})
	wantProgress(t, progress,
		"Sending thread control request from Page "+testPageID+" to recipient "+testPSID,
		"Sent the thread control request: recipient_id "+testPSID)
}

// REACT and UNREACT send Meta's top-level payload, and nothing but the
// recipient and the action beside it.
func TestActionPageMessage_reactAndUnreact(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	sent, progress := invokeOK(t, emu, textMessage(map[string]any{
		"message": nil, "messaging_type": nil, "sender_action": "REACT",
		"reaction": map[string]any{"message_id": "m_earlier", "emoji": "😊"},
	}))
	wantParams(t, sent, map[string]any{
		"recipient":     map[string]any{"id": testPSID},
		"sender_action": "REACT",
		"payload":       map[string]any{"message_id": "m_earlier", "reaction": "😊"},
	})
	wantProgress(t, progress,
		"Sending sender action REACT from Page "+testPageID+" to recipient "+testPSID,
		"Sent the sender action REACT: recipient_id "+testPSID)
	sent, _ = invokeOK(t, messageEmulator(t), textMessage(map[string]any{
		"message": nil, "messaging_type": nil, "sender_action": "UNREACT",
		"reaction": map[string]any{"message_id": "m_earlier"},
	}))
	wantParams(t, sent, map[string]any{
		"recipient":     map[string]any{"id": testPSID},
		"sender_action": "UNREACT",
		"payload":       map[string]any{"message_id": "m_earlier"},
	})
}

func TestActionPageMessage_userRefHasNoRecipientID(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	sent, progress := invokeOK(t, emu, textMessage(map[string]any{"recipient": map[string]any{"user_ref": "checkbox-ref-1"}}))
	if sent.RecipientID != "" || !reflect.DeepEqual(sent.Params["recipient"], map[string]any{"user_ref": "checkbox-ref-1"}) {
		t.Fatalf("%+v", sent)
	}
	wantProgress(t, progress,
		"Sending message from Page "+testPageID+" to user_ref checkbox-ref-1",
		"Sent the message: message_id "+sent.MessageID)
}

func TestActionPageMessage_privateReplyToComment(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	sent, progress := invokeOK(t, emu, textMessage(map[string]any{"recipient": map[string]any{"comment_id": testPageID + "_555"}}))
	if sent.RecipientID == "" || progress[1] != "Sent the message: message_id "+sent.MessageID+", recipient_id "+sent.RecipientID {
		t.Fatalf("%+v %q", sent, progress)
	}
}

// TestActionPageMessage_validation checks each rule between arguments at
// validation time, with the attribute it names, and without any API call.
func TestActionPageMessage_validation(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	p := newRPCProvider(t, emu)
	noMessage := map[string]any{"message": nil, "messaging_type": nil}
	with := func(base map[string]any, extra map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	quickReplies := make([]any, 14)
	for i := range quickReplies {
		quickReplies[i] = map[string]any{"content_type": "USER_EMAIL"}
	}
	cases := map[string]struct {
		cfg  map[string]any
		want map[string]string // attribute path -> regexp of the detail
	}{
		"no recipient":              {textMessage(map[string]any{"recipient": map[string]any{}}), map[string]string{"recipient.id": `At least one attribute out of \[recipient\.user_ref,recipient\.comment_id,recipient\.post_id,recipient\.phone_number,recipient\.id\] must be specified`}},
		"two recipients":            {textMessage(map[string]any{"recipient": map[string]any{"id": testPSID, "user_ref": "r"}}), map[string]string{"recipient.id": `"recipient.user_ref" cannot be specified when "recipient.id" is specified`, "recipient.user_ref": `"recipient.id" cannot be specified when "recipient.user_ref" is specified`}},
		"post and phone":            {textMessage(map[string]any{"recipient": map[string]any{"post_id": "1_2", "phone_number": "+15555550100"}}), map[string]string{"recipient.post_id": `cannot be specified`, "recipient.phone_number": `cannot be specified`}},
		"non-numeric psid":          {textMessage(map[string]any{"recipient": map[string]any{"id": "alice"}}), map[string]string{"recipient.id": `numeric Graph object id`}},
		"empty user_ref":            {textMessage(map[string]any{"recipient": map[string]any{"user_ref": ""}}), map[string]string{"recipient.user_ref": `must be a non-empty id without spaces, at most 256 characters`}},
		"oversized comment id":      {textMessage(map[string]any{"recipient": map[string]any{"comment_id": strings.Repeat("1", 257)}}), map[string]string{"recipient.comment_id": `at most 256 characters`}},
		"oversized psid":            {textMessage(map[string]any{"recipient": map[string]any{"id": strings.Repeat("3", 33)}}), map[string]string{"recipient.id": `numeric Graph object id of at most 32 digits`}},
		"reply_to with spaces":      {textMessage(map[string]any{"reply_to": "m 1"}), map[string]string{"reply_to": `must be a non-empty id without spaces`}},
		"title over 20 characters":  {textMessage(map[string]any{"message": map[string]any{"text": "a", "quick_replies": []any{map[string]any{"content_type": "TEXT", "title": strings.Repeat("é", 21)}}}}), map[string]string{"message.quick_replies[0].title": `UTF-8 character count must be between 1 and 20, got: 21`}},
		"oversized metadata":        {textMessage(map[string]any{"message": map[string]any{"text": "a", "metadata": strings.Repeat("m", 1001)}}), map[string]string{"message.metadata": `UTF-8 character count must be between 1 and 1000, got: 1001`}},
		"nothing to send":           {textMessage(noMessage), map[string]string{"message": `At least one attribute out of \[sender_action,thread_control,message\] must be specified`}},
		"message and action":        {textMessage(map[string]any{"sender_action": "TYPING_ON"}), map[string]string{"sender_action": `"message" cannot be specified when "sender_action" is specified`}},
		"message without type":      {textMessage(map[string]any{"messaging_type": nil}), map[string]string{"message": `"messaging_type" must be specified when "message" is specified`}},
		"bad messaging_type":        {textMessage(map[string]any{"messaging_type": "response"}), map[string]string{"messaging_type": `did you mean "RESPONSE"?`}},
		"MESSAGE_TAG without tag":   {textMessage(map[string]any{"messaging_type": "MESSAGE_TAG"}), map[string]string{"tag": `tag is required when messaging_type is "MESSAGE_TAG"`}},
		"tag with RESPONSE":         {textMessage(map[string]any{"tag": "HUMAN_AGENT"}), map[string]string{"tag": `tag can only be set when messaging_type is "MESSAGE_TAG"`}},
		"tag with sender action":    {with(textMessage(noMessage), map[string]any{"sender_action": "MARK_SEEN", "tag": "HUMAN_AGENT"}), map[string]string{"tag": `can only be set when messaging_type is "MESSAGE_TAG"`}},
		"unknown tag":               {textMessage(map[string]any{"messaging_type": "MESSAGE_TAG", "tag": "PROMOTION"}), map[string]string{"tag": `value must be one of`}},
		"bad notification_type":     {textMessage(map[string]any{"notification_type": "LOUD"}), map[string]string{"notification_type": `value must be one of`}},
		"bad sender_action":         {with(textMessage(noMessage), map[string]any{"sender_action": "typing_on"}), map[string]string{"sender_action": `did you mean "TYPING_ON"?`}},
		"text and attachment":       {textMessage(map[string]any{"message": map[string]any{"text": "a", "attachment": map[string]any{"type": "IMAGE", "url": "https://x.example/a.png"}}}), map[string]string{"message.text": `2 attributes specified when one \(and only one\) of \[message\.text,message\.attachment\] is required`}},
		"neither text nor attach":   {textMessage(map[string]any{"message": map[string]any{"metadata": "m"}}), map[string]string{"message.text": `No attribute specified when one \(and only one\) of \[message\.text,message\.attachment\] is required`}},
		"text too long":             {textMessage(map[string]any{"message": map[string]any{"text": strings.Repeat("é", 2001)}}), map[string]string{"message.text": `UTF-8 character count must be between 1 and 2000, got: 2001`}},
		"url and payload":           {textMessage(map[string]any{"message": map[string]any{"attachment": map[string]any{"type": "IMAGE", "url": "https://x.example/a.png", "payload": `{"url":"https://x.example/a.png"}`}}}), map[string]string{"message.attachment.url": `"message.attachment.payload" cannot be specified when "message.attachment.url" is specified`}},
		"payload not JSON":          {textMessage(map[string]any{"message": map[string]any{"attachment": map[string]any{"type": "TEMPLATE", "payload": "template_type=button"}}}), map[string]string{"message.attachment.payload": `must be a JSON object`}},
		"payload a JSON list":       {textMessage(map[string]any{"message": map[string]any{"attachment": map[string]any{"type": "TEMPLATE", "payload": `[1]`}}}), map[string]string{"message.attachment.payload": `must be a JSON object`}},
		"url not http":              {textMessage(map[string]any{"message": map[string]any{"attachment": map[string]any{"type": "IMAGE", "url": "ftp://x.example/a.png"}}}), map[string]string{"message.attachment.url": `not an absolute http\(s\) URL`}},
		"bad attachment type":       {textMessage(map[string]any{"message": map[string]any{"attachment": map[string]any{"type": "GIF", "url": "https://x.example/a.gif"}}}), map[string]string{"message.attachment.type": `value must be one of`}},
		"TEXT reply without title":  {textMessage(map[string]any{"message": map[string]any{"text": "a", "quick_replies": []any{map[string]any{"content_type": "USER_EMAIL"}, map[string]any{"content_type": "TEXT", "payload": "P"}}}}), map[string]string{"message.quick_replies[1].title": `title is required when message\.quick_replies\[1\]\.content_type is "TEXT"`}},
		"too many quick replies":    {textMessage(map[string]any{"message": map[string]any{"text": "a", "quick_replies": quickReplies}}), map[string]string{"message.quick_replies": `list must contain at least 1 elements and at most 13 elements`}},
		"null quick reply":          {textMessage(map[string]any{"message": map[string]any{"text": "a", "quick_replies": []any{map[string]any{"content_type": "USER_EMAIL"}, nil}}}), map[string]string{"message.quick_replies": `message\.quick_replies holds a null element at index 1`}},
		"bad quick reply type":      {textMessage(map[string]any{"message": map[string]any{"text": "a", "quick_replies": []any{map[string]any{"content_type": "DANCE"}}}}), map[string]string{"message.quick_replies[0].content_type": `value must be one of`}},
		"non-numeric persona":       {textMessage(map[string]any{"persona_id": "bob"}), map[string]string{"persona_id": `numeric Graph object id`}},
		"reply_to without message":  {with(textMessage(noMessage), map[string]any{"sender_action": "MARK_SEEN", "reply_to": "m_1"}), map[string]string{"reply_to": `"message" must be specified when "reply_to" is specified`}},
		"non-numeric page":          {textMessage(map[string]any{"page_id": "my-page"}), map[string]string{"page_id": `numeric Graph object id`}},
		"non-numeric app_id":        {with(textMessage(noMessage), map[string]any{"thread_control": map[string]any{"control_type": "pass", "app_id": "app"}}), map[string]string{"thread_control.app_id": `numeric Graph object id`}},
		"old control_type":          {with(textMessage(noMessage), map[string]any{"thread_control": map[string]any{"control_type": "pass_thread_control"}}), map[string]string{"thread_control.control_type": `value must be one of: \["pass" "release"\]`}},
		"release with app_id":       {with(textMessage(noMessage), map[string]any{"thread_control": map[string]any{"control_type": "release", "app_id": "263902037430900"}}), map[string]string{"thread_control.app_id": `thread_control.app_id can only be set when thread_control.control_type is "pass"`}},
		"action and thread_control": {with(textMessage(noMessage), map[string]any{"sender_action": "MARK_SEEN", "thread_control": map[string]any{"control_type": "release"}}), map[string]string{"thread_control": `"sender_action" cannot be specified when "thread_control" is specified`}},
		"REACT without reaction":    {with(textMessage(noMessage), map[string]any{"sender_action": "REACT"}), map[string]string{"sender_action": `sender_action REACT needs reaction`}},
		"UNREACT without reaction":  {with(textMessage(noMessage), map[string]any{"sender_action": "UNREACT"}), map[string]string{"sender_action": `sender_action UNREACT needs reaction`}},
		"reaction with TYPING_ON":   {with(textMessage(noMessage), map[string]any{"sender_action": "TYPING_ON", "reaction": map[string]any{"message_id": "m_1", "emoji": nil}}), map[string]string{"reaction": `reaction can only be set when sender_action is REACT or UNREACT, not TYPING_ON`}},
		"REACT without emoji":       {with(textMessage(noMessage), map[string]any{"sender_action": "REACT", "reaction": map[string]any{"message_id": "m_1", "emoji": nil}}), map[string]string{"reaction.emoji": `reaction.emoji is required when sender_action is "REACT"`}},
		"UNREACT with emoji":        {with(textMessage(noMessage), map[string]any{"sender_action": "UNREACT", "reaction": map[string]any{"message_id": "m_1", "emoji": "😊"}}), map[string]string{"reaction.emoji": `reaction.emoji can only be set when sender_action is "REACT"`}},
		"UTILITY without template":  {textMessage(map[string]any{"messaging_type": "UTILITY"}), map[string]string{"messaging_type": `UTILITY is for Meta's utility template messages`}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			diags := p.validateAction(messageAction, tc.cfg)
			got := map[string]string{}
			for _, d := range diags {
				if d.Severity != tfprotov6.DiagnosticSeverityError {
					t.Errorf("unexpected %s", diagText(d))
					continue
				}
				got[attrPath(d.Attribute)] = d.Summary + ": " + d.Detail
			}
			if len(got) != len(tc.want) {
				t.Fatalf("diagnostics:\n%s\nwant errors at %v", diagsText(diags), tc.want)
			}
			for at, re := range tc.want {
				if !regexp.MustCompile(re).MatchString(got[at]) {
					t.Errorf("at %s: %q does not match %q\nall:\n%s", at, got[at], re, diagsText(diags))
				}
			}
		})
	}
	if n := emu.TotalCalls(); n != 0 {
		t.Fatalf("validation made %d API calls, want 0: %+v", n, emu.Requests())
	}
}

// TestActionPageMessage_validConfigurationsPass guards the validation table
// above against rules so strict that nothing passes.
func TestActionPageMessage_validConfigurationsPass(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	p := newRPCProvider(t, emu)
	for name, cfg := range map[string]map[string]any{
		"text":           textMessage(nil),
		"tagged":         textMessage(map[string]any{"messaging_type": "MESSAGE_TAG", "tag": "HUMAN_AGENT"}),
		"sender action":  textMessage(map[string]any{"message": nil, "messaging_type": nil, "sender_action": "MARK_SEEN"}),
		"thread control": textMessage(map[string]any{"message": nil, "messaging_type": nil, "thread_control": map[string]any{"control_type": "release"}}),
		"pass with app":  textMessage(map[string]any{"thread_control": map[string]any{"control_type": "pass", "app_id": "263902037430900"}}),
		"react":          textMessage(map[string]any{"message": nil, "messaging_type": nil, "sender_action": "REACT", "reaction": map[string]any{"message_id": "m_1", "emoji": "😊"}}),
		"unreact":        textMessage(map[string]any{"message": nil, "messaging_type": nil, "sender_action": "UNREACT", "reaction": map[string]any{"message_id": "m_1"}}),
		"reply":          textMessage(map[string]any{"reply_to": "m_1"}),
		"phone number":   textMessage(map[string]any{"recipient": map[string]any{"phone_number": "+1(212)555-2368"}, "messaging_type": "UPDATE"}),
		"2000 chars":     textMessage(map[string]any{"message": map[string]any{"text": strings.Repeat("é", 2000)}}),
	} {
		if diags := p.validateAction(messageAction, cfg); len(diags) != 0 {
			t.Errorf("%s: %s", name, diagsText(diags))
		}
	}
	if n := emu.TotalCalls(); n != 0 {
		t.Fatalf("validation made %d API calls", n)
	}
}

// invokeFails invokes cfg and returns the one error diagnostic.
func invokeFails(t *testing.T, p *rpcProvider, ctx context.Context, cfg map[string]any) *tfprotov6.Diagnostic {
	t.Helper()
	_, diags := p.invokeAction(ctx, messageAction, cfg)
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityError {
		t.Fatalf("want one error, got:\n%s", diagsText(diags))
	}
	return diags[0]
}

func TestActionPageMessage_errorsInPlainLanguage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		code      int
		recipient map[string]any
		ident     string
		hint      string
	}{
		{551, map[string]any{"id": testPSID}, testPSID, "This person cannot receive messages from the Page"},
		{230, map[string]any{"id": testPSID}, testPSID, `Outside the 24-hour window after their last message, a message needs messaging_type = "MESSAGE_TAG"`},
		{10, map[string]any{"id": testPSID}, testPSID, "This message was sent outside the messaging window: RESPONSE and UPDATE only work within 24 hours"},
		{2022, map[string]any{"id": testPSID}, testPSID, "Meta has temporarily disabled sending commerce messages for this app"},
		{10900, map[string]any{"comment_id": testPageID + "_777"}, testPageID + "_777", "already received its private reply"},
		{10903, map[string]any{"comment_id": testPageID + "_778"}, testPageID + "_778", "cannot receive a private reply"},
		{2, map[string]any{"id": testPSID}, testPSID, "Meta may have delivered this message. Check the conversation"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.code), func(t *testing.T) {
			emu := messageEmulator(t)
			emu.SetRecipientError(testPageID, tc.ident, tc.code)
			p := newRPCProvider(t, emu)
			d := invokeFails(t, p, context.Background(), textMessage(map[string]any{"recipient": tc.recipient}))
			wantSummary := "Unable to send the message from Page " + testPageID
			if tc.code == 2 {
				wantSummary = "Delivery of the message from Page " + testPageID + " is unknown"
			}
			if d.Summary != wantSummary {
				t.Errorf("summary %q", d.Summary)
			}
			for _, want := range []string{"POST /v26.0/" + testPageID + "/messages", fmt.Sprintf("(code %d", tc.code), "fbtrace_id ", tc.hint} {
				if !strings.Contains(d.Detail, want) {
					t.Errorf("detail lacks %q:\n%s", want, d.Detail)
				}
			}
			for _, secret := range []string{testUserToken, emu.PageToken(testPageID)} {
				if strings.Contains(d.Detail, secret) {
					t.Fatal("the diagnostic leaks a token")
				}
			}
			if n := emu.Calls("POST", graphtest.EndpointMessages); n != 1 {
				t.Errorf("%d sends, want 1 (none of these is retried)", n)
			}
			if len(emu.Messages(testPageID)) != 0 {
				t.Error("a refused message was recorded")
			}
		})
	}
}

func TestActionPageMessage_throttledThenSentExactlyOnce(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	f := graphtest.Throttle(graph.CodeMessengerThrottled, 0)
	f.Method, f.Endpoint, f.Times = "POST", graphtest.EndpointMessages, 1
	emu.InjectFault(f)
	sent, progress := invokeOK(t, emu, textMessage(nil))
	if n := emu.Calls("POST", graphtest.EndpointMessages); n != 2 {
		t.Fatalf("%d sends, want 2: the refused one and the delivered one", n)
	}
	if !strings.Contains(progress[1], "message_id "+sent.MessageID) {
		t.Fatalf("progress %q", progress)
	}
}

func TestActionPageMessage_connectionResetAfterWriteIsNotResent(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointMessages, AfterHandling: true, ResetConnection: true})
	p := newRPCProvider(t, emu)
	d := invokeFails(t, p, context.Background(), textMessage(nil))
	if d.Summary != "Delivery of the message from Page "+testPageID+" is unknown" {
		t.Errorf("summary %q", d.Summary)
	}
	assertSentOnceDeliveryUnknown(t, emu, d, "was not sent again")
	if len(emu.Messages(testPageID)) != 1 {
		t.Fatal("the emulator should have accepted the one send before the connection dropped")
	}
}

func TestActionPageMessage_timeoutAfterWriteIsNotResent(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	emu.InjectFault(graphtest.Fault{Method: "POST", Endpoint: graphtest.EndpointMessages, AfterHandling: true, Delay: time.Minute})
	p := newRPCProvider(t, emu)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	d := invokeFails(t, p, ctx, textMessage(nil))
	if strings.Contains(d.Detail, "Raise the resource's timeouts") {
		t.Errorf("the advice to try again must not be given when delivery is unknown:\n%s", d.Detail)
	}
	assertSentOnceDeliveryUnknown(t, emu, d, "context deadline exceeded")
}

// Meta answered HTTP 200 with a message_id and a throttling envelope after
// delivering the message (the CLI test of this case needs Terraform 1.14).
func TestActionPageMessage_200WithThrottlingEnvelopeIsNotResent(t *testing.T) {
	t.Parallel()
	emu := messageEmulator(t)
	emu.InjectFault(deliveredButThrottled())
	d := invokeFails(t, newRPCProvider(t, emu), context.Background(), textMessage(nil))
	assertSentOnceDeliveryUnknown(t, emu, d, "Meta answered HTTP 200 with an error envelope")
	if len(emu.Messages(testPageID)) != 1 {
		t.Fatal("the person should have got the message once")
	}
}

// assertSentOnceDeliveryUnknown checks the outcome every lost answer to a
// send must have: one request only, and a diagnostic saying delivery is
// unknown (plus what the caller names).
func assertSentOnceDeliveryUnknown(t *testing.T, emu *graphtest.Emulator, d *tfprotov6.Diagnostic, more ...string) {
	t.Helper()
	for _, want := range append([]string{"delivery is unknown", "Meta may have delivered this message"}, more...) {
		if !strings.Contains(d.Detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, d.Detail)
		}
	}
	if n := emu.Calls("POST", graphtest.EndpointMessages); n != 1 {
		t.Fatalf("%d sends: a message that may have been delivered was sent again", n)
	}
}
