package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/objectvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

var (
	_ action.Action              = (*pageMessageAction)(nil)
	_ action.ActionWithConfigure = (*pageMessageAction)(nil)
)

// recipientKinds are the ways to name a recipient; exactly one is set.
var recipientKinds = []string{"id", "user_ref", "comment_id", "post_id", "phone_number"}

// NewPageMessageAction is the facebook_page_message action: one
// POST /{page-id}/messages, sent when the action is invoked.
func NewPageMessageAction() action.Action { return &pageMessageAction{} }

type pageMessageAction struct{ client *graph.Client }

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
	Reaction         *reactionModel      `tfsdk:"reaction"`
}

type reactionModel struct {
	MessageID types.String `tfsdk:"message_id"`
	Emoji     types.String `tfsdk:"emoji"`
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
	if r := m.Reaction; r != nil {
		req.Reaction = &graph.Reaction{MessageID: r.MessageID.ValueString(), Reaction: r.Emoji.ValueString()}
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

func (a *pageMessageAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_message"
}

func (a *pageMessageAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (a *pageMessageAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends a message, a sender action (such as a typing indicator) or a Conversation Routing thread control request from a Page " +
			"(`POST /{page-id}/messages`). " + actionRuns("facebook_page_message", "delivery is unknown") +
			"Needs a Page access token from someone with the `MESSAGING` task on the Page and the `pages_messaging` permission.",
		Attributes: map[string]schema.Attribute{
			"page_id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the Page that sends.",
				Required:            true,
				Validators:          []validator.String{validators.NumericID()},
			},
			"recipient": schema.SingleNestedAttribute{
				MarkdownDescription: "Who receives it: exactly one of `id`, `user_ref`, `comment_id`, `post_id`, `phone_number`.",
				Required:            true,
				Attributes:          recipientAttributes(),
			},
			"messaging_type": schema.StringAttribute{
				MarkdownDescription: "Why the message is sent: " + backtickList(graph.MessagingTypes) + ". Required with `message`. " +
					"`RESPONSE` and `UPDATE` are for the 24-hour window after the person's last message; outside it use `MESSAGE_TAG` with a `tag`. " +
					"`UTILITY` is refused: Meta sends it only as a utility template message, which this action does not build.",
				Optional:   true,
				Validators: []validator.String{validators.Enum(graph.MessagingTypes), notUtilityValidator()},
			},
			"tag": schema.StringAttribute{
				MarkdownDescription: "Message tag, required when `messaging_type` is `MESSAGE_TAG` and refused otherwise: " + backtickList(graph.MessageTags) + ".",
				Optional:            true,
				Validators: []validator.String{
					validators.Enum(graph.MessageTags),
					validators.RequiredOnlyWhen(path.MatchRoot("messaging_type"), "MESSAGE_TAG"),
				},
			},
			"notification_type": schema.StringAttribute{
				MarkdownDescription: "Push notification the person gets: " + backtickList(graph.NotificationTypes) + ". When unset, Meta applies its default, `REGULAR`.",
				Optional:            true,
				Validators:          []validator.String{validators.Enum(graph.NotificationTypes)},
			},
			"message": schema.SingleNestedAttribute{
				MarkdownDescription: "The message: `text` or an `attachment`, with optional `quick_replies` and `metadata`. Exclusive with `sender_action`; needs `messaging_type`. " +
					"At least one of `message`, `sender_action` and `thread_control` is required.",
				Optional:   true,
				Attributes: messageAttributes(),
				Validators: []validator.Object{
					objectvalidator.AlsoRequires(path.MatchRoot("messaging_type")),
					objectvalidator.AtLeastOneOf(path.MatchRoot("sender_action"), path.MatchRoot("thread_control")),
				},
			},
			"sender_action": schema.StringAttribute{
				MarkdownDescription: "Instead of a message, an action shown in the conversation: " + backtickList(graph.SenderActions) + ". Exclusive with `message` and `thread_control`: " +
					"Meta's sender action request carries only the recipient and the action. `REACT` and `UNREACT` need `reaction`.",
				Optional: true,
				Validators: []validator.String{
					validators.Enum(graph.SenderActions),
					stringvalidator.ConflictsWith(path.MatchRoot("message")),
					reactionRequiredValidator{},
				},
			},
			"reaction": schema.SingleNestedAttribute{
				MarkdownDescription: "The message a `REACT` or `UNREACT` sender action is about, sent as Meta's top-level `payload`. Required with those two actions and refused with any other.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"message_id": schema.StringAttribute{
						MarkdownDescription: "Id of the message to react to (`m_...`).",
						Required:            true,
						Validators:          []validator.String{validators.OpaqueID()},
					},
					"emoji": schema.StringAttribute{
						MarkdownDescription: "The reaction, any emoji such as `😊`. Required with `REACT` (sending it again changes the reaction) and refused with `UNREACT`, which removes it.",
						Optional:            true,
						Validators: []validator.String{
							stringvalidator.UTF8LengthBetween(1, 16),
							validators.RequiredOnlyWhen(path.MatchRoot("sender_action"), "REACT"),
						},
					},
				},
			},
			"persona_id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of a Page persona to send as.",
				Optional:            true,
				Validators:          []validator.String{validators.NumericID()},
			},
			"reply_to": schema.StringAttribute{
				MarkdownDescription: "Id of an earlier message in the conversation (`m_...`) that this message replies to, sent to Meta as `{\"mid\": ...}`. Needs `message`.",
				Optional:            true,
				Validators: []validator.String{
					validators.OpaqueID(),
					stringvalidator.AlsoRequires(path.MatchRoot("message")),
				},
			},
			"thread_control": schema.SingleNestedAttribute{
				MarkdownDescription: "Conversation routing: passes the conversation to another app, or releases it, along with a message or alone. " +
					"Works only on Pages with conversation routing enabled; exclusive with `sender_action`. To pass, take, request or release a thread through the thread control edges, use the `facebook_page_thread_control` action.",
				Optional:   true,
				Validators: []validator.Object{objectvalidator.ConflictsWith(path.MatchRoot("sender_action"))},
				Attributes: map[string]schema.Attribute{
					"app_id": schema.StringAttribute{
						MarkdownDescription: "Numeric id of the app the conversation is passed to; only with `control_type = \"pass\"`.",
						Optional:            true,
						Validators: []validator.String{
							validators.NumericID(),
							validators.AllowedOnlyWhen(path.MatchRoot("thread_control").AtName("control_type"), "pass"),
						},
					},
					"control_type": schema.StringAttribute{
						MarkdownDescription: "`pass` (to `app_id`, or to the app Meta's routing picks) or `release`.",
						Required:            true,
						Validators:          []validator.String{stringvalidator.OneOf(graph.ThreadControlTypes...)},
					},
					"payload": schema.StringAttribute{
						MarkdownDescription: "Free text handed to the receiving app with the conversation.",
						Optional:            true,
					},
				},
			},
		},
	}
}

// recipientFormat bounds each way of naming a recipient, so that a wrong
// variable fails at plan time rather than at Meta.
var recipientFormat = map[string]validator.String{
	"id":           validators.NumericID(),
	"user_ref":     validators.OpaqueID(),
	"comment_id":   validators.OpaqueID(),
	"post_id":      validators.OpaqueID(),
	"phone_number": stringvalidator.LengthBetween(1, 64),
}

func recipientAttributes() map[string]schema.Attribute {
	describe := map[string]string{
		"id":           "Page-scoped id (PSID) of the person.",
		"user_ref":     "`user_ref` from the Checkbox plugin or Chat plugin. Meta answers no `recipient_id` for it.",
		"comment_id":   "Id of a comment on the Page: sends a private reply to its author.",
		"post_id":      "Id of a visitor post on the Page: sends a private reply to its author.",
		"phone_number": "Phone number with country code, such as `+1(212)555-2368` (Customer Matching). Meta answers no `recipient_id` for it.",
	}
	attrs := map[string]schema.Attribute{}
	recipient := path.MatchRoot("recipient")
	for _, kind := range recipientKinds {
		others := validators.Siblings(recipient, kind, recipientKinds...)
		checks := []validator.String{recipientFormat[kind], stringvalidator.ConflictsWith(others...)}
		if kind == "id" {
			// AtLeastOneOf is placed once, on the first kind, so that
			// leaving all of them out gives one error, not five.
			checks = append(checks, stringvalidator.AtLeastOneOf(others...))
		}
		attrs[kind] = schema.StringAttribute{
			MarkdownDescription: describe[kind] + " Exactly one of `" + strings.Join(recipientKinds, "`, `") + "`.",
			Optional:            true,
			Validators:          checks,
		}
	}
	return attrs
}

func messageAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"text": schema.StringAttribute{
			MarkdownDescription: "Text of the message, 1 to 2000 characters. Exactly one of `text` and `attachment`.",
			Optional:            true,
			Validators: []validator.String{
				stringvalidator.UTF8LengthBetween(1, 2000),
				stringvalidator.ExactlyOneOf(path.MatchRoot("message").AtName("text"), path.MatchRoot("message").AtName("attachment")),
			},
		},
		"attachment": schema.SingleNestedAttribute{
			MarkdownDescription: "A media, file or template attachment.",
			Optional:            true,
			Attributes: map[string]schema.Attribute{
				"type": schema.StringAttribute{
					MarkdownDescription: "Attachment type: " + backtickList(graph.AttachmentTypes) + ".",
					Required:            true,
					Validators:          []validator.String{validators.Enum(graph.AttachmentTypes)},
				},
				"url": schema.StringAttribute{
					MarkdownDescription: "URL of the media or file; sent as the payload `{\"url\": ...}`. Exclusive with `payload`.",
					Optional:            true,
					Validators: []validator.String{
						validators.HTTPURL(),
						stringvalidator.ConflictsWith(path.MatchRoot("message").AtName("attachment").AtName("payload")),
					},
				},
				"payload": schema.StringAttribute{
					MarkdownDescription: "The payload as a JSON object, such as `jsonencode({ template_type = \"button\", ... })` or `jsonencode({ attachment_id = \"...\" })`. Exclusive with `url`.",
					Optional:            true,
					Validators:          []validator.String{validators.JSONObject()},
				},
			},
		},
		"quick_replies": schema.ListNestedAttribute{
			MarkdownDescription: "Up to 13 buttons offered under the message.",
			Optional:            true,
			Validators:          []validator.List{listvalidator.SizeBetween(1, 13), validators.NoNullElements()},
			NestedObject: schema.NestedAttributeObject{
				Attributes: map[string]schema.Attribute{
					"content_type": schema.StringAttribute{
						MarkdownDescription: "What the button asks for: " + backtickList(graph.QuickReplyTypes) + ".",
						Required:            true,
						Validators:          []validator.String{validators.Enum(graph.QuickReplyTypes)},
					},
					"title": schema.StringAttribute{
						MarkdownDescription: "Button caption, at most 20 characters; required when `content_type` is `TEXT`.",
						Optional:            true,
						Validators: []validator.String{
							stringvalidator.UTF8LengthBetween(1, 20),
							validators.RequiredWhen(path.MatchRelative().AtParent().AtName("content_type"), "TEXT"),
						},
					},
					"payload": schema.StringAttribute{
						MarkdownDescription: "Sent back to the Page's webhook when the button is tapped; at most 1000 characters.",
						Optional:            true,
						Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, 1000)},
					},
					"image_url": schema.StringAttribute{
						MarkdownDescription: "URL of an icon shown on the button.",
						Optional:            true,
						Validators:          []validator.String{validators.HTTPURL()},
					},
				},
			},
		},
		"metadata": schema.StringAttribute{
			MarkdownDescription: "Free text delivered to the Page's `message_echoes` webhook with the message, not shown to the person; at most 1000 characters.",
			Optional:            true,
			Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, 1000)},
		},
	}
}

func (a *pageMessageAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	invokeAction(ctx, a.client, req, resp, func(m *pageMessageModel) actionWrite {
		pageID, what := m.PageID.ValueString(), m.describe()
		return actionWrite{
			doing:   fmt.Sprintf("Sending %s from Page %s to %s", what, pageID, m.Recipient.label()),
			unknown: fmt.Sprintf("Delivery of the %s from Page %s is unknown", what, pageID),
			failed:  fmt.Sprintf("Unable to send the %s from Page %s", what, pageID),
			write: func(ctx context.Context) (string, error) {
				res, err := a.client.SendMessage(ctx, pageID, m.request())
				if err != nil {
					return "", err
				}
				return sentMessage(what, res), nil
			},
		}
	})
}

// sentMessage reports what Meta answered. message_id is absent for sender
// actions and thread control; recipient_id for user_ref and phone_number.
func sentMessage(what string, res *graph.SendMessageResult) string {
	var parts []string
	if res.MessageID != "" {
		parts = append(parts, "message_id "+res.MessageID)
	}
	if res.RecipientID != "" {
		parts = append(parts, "recipient_id "+res.RecipientID)
	}
	if len(parts) == 0 {
		return "Sent the " + what
	}
	return "Sent the " + what + ": " + strings.Join(parts, ", ")
}
