package provider

import (
	"context"
	"fmt"

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
	_ action.Action              = (*pageThreadControlAction)(nil)
	_ action.ActionWithConfigure = (*pageThreadControlAction)(nil)
)

// NewPageThreadControlAction is the facebook_page_thread_control action:
// one POST to a thread control edge of Conversation Routing (formerly the
// Handover Protocol), sent when the action is invoked.
func NewPageThreadControlAction() action.Action { return &pageThreadControlAction{} }

type pageThreadControlAction struct{ client *graph.Client }

// pageThreadControlModel is the configuration of the action.
type pageThreadControlModel struct {
	PageID      types.String `tfsdk:"page_id"`
	Recipient   types.String `tfsdk:"recipient"`
	Operation   types.String `tfsdk:"operation"`
	TargetAppID types.String `tfsdk:"target_app_id"`
	Metadata    types.String `tfsdk:"metadata"`
}

func (m pageThreadControlModel) request() graph.ThreadControlRequest {
	return graph.ThreadControlRequest{
		Operation:   m.Operation.ValueString(),
		RecipientID: m.Recipient.ValueString(),
		TargetAppID: m.TargetAppID.ValueString(),
		Metadata:    m.Metadata.ValueString(),
	}
}

// doing and done say what the invocation does, for progress messages.
func (m pageThreadControlModel) doing() (doing, done string) {
	thread := fmt.Sprintf("the conversation with recipient %s on Page %s", m.Recipient.ValueString(), m.PageID.ValueString())
	switch m.Operation.ValueString() {
	case "pass":
		to := "the primary receiver"
		if !m.TargetAppID.IsNull() {
			to = "app " + m.TargetAppID.ValueString()
		}
		return "Passing " + thread + " to " + to, "Passed " + thread + " to " + to
	case "take":
		return "Taking control of " + thread, "Took control of " + thread
	case "release":
		return "Releasing " + thread, "Released " + thread + "; nobody controls it until an app takes it"
	default:
		return "Requesting control of " + thread + " from the primary receiver",
			"Requested control of " + thread + "; the primary receiver decides whether to pass it"
	}
}

func (a *pageThreadControlAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_thread_control"
}

func (a *pageThreadControlAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (a *pageThreadControlAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Hands a Messenger conversation between apps under Meta's [Conversation Routing](https://developers.facebook.com/docs/messenger-platform/conversation-routing/) " +
			"(formerly the Handover Protocol): passes it to another app (`POST /{page-id}/pass_thread_control`), takes it as the Page's primary receiver " +
			"(`/take_thread_control`), asks the primary receiver for it (`/request_thread_control`), or releases it (`/release_thread_control`). " +
			"Read who controls a conversation first with the `facebook_page_thread_owner` data source. " +
			actionRuns("facebook_page_thread_control", "its outcome is unknown") +
			"The app behind the Page token must have a role (primary or secondary receiver) in the Page's conversation routing; the token needs " +
			"the `MESSAGING` task on the Page and the `pages_messaging` permission.",
		Attributes: map[string]schema.Attribute{
			"page_id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the Page.",
				Required:            true,
				Validators:          []validator.String{validators.NumericID()},
			},
			"recipient": schema.StringAttribute{
				MarkdownDescription: "Page-scoped id (PSID) of the person in the conversation, as `facebook_page_thread_owner` takes it.",
				Required:            true,
				Validators:          []validator.String{validators.NumericID()},
			},
			"operation": schema.StringAttribute{
				MarkdownDescription: "What to do with the conversation: `pass` it to `target_app_id` (only the app in control, or any app while " +
					"nobody controls it, may pass); `take` it (the primary receiver takes any conversation, another app only one nobody controls); " +
					"`request` it from the primary receiver (a secondary receiver asks; the primary receiver gets a `messaging_handovers` webhook " +
					"and decides, and the owner does not change); or `release` it (the app in control lets it go, and nobody controls it until an app takes it).",
				Required:   true,
				Validators: []validator.String{validators.Enum(graph.ThreadControlOperations)},
			},
			"target_app_id": schema.StringAttribute{
				MarkdownDescription: "Numeric id of the app that gets the conversation; only with `operation = \"pass\"`. `" + graph.PageInboxAppID +
					"` is the Page inbox, where a person answers. Required when the primary receiver passes; when a secondary receiver leaves it out, " +
					"Meta passes to the primary receiver.",
				Optional: true,
				Validators: []validator.String{
					validators.NumericID(),
					validators.AllowedOnlyWhen(path.MatchRoot("operation"), "pass"),
				},
			},
			"metadata": schema.StringAttribute{
				MarkdownDescription: "Free text handed to the other apps in their `messaging_handovers` webhook, such as why the conversation moves. " +
					"Meta asks not to put passwords, credentials or personal data in it. Not with `operation = \"release\"`, which takes only the recipient.",
				Optional: true,
				Validators: []validator.String{
					stringvalidator.UTF8LengthAtLeast(1),
					validators.NotAllowedWhen(path.MatchRoot("operation"), "release"),
				},
			},
		},
	}
}

func (a *pageThreadControlAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	invokeAction(ctx, a.client, req, resp, func(m *pageThreadControlModel) actionWrite {
		pageID, op := m.PageID.ValueString(), m.Operation.ValueString()
		doing, done := m.doing()
		return actionWrite{
			doing:   doing,
			unknown: fmt.Sprintf("Outcome of the %s thread control request on Page %s is unknown", op, pageID),
			failed:  fmt.Sprintf("Unable to %s thread control on Page %s", op, pageID),
			write: func(ctx context.Context) (string, error) {
				return done, a.client.ThreadControl(ctx, pageID, m.request())
			},
		}
	})
}
