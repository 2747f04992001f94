package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

var (
	_ datasource.DataSource              = (*pageConversationsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*pageConversationsDataSource)(nil)
)

// defaultMaxConversations bounds a listing when max_results is not set: a
// busy Page has many thousands of threads, and reading them all on every
// plan would be slow and eat into Meta's rate limits.
const defaultMaxConversations = 100

// NewPageConversationsDataSource is the facebook_page_conversations data
// source: the Page's Messenger or Instagram conversations.
func NewPageConversationsDataSource() datasource.DataSource { return &pageConversationsDataSource{} }

type pageConversationsDataSource struct{ client *graph.Client }

type pageConversationsModel struct {
	PageID        types.String        `tfsdk:"page_id"`
	Folder        types.String        `tfsdk:"folder"`
	Platform      types.String        `tfsdk:"platform"`
	UserID        types.String        `tfsdk:"user_id"`
	Tags          []string            `tfsdk:"tags"`
	MaxResults    types.Int64         `tfsdk:"max_results"`
	Participants  types.Bool          `tfsdk:"include_participants"`
	Conversations []conversationModel `tfsdk:"conversations"`
	Timeouts      timeouts.Value      `tfsdk:"timeouts"`
}

func (m *pageConversationsModel) readTimeouts() timeouts.Value { return m.Timeouts }

// conversationModel is one element of conversations. Fields Meta leaves
// out are null; a nil Participants is a null list.
type conversationModel struct {
	ID           types.String       `tfsdk:"id"`
	Link         types.String       `tfsdk:"link"`
	UpdatedTime  types.String       `tfsdk:"updated_time"`
	MessageCount types.Int64        `tfsdk:"message_count"`
	UnreadCount  types.Int64        `tfsdk:"unread_count"`
	Snippet      types.String       `tfsdk:"snippet"`
	CanReply     types.Bool         `tfsdk:"can_reply"`
	IsSubscribed types.Bool         `tfsdk:"is_subscribed"`
	Name         types.String       `tfsdk:"name"`
	Participants []participantModel `tfsdk:"participants"`
}

type participantModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Email    types.String `tfsdk:"email"`
	Username types.String `tfsdk:"username"`
}

func (d *pageConversationsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_conversations"
}

func (d *pageConversationsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists a Page's conversations (`GET /{page-id}/conversations`), newest first, following cursors across pages. " +
			"Reads at most `max_results` conversations (default " + fmt.Sprint(defaultMaxConversations) + "); set `max_results = 0` to read them all. " +
			"Needs a Page access token from someone who can perform the `MESSAGING` or `MODERATE` task on the Page, with the `pages_manage_metadata`, " +
			"`pages_read_engagement` and `pages_messaging` permissions (Instagram also: `instagram_basic` and `instagram_manage_messages`). " +
			"It stores personal data in state: people's names and emails (`participants`, or none with `include_participants = false`) and message snippets; `email` and `snippet` are marked sensitive.",
		Attributes: map[string]schema.Attribute{
			"page_id": dataSourcePageID(),
			"folder": schema.StringAttribute{
				MarkdownDescription: "Folder to list, one of " + backtickList(graph.ConversationFolders) +
					". When unset Meta lists the `inbox`. Use `page_done` for conversations archived after mid-2018.",
				Optional:   true,
				Validators: []validator.String{validators.Enum(graph.ConversationFolders)},
			},
			"platform": schema.StringAttribute{
				MarkdownDescription: "Messaging platform, one of " + backtickList(graph.ConversationPlatforms) + " in either case (Meta's guides write `messenger` and `instagram`); it is sent to Meta as the spec spells it, in upper case. When unset Meta lists Messenger conversations.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOfCaseInsensitive(graph.ConversationPlatforms...)},
			},
			"user_id": schema.StringAttribute{
				MarkdownDescription: "Page-scoped id (PSID) of a person: only conversations with that person are listed.",
				Optional:            true,
				Validators:          []validator.String{validators.NumericID()},
			},
			"tags": schema.ListAttribute{
				MarkdownDescription: "Tags to filter the conversations by, passed to Meta unchanged. Meta does not document whether several tags match conversations carrying all of them or any of them. Unset or empty: no tag filter.",
				ElementType:         types.StringType,
				Optional:            true,
				Validators:          []validator.List{validators.NoNullElements(), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
			},
			"max_results": schema.Int64Attribute{
				MarkdownDescription: "Most conversations to read; the listing stops, without asking for further pages, once this many are read. " +
					"Defaults to `" + fmt.Sprint(defaultMaxConversations) + "`. `0` reads every conversation of the folder, however many pages that takes.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"include_participants": schema.BoolAttribute{
				MarkdownDescription: "Whether to read each conversation's `participants` (names and emails of the people in it). Defaults to `true`. " +
					"Set `false` when counts and snippets are enough: participants are then neither asked of Meta nor stored in state, and `participants` is null.",
				Optional: true,
			},
			"conversations": schema.ListNestedAttribute{
				MarkdownDescription: "The conversations, newest first (by `updated_time`). An empty list when none match. " +
					"A field Meta leaves out of its answer is null.",
				Computed: true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":            schema.StringAttribute{Computed: true, MarkdownDescription: "Conversation id, such as `t_10000000000000001`."},
						"link":          schema.StringAttribute{Computed: true, MarkdownDescription: "Link to the conversation in the Page's inbox, as Meta gives it."},
						"updated_time":  schema.StringAttribute{Computed: true, MarkdownDescription: "When the conversation last changed, RFC 3339 in UTC."},
						"message_count": schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of messages in the conversation."},
						"unread_count":  schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of messages the Page has not read."},
						"snippet":       schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "Text of the latest message, shortened by Meta. Sensitive: it is someone's message, and is stored in state."},
						"can_reply":     schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the Page can reply in the conversation."},
						"is_subscribed": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the Page is subscribed to the conversation."},
						"name":          schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the conversation, when it has one."},
						"participants": schema.ListNestedAttribute{
							MarkdownDescription: "People in the conversation, the Page included. Null when `include_participants = false`. Names and emails are personal data and are stored in state.",
							Computed:            true,
							NestedObject: schema.NestedAttributeObject{
								Attributes: map[string]schema.Attribute{
									"id":       schema.StringAttribute{Computed: true, MarkdownDescription: "Page-scoped id of the person, or the Page's id."},
									"name":     schema.StringAttribute{Computed: true, MarkdownDescription: "Name, null when Meta does not share it."},
									"email":    schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "Email address, null when Meta does not share it. Sensitive: it is personal data, and is stored in state."},
									"username": schema.StringAttribute{Computed: true, MarkdownDescription: "Instagram username; Instagram participants have a username and no `name`. Null for Messenger participants."},
								},
							},
						},
					},
				},
			},
			"timeouts": readTimeoutAttribute(ctx),
		},
	}
}

func (d *pageConversationsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (d *pageConversationsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readDataSource(ctx, d.client, req, resp, "Unable to list the Page's conversations", func(ctx context.Context, m *pageConversationsModel) (err error) {
		if m.MaxResults.IsNull() {
			m.MaxResults = types.Int64Value(defaultMaxConversations)
		}
		m.Conversations, err = elements(conversationValue)(d.client.ListConversations(ctx, m.PageID.ValueString(), graph.ConversationQuery{
			Folder:   m.Folder.ValueString(),
			Platform: m.Platform.ValueString(),
			UserID:   m.UserID.ValueString(),
			Tags:     m.Tags,
			Max:      int(m.MaxResults.ValueInt64()),

			WithoutParticipants: m.Participants.Equal(types.BoolValue(false)),
		}))
		return err
	})
}

// conversationValue maps a conversation to its Terraform value, keeping
// every field Meta left out null.
func conversationValue(c graph.Conversation) conversationModel {
	v := conversationModel{
		ID:           types.StringValue(c.ID),
		Link:         types.StringPointerValue(c.Link),
		UpdatedTime:  optionalString(c.UpdatedTime.RFC3339()),
		MessageCount: types.Int64PointerValue(c.MessageCount),
		UnreadCount:  types.Int64PointerValue(c.UnreadCount),
		Snippet:      types.StringPointerValue(c.Snippet),
		CanReply:     types.BoolPointerValue(c.CanReply),
		IsSubscribed: types.BoolPointerValue(c.IsSubscribed),
		Name:         types.StringPointerValue(c.Name),
	}
	if c.Participants != nil {
		v.Participants = make([]participantModel, 0, len(c.Participants.Data))
		for _, p := range c.Participants.Data {
			v.Participants = append(v.Participants, participantModel{
				ID:       types.StringValue(p.ID),
				Name:     types.StringPointerValue(p.Name),
				Email:    types.StringPointerValue(p.Email),
				Username: types.StringPointerValue(p.Username),
			})
		}
	}
	return v
}
