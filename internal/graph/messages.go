package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Values of POST /{page-id}/messages enums, as Meta's reference lists them
// (developers.facebook.com/docs/messenger-platform/reference/send-api/ and
// `pagemessages_*_enum_param` in Meta's SDK specification,
// github.com/facebook/facebook-business-sdk-codegen api_specs/specs/enum_types.json).
var (
	MessagingTypes    = []string{"RESPONSE", "UPDATE", "MESSAGE_TAG", "UTILITY"}
	MessageTags       = []string{"ACCOUNT_UPDATE", "CONFIRMED_EVENT_UPDATE", "CUSTOMER_FEEDBACK", "HUMAN_AGENT", "POST_PURCHASE_UPDATE"}
	NotificationTypes = []string{"REGULAR", "SILENT_PUSH", "NO_PUSH"}
	SenderActions     = []string{"MARK_SEEN", "TYPING_ON", "TYPING_OFF", "REACT", "UNREACT"}
	AttachmentTypes   = []string{"IMAGE", "VIDEO", "AUDIO", "FILE", "LOCATION", "TEMPLATE", "FALLBACK", "REEL", "IG_REEL", "LIKE_HEART", "MEDIA_SHARE"}
	// ThreadControlTypes are the thread_control.control_type values of a
	// message: hand the thread to another app, or give it back
	// (developers.facebook.com/docs/messenger-platform/conversation-routing/).
	ThreadControlTypes = []string{"pass", "release"}
	QuickReplyTypes    = []string{"LOCATION", "USER_PHONE_NUMBER", "USER_EMAIL", "USER_CITY", "USER_BIRTHDAY", "USER_STATE", "USER_ZIP_CODE", "OPEN_CAMERA", "OPEN_GALLERY", "RECORD_AUDIO", "POLL", "TEXT", "OPEN_NATIVE", "STICKER", "OPEN_APP", "P2P_PAYMENT", "TRANSPORTATION", "CREATE_EVENT", "GIF", "BIC_OPT_IN", "DISPLAY_PERSISTENT_MENU", "BUSINESS_LEAD_FORM"}
)

// Graph error codes of the messages edge that callers explain to users.
const (
	CodePermissionDisallowsMessage = 230
	CodePersonUnavailable          = 551
	CodeCommerceMessagingDisabled  = 2022
	CodeAlreadyRepliedTo           = 10900
	CodeCannotReplyToActivity      = 10903
)

// MessageRecipient identifies who receives a message: set exactly one field.
type MessageRecipient struct {
	ID          string `json:"id,omitempty"` // page-scoped id (PSID)
	UserRef     string `json:"user_ref,omitempty"`
	CommentID   string `json:"comment_id,omitempty"` // private reply to a comment
	PostID      string `json:"post_id,omitempty"`    // private reply to a visitor post
	PhoneNumber string `json:"phone_number,omitempty"`
}

// Message is the content of a message: Text or Attachment.
type Message struct {
	Text         string             `json:"text,omitempty"`
	Attachment   *MessageAttachment `json:"attachment,omitempty"`
	QuickReplies []QuickReply       `json:"quick_replies,omitempty"`
	Metadata     string             `json:"metadata,omitempty"`
}

// MessageAttachment is a media, file or template attachment. Payload is a
// JSON value, such as {"url": "https://..."} for media.
type MessageAttachment struct {
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// QuickReply is one button offered under a message.
type QuickReply struct {
	ContentType string `json:"content_type"`
	Title       string `json:"title,omitempty"`
	Payload     string `json:"payload,omitempty"`
	ImageURL    string `json:"image_url,omitempty"`
}

// ThreadControl hands a conversation between apps (Conversation Routing).
type ThreadControl struct {
	AppID       string `json:"app_id,omitempty"`
	ControlType string `json:"control_type,omitempty"`
	Payload     string `json:"payload,omitempty"`
}

// Reaction is the top-level payload of the REACT and UNREACT sender
// actions: the message reacted to and, for REACT only, the emoji
// (developers.facebook.com/docs/messenger-platform/send-messages/sender-actions/).
type Reaction struct {
	MessageID string `json:"message_id"`
	Reaction  string `json:"reaction,omitempty"`
}

// SendMessageRequest is one POST /{page-id}/messages. Empty fields are not
// sent. Message and SenderAction are exclusive, as the API requires.
type SendMessageRequest struct {
	Recipient        MessageRecipient
	MessagingType    string
	Tag              string
	NotificationType string
	Message          *Message
	SenderAction     string
	PersonaID        string
	ReplyTo          string // id of the message replied to, sent as {"mid": ...}
	ThreadControl    *ThreadControl
	Reaction         *Reaction // with SenderAction REACT or UNREACT
}

// SendMessageResult is Meta's answer. RecipientID is empty when the
// recipient was given as user_ref or phone_number; MessageID is empty for
// sender actions and thread control requests, which create no message.
type SendMessageResult struct {
	RecipientID string `json:"recipient_id"`
	MessageID   string `json:"message_id"`
}

// DeliveryUnknownError says a message request may have been carried out
// although no usable answer came back. The client never sends such a
// request again, because the recipient could get the message twice.
//
// It also stands for a thread control request (ThreadControl set) whose
// outcome is unknown: sent again, it could hand the conversation over twice.
type DeliveryUnknownError struct {
	Reason        string // why the outcome is unknown
	Err           error
	ThreadControl bool // a pass, take or request of a thread, not a message
}

func (e *DeliveryUnknownError) Error() string {
	if e.ThreadControl {
		return fmt.Sprintf("%v: the outcome is unknown (%s); the request was not sent again, so that the conversation cannot change hands twice", e.Err, e.Reason)
	}
	return fmt.Sprintf("%v: delivery is unknown (%s); the request was not sent again, so that the recipient cannot get it twice", e.Err, e.Reason)
}

func (e *DeliveryUnknownError) Unwrap() error { return e.Err }

// SendMessage sends a message, a sender action or a thread control request
// from the Page. It is not safe to repeat: only throttling refusals and
// requests that never left are retried.
//
// Meta API docs: https://developers.facebook.com/docs/graph-api/reference/page/messages/
// Meta API docs: https://developers.facebook.com/docs/messenger-platform/reference/send-api/
func (c *Client) SendMessage(ctx context.Context, pageID string, req SendMessageRequest) (*SendMessageResult, error) {
	form, err := req.form()
	if err != nil {
		return nil, err
	}
	token, err := c.PageToken(ctx, pageID)
	if err != nil {
		return nil, err
	}
	var answer SendMessageResult
	err = c.do(ctx, call{method: "POST", path: "/" + pageID + "/messages", form: form, token: token}, &answer)
	if err != nil {
		if reason := deliveryUnknown(err); reason != "" {
			return nil, &DeliveryUnknownError{Reason: reason, Err: err}
		}
		return nil, err
	}
	return &answer, nil
}

// deliveryUnknown says why a failed send may nonetheless have been carried
// out, or "" when it surely was not. A Graph error envelope is Meta's
// refusal only when it proves one (Error.provesRefusal): a 4xx answer,
// throttling or an error that is not transient, with no result beside it.
func deliveryUnknown(err error) string {
	var te *TransportError
	if errors.As(err, &te) {
		if te.Delivered {
			return "the request was written, then the connection failed or time ran out before an answer arrived"
		}
		return ""
	}
	var re *ResponseError
	if errors.As(err, &re) {
		return "the answer was cut off or was not Meta's JSON"
	}
	var ge *Error
	switch {
	case !errors.As(err, &ge) || ge.provesRefusal():
		return ""
	case ge.Temporary() && !ge.Throttled():
		return "Meta reported a temporary failure without saying whether the message went out"
	}
	return fmt.Sprintf("Meta answered HTTP %d with an error envelope, which does not prove the request was refused", ge.HTTPStatus)
}

// form encodes the request as Meta's form body: scalars as they are, object
// values as JSON-encoded strings, as in the Send API's examples
// (https://developers.facebook.com/docs/messenger-platform/reference/send-api/).
func (r SendMessageRequest) form() (url.Values, error) {
	form := url.Values{}
	set := func(name, value string) {
		if value != "" {
			form.Set(name, value)
		}
	}
	setJSON := func(name string, v any) error {
		encoded, err := marshalCompact(v)
		if err != nil {
			return fmt.Errorf("encoding %s: %w", name, err)
		}
		form.Set(name, encoded)
		return nil
	}
	if err := setJSON("recipient", r.Recipient); err != nil {
		return nil, err
	}
	set("messaging_type", r.MessagingType)
	set("tag", r.Tag)
	set("notification_type", r.NotificationType)
	if r.Message != nil {
		if err := setJSON("message", r.Message); err != nil {
			return nil, err
		}
	}
	set("sender_action", r.SenderAction)
	set("persona_id", r.PersonaID)
	if r.ReplyTo != "" {
		// An object in Meta's SDK specification
		// (github.com/facebook/facebook-business-sdk-codegen,
		// api_specs/specs/Page.json, POST messages: reply_to Object).
		if err := setJSON("reply_to", map[string]string{"mid": r.ReplyTo}); err != nil {
			return nil, err
		}
	}
	if r.Reaction != nil {
		if err := setJSON("payload", r.Reaction); err != nil {
			return nil, err
		}
	}
	if r.ThreadControl != nil {
		if err := setJSON("thread_control", r.ThreadControl); err != nil {
			return nil, err
		}
	}
	return form, nil
}

// marshalCompact encodes v as JSON without escaping <, > and &, so message
// text reaches Meta as the user wrote it.
func marshalCompact(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}
