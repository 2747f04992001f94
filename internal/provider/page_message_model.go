package provider

import (
	"encoding/json"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

// pageMessageModel is the configuration of the facebook_page_message action.
type pageMessageModel struct {
	PageID           types.String        `tfsdk:"page_id"`
	Recipient        *recipientModel     `tfsdk:"recipient"`
	MessagingType    types.String        `tfsdk:"messaging_type"`
	Tag              types.String        `tfsdk:"tag"`
	NotificationType types.String        `tfsdk:"notification_type"`
	Message          *messageModel       `tfsdk:"message"`
	SenderAction     types.String        `tfsdk:"sender_action"`
	PersonaID        types.String        `tfsdk:"persona_id"`
	ReplyTo          types.String        `tfsdk:"reply_to"`
	ThreadControl    *threadControlModel `tfsdk:"thread_control"`
}

type recipientModel struct {
	ID          types.String `tfsdk:"id"`
	UserRef     types.String `tfsdk:"user_ref"`
	CommentID   types.String `tfsdk:"comment_id"`
	PostID      types.String `tfsdk:"post_id"`
	PhoneNumber types.String `tfsdk:"phone_number"`
}

type messageModel struct {
	Text         types.String      `tfsdk:"text"`
	Attachment   *attachmentModel  `tfsdk:"attachment"`
	QuickReplies []quickReplyModel `tfsdk:"quick_replies"`
	Metadata     types.String      `tfsdk:"metadata"`
}

type attachmentModel struct {
	Type    types.String `tfsdk:"type"`
	URL     types.String `tfsdk:"url"`
	Payload types.String `tfsdk:"payload"`
}

type quickReplyModel struct {
	ContentType types.String `tfsdk:"content_type"`
	Title       types.String `tfsdk:"title"`
	Payload     types.String `tfsdk:"payload"`
	ImageURL    types.String `tfsdk:"image_url"`
}

type threadControlModel struct {
	AppID       types.String `tfsdk:"app_id"`
	ControlType types.String `tfsdk:"control_type"`
	Payload     types.String `tfsdk:"payload"`
}

// request builds the Graph request. The schema validators have already
// checked every rule, so this only translates.
func (m pageMessageModel) request() graph.SendMessageRequest {
	req := graph.SendMessageRequest{
		MessagingType:    m.MessagingType.ValueString(),
		Tag:              m.Tag.ValueString(),
		NotificationType: m.NotificationType.ValueString(),
		SenderAction:     m.SenderAction.ValueString(),
		PersonaID:        m.PersonaID.ValueString(),
		ReplyTo:          m.ReplyTo.ValueString(),
	}
	if r := m.Recipient; r != nil {
		req.Recipient = graph.MessageRecipient{
			ID:          r.ID.ValueString(),
			UserRef:     r.UserRef.ValueString(),
			CommentID:   r.CommentID.ValueString(),
			PostID:      r.PostID.ValueString(),
			PhoneNumber: r.PhoneNumber.ValueString(),
		}
	}
	if msg := m.Message; msg != nil {
		out := &graph.Message{Text: msg.Text.ValueString(), Metadata: msg.Metadata.ValueString()}
		if a := msg.Attachment; a != nil {
			out.Attachment = a.attachment()
		}
		for _, q := range msg.QuickReplies {
			out.QuickReplies = append(out.QuickReplies, graph.QuickReply{
				ContentType: q.ContentType.ValueString(),
				Title:       q.Title.ValueString(),
				Payload:     q.Payload.ValueString(),
				ImageURL:    q.ImageURL.ValueString(),
			})
		}
		req.Message = out
	}
	if tc := m.ThreadControl; tc != nil {
		req.ThreadControl = &graph.ThreadControl{
			AppID:       tc.AppID.ValueString(),
			ControlType: tc.ControlType.ValueString(),
			Payload:     tc.Payload.ValueString(),
		}
	}
	return req
}

// attachment turns url into Meta's {"url": ...} payload, or passes the
// configured JSON payload on as it is (the schema checked it is an object).
func (a attachmentModel) attachment() *graph.MessageAttachment {
	att := &graph.MessageAttachment{Type: a.Type.ValueString()}
	switch {
	case !a.URL.IsNull():
		att.Payload, _ = json.Marshal(map[string]string{"url": a.URL.ValueString()}) // a string map always encodes
	case !a.Payload.IsNull():
		att.Payload = json.RawMessage(a.Payload.ValueString())
	}
	return att
}

// describe says what the request sends, for progress messages.
func (m pageMessageModel) describe() string {
	switch {
	case m.Message != nil:
		return "message"
	case !m.SenderAction.IsNull():
		return "sender action " + m.SenderAction.ValueString()
	default:
		return "thread control request"
	}
}

// label names the recipient for progress messages. A phone number
// is not repeated: progress lines end up in CI logs.
func (r *recipientModel) label() string {
	switch {
	case r == nil:
		return "the recipient"
	case !r.ID.IsNull():
		return "recipient " + r.ID.ValueString()
	case !r.UserRef.IsNull():
		return "user_ref " + r.UserRef.ValueString()
	case !r.CommentID.IsNull():
		return "the author of comment " + r.CommentID.ValueString()
	case !r.PostID.IsNull():
		return "the author of post " + r.PostID.ValueString()
	default:
		return "a phone number"
	}
}
