package graphtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"unicode/utf8"
)

// SentMessage is a request POST /{page-id}/messages accepted.
type SentMessage struct {
	MessageID   string // "" for sender actions and thread_control-only requests (Meta sends none)
	RecipientID string // as answered: "" for user_ref / phone_number recipients
	// Params are the decoded request params (credentials removed):
	// recipient, message and thread_control decoded from JSON into
	// map[string]any, the others as strings.
	Params map[string]any
}

// Enums of POST /{page-id}/messages
// (https://developers.facebook.com/docs/graph-api/reference/page/messages/).
var (
	messagingTypes         = []string{"RESPONSE", "UPDATE", "MESSAGE_TAG", "UTILITY"}
	messageTags            = []string{"ACCOUNT_UPDATE", "CONFIRMED_EVENT_UPDATE", "CUSTOMER_FEEDBACK", "HUMAN_AGENT", "POST_PURCHASE_UPDATE"}
	notificationTypes      = []string{"REGULAR", "SILENT_PUSH", "NO_PUSH"}
	senderActions          = []string{"MARK_SEEN", "TYPING_ON", "TYPING_OFF", "REACT", "UNREACT"}
	attachmentTypes        = []string{"IMAGE", "VIDEO", "AUDIO", "FILE", "LOCATION", "TEMPLATE", "FALLBACK", "REEL", "IG_REEL", "LIKE_HEART", "MEDIA_SHARE"}
	quickReplyTypes        = []string{"LOCATION", "USER_PHONE_NUMBER", "USER_EMAIL", "USER_CITY", "USER_BIRTHDAY", "USER_STATE", "USER_ZIP_CODE", "OPEN_CAMERA", "OPEN_GALLERY", "RECORD_AUDIO", "POLL", "TEXT", "OPEN_NATIVE", "STICKER", "OPEN_APP", "P2P_PAYMENT", "TRANSPORTATION", "CREATE_EVENT", "GIF", "BIC_OPT_IN", "DISPLAY_PERSISTENT_MENU", "BUSINESS_LEAD_FORM"}
	templateComponentTypes = []string{"HEADER", "BODY", "TITLE", "BUTTONS"}
	// recipientIdents: exactly one of these identifies the recipient.
	recipientIdents = []string{"id", "user_ref", "comment_id", "post_id", "phone_number"}
)

// assumption: limits from Meta's Send API docs
// (https://developers.facebook.com/docs/messenger-platform/reference/send-api/); the messages
// reference page gives none.
const (
	maxTextRunes    = 2000
	maxQuickReplies = 13
)

// AddRecipient makes psid a person who can receive messages from the page.
func (e *Emulator) AddRecipient(pageID, psid string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mustPageLocked("AddRecipient", pageID).recipients[psid] = true
}

// SetRecipientError makes sending to this recipient answer Graph error
// code (551, 10900, 10903, 230, 2022, ...) with Meta's message for it. The
// identifier is matched against whichever recipient field the request uses,
// so comment ids work for 10900/10903 (private replies).
func (e *Emulator) SetRecipientError(pageID, psid string, code int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mustPageLocked("SetRecipientError", pageID).recipientErrs[psid] = code
}

// Messages returns what POST /messages accepted for the page, in order.
func (e *Emulator) Messages(pageID string) []SentMessage {
	e.mu.Lock()
	defer e.mu.Unlock()
	pg, ok := e.pages[pageID]
	if !ok {
		return nil
	}
	out := make([]SentMessage, len(pg.messages))
	for i, m := range pg.messages {
		params, _ := deepCopy(m.Params).(map[string]any) // a copy of a map is a map
		out[i] = SentMessage{MessageID: m.MessageID, RecipientID: m.RecipientID, Params: params}
	}
	return out
}

// handleMessages serves POST /{page-id}/messages
// (https://developers.facebook.com/docs/graph-api/reference/page/messages/). Parameter
// checks come first, in the order a request is read; the recipient's state
// (unknown person, planted errors) last. Caller holds e.mu.
func (e *Emulator) handleMessages(in *incoming, pg *pageState) *response {
	p := in.params
	rawRecipient := p.Get("recipient")
	if rawRecipient == "" {
		return errResponse(errRequired("recipient"))
	}
	kind, ident, g := recipientParam(rawRecipient)
	if g != nil {
		return errResponse(g)
	}
	rawMsg, action, rawTC := p.Get("message"), p.Get("sender_action"), p.Get("thread_control")
	hasMsg := rawMsg != ""
	switch {
	case hasMsg && action != "":
		return errResponse(errParam("Only one of message and sender_action can be specified"))
	case !hasMsg && action == "" && rawTC == "":
		// assumption: Meta's live wording. A thread_control-only request is
		// accepted: the messages reference lists thread_control as a parameter of its own,
		// to hand a thread over without sending anything; it may also ride
		// along with a message or sender_action. It does not change owners.
		return errResponse(errParam("Must send either message or state"))
	case action != "" && !slices.Contains(senderActions, action):
		return errResponse(errEnum("sender_action", senderActions))
	}
	if action != "" {
		if g := validateSenderActionRequest(in, action); g != nil {
			return errResponse(g)
		}
	} else if p.Get("payload") != "" {
		return errResponse(errParam("Param payload can only be used with sender_action react or unreact"))
	}
	if raw := p.Get("reply_to"); raw != "" {
		if g := validateReplyTo(raw); g != nil {
			return errResponse(g)
		}
	}
	mt := p.Get("messaging_type")
	if hasMsg && mt == "" {
		return errResponse(errRequired("messaging_type"))
	}
	if mt != "" && !slices.Contains(messagingTypes, mt) {
		return errResponse(errEnum("messaging_type", messagingTypes))
	}
	tag := p.Get("tag")
	switch {
	case mt == "MESSAGE_TAG" && tag == "":
		return errResponse(errParam("The parameter tag is required when messaging_type is MESSAGE_TAG"))
	case tag != "" && mt != "MESSAGE_TAG":
		return errResponse(errParam("Param tag can only be used with messaging_type MESSAGE_TAG"))
	case tag != "" && !slices.Contains(messageTags, tag):
		return errResponse(errEnum("tag", messageTags))
	}
	if nt := p.Get("notification_type"); nt != "" && !slices.Contains(notificationTypes, nt) {
		return errResponse(errEnum("notification_type", notificationTypes))
	}
	if persona := p.Get("persona_id"); persona != "" && !isNumericID(persona) {
		return errResponse(errParam("Param persona_id must be a valid ID string (e.g., \"123\")"))
	}
	if hasMsg {
		if g := validateMessage(rawMsg); g != nil {
			return errResponse(g)
		}
	}
	if mt == "UTILITY" {
		if g := validateUtility(rawMsg); g != nil {
			return errResponse(g)
		}
	}
	if rawTC != "" {
		if g := validateThreadControl(rawTC); g != nil {
			return errResponse(g)
		}
	}

	if code, ok := pg.recipientErrs[ident]; ok {
		return errResponse(MetaError(code))
	}
	if kind == "id" && !pg.recipients[ident] {
		return errResponse(MetaError(551))
	}

	answer := map[string]any{}
	recipientID := ""
	switch kind {
	case "id":
		recipientID = ident
	case "comment_id", "post_id":
		// assumption: a private reply answers with the commenter's PSID, which
		// the emulator derives stably from the comment/post id.
		recipientID = derivedPSID(ident)
	}
	if recipientID != "" {
		answer["recipient_id"] = recipientID
	}
	messageID := ""
	if hasMsg {
		// assumption: sender actions and thread_control-only requests answer
		// only recipient_id, as Meta's Sender Actions docs show
		// (https://developers.facebook.com/docs/messenger-platform/send-messages/sender-actions/).
		messageID = "m_" + randomToken(48)
		answer["message_id"] = messageID
	}
	pg.messages = append(pg.messages, SentMessage{MessageID: messageID, RecipientID: recipientID, Params: decodedParams(in)})
	return okResponse(answer)
}

// recipientParam checks the recipient object: exactly one identifier among
// id, user_ref, comment_id, post_id, phone_number. assumption: other keys
// are refused, except name (which the messages reference pairs with phone_number).
func recipientParam(raw string) (kind, ident string, g *GraphError) {
	v, err := decodeJSONParam(raw)
	obj, ok := v.(map[string]any)
	if err != nil || !ok {
		return "", "", errParam("Param recipient must be a JSON object")
	}
	for k := range obj {
		if !slices.Contains(recipientIdents, k) && (k != "name" || obj["phone_number"] == nil) {
			return "", "", errParam("Param recipient[%s] is not supported", k)
		}
	}
	for _, k := range recipientIdents {
		val, present := obj[k]
		if !present {
			continue
		}
		if kind != "" {
			return "", "", errParam("Param recipient must contain exactly one of {%s}", strings.Join(recipientIdents, ", "))
		}
		s := flattenJSON(val)
		if _, isObj := val.(map[string]any); isObj || s == "" {
			return "", "", errParam("Param recipient[%s] must be a non-empty string", k)
		}
		kind, ident = k, s
	}
	if kind == "" {
		return "", "", errParam("Param recipient must contain exactly one of {%s}", strings.Join(recipientIdents, ", "))
	}
	if kind == "id" && !isNumericID(ident) {
		// The messages reference: recipient.id is a numeric string (a JSON integer is accepted too).
		return "", "", errParam("Param recipient[id] must be a valid ID string (e.g., \"123\")")
	}
	return kind, ident, nil
}

// validateMessage checks the message object of the messages reference: exactly one of
// text, attachment, attachments, dynamic_text, template (assumption: Meta
// documents "text or attachment must be set" and treats them as exclusive;
// the messages reference lists template, the content of UTILITY messages, beside them).
func validateMessage(raw string) *GraphError {
	v, err := decodeJSONParam(raw)
	msg, ok := v.(map[string]any)
	if err != nil || !ok {
		return errParam("Param message must be a JSON object")
	}
	var present []string
	for _, k := range []string{"text", "attachment", "attachments", "dynamic_text", "template"} {
		if val, ok := msg[k]; ok && val != nil && val != "" {
			present = append(present, k)
		}
	}
	switch len(present) {
	case 0:
		return errParam("Param message must contain text or attachment")
	case 1:
	default:
		return errParam("Only one of message[%s] and message[%s] can be set", present[0], present[1])
	}
	switch present[0] {
	case "text":
		text, ok := msg["text"].(string)
		if !ok {
			return errParam("Param message[text] must be a UTF-8 string")
		}
		if utf8.RuneCountInString(text) > maxTextRunes {
			return errParam("Length of param message[text] must be less than or equal to %d", maxTextRunes)
		}
	case "attachment":
		if g := validateAttachment("message[attachment]", msg["attachment"]); g != nil {
			return g
		}
	case "attachments":
		list, ok := msg["attachments"].([]any)
		if !ok || len(list) == 0 {
			return errParam("Param message[attachments] must be a non-empty array")
		}
		for i, a := range list {
			if g := validateAttachment(fmt.Sprintf("message[attachments][%d]", i), a); g != nil {
				return g
			}
		}
	case "dynamic_text":
		dt, ok := msg["dynamic_text"].(map[string]any)
		if !ok {
			return errParam("Param message[dynamic_text] must be a JSON object")
		}
		if s, _ := dt["text"].(string); s == "" {
			return errRequired("message[dynamic_text][text]")
		}
	case "template":
		if g := validateTemplate(msg["template"]); g != nil {
			return g
		}
	}
	return validateQuickReplies(msg["quick_replies"])
}

// validateTemplate checks message[template] as the messages reference
// describes it: name and language.code required; each component has a type
// from that page's
// enum and parameters that each have a type.
func validateTemplate(v any) *GraphError {
	tpl, ok := v.(map[string]any)
	if !ok {
		return errParam("Param message[template] must be a JSON object")
	}
	if name, _ := tpl["name"].(string); name == "" {
		return errRequired("message[template][name]")
	}
	lang, ok := tpl["language"].(map[string]any)
	if !ok {
		return errRequired("message[template][language]")
	}
	if code, _ := lang["code"].(string); code == "" {
		return errRequired("message[template][language][code]")
	}
	comps, present := tpl["components"]
	if !present {
		return nil
	}
	list, ok := comps.([]any)
	if !ok {
		return errParam("Param message[template][components] must be an array")
	}
	for i, c := range list {
		name := fmt.Sprintf("message[template][components][%d]", i)
		comp, ok := c.(map[string]any)
		if !ok {
			return errParam("Param %s must be a JSON object", name)
		}
		typ, _ := comp["type"].(string)
		if typ == "" {
			return errRequired(name + "[type]")
		}
		if !slices.Contains(templateComponentTypes, strings.ToUpper(typ)) {
			return errEnum(name+"[type]", templateComponentTypes)
		}
		params, _ := comp["parameters"].([]any)
		for j, p := range params {
			param, _ := p.(map[string]any)
			if pt, _ := param["type"].(string); pt == "" {
				return errRequired(fmt.Sprintf("%s[parameters][%d][type]", name, j))
			}
		}
	}
	return nil
}

// validateAttachment: type is required and in the messages reference's enum. assumption:
// matched case-insensitively, because Meta's own examples send "image".
func validateAttachment(name string, v any) *GraphError {
	att, ok := v.(map[string]any)
	if !ok {
		return errParam("Param %s must be a JSON object", name)
	}
	typ, _ := att["type"].(string)
	if typ == "" {
		return errRequired(name + "[type]")
	}
	if !slices.Contains(attachmentTypes, strings.ToUpper(typ)) {
		return errEnum(name+"[type]", attachmentTypes)
	}
	return nil
}

// validateQuickReplies: at most 13, each with a content_type from the messages reference
// (case-insensitive, as in Meta's examples) and a title for TEXT ones.
func validateQuickReplies(v any) *GraphError {
	if v == nil {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		return errParam("Param message[quick_replies] must be an array")
	}
	if len(list) > maxQuickReplies {
		return errParam("Param message[quick_replies] must have at most %d elements", maxQuickReplies)
	}
	for i, q := range list {
		name := fmt.Sprintf("message[quick_replies][%d]", i)
		qr, ok := q.(map[string]any)
		if !ok {
			return errParam("Param %s must be a JSON object", name)
		}
		ct, _ := qr["content_type"].(string)
		if ct == "" {
			return errRequired(name + "[content_type]")
		}
		if !slices.Contains(quickReplyTypes, strings.ToUpper(ct)) {
			return errEnum(name+"[content_type]", quickReplyTypes)
		}
		if title, _ := qr["title"].(string); strings.EqualFold(ct, "TEXT") && title == "" {
			return errParam("The parameter %s[title] is required when content_type is TEXT", name)
		}
	}
	return nil
}

// validateThreadControl: an object; app_id, when given, numeric (messages reference).
func validateThreadControl(raw string) *GraphError {
	v, err := decodeJSONParam(raw)
	tc, ok := v.(map[string]any)
	if err != nil || !ok {
		return errParam("Param thread_control must be a JSON object")
	}
	if app, ok := tc["app_id"]; ok && !isNumericID(flattenJSON(app)) {
		return errParam("Param thread_control[app_id] must be a valid ID string (e.g., \"123\")")
	}
	return validateControlType(tc)
}

// decodedParams is the SentMessage view of the request: object params
// decoded (plain encoding/json types), the rest as strings.
func decodedParams(in *incoming) map[string]any {
	out := map[string]any{}
	for k, vals := range in.params {
		if len(vals) == 0 {
			continue
		}
		switch k {
		case "recipient", "message", "thread_control", "reply_to", "payload":
			var v any
			if json.Unmarshal([]byte(vals[0]), &v) == nil {
				out[k] = v
				continue
			}
		}
		out[k] = vals[0]
	}
	return out
}

// derivedPSID maps an id to a stable 16-digit PSID-looking number.
func derivedPSID(id string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id)) // hash.Hash.Write never fails
	return fmt.Sprintf("9%015d", h.Sum64()%1_000_000_000_000_000)
}

// randomToken returns n random bytes as URL-safe base64 (message ids).
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// deepCopy copies decoded JSON values so callers cannot alter the record.
func deepCopy(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = deepCopy(x)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, x := range t {
			s[i] = deepCopy(x)
		}
		return s
	}
	return v
}
