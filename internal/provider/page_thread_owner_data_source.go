package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
	"github.com/pageops/terraform-provider-facebook/internal/provider/validators"
)

var (
	_ datasource.DataSource              = (*pageThreadOwnerDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*pageThreadOwnerDataSource)(nil)
)

// NewPageThreadOwnerDataSource is the facebook_page_thread_owner data
// source: which app controls a conversation under Conversation Routing (formerly the Handover Protocol).
func NewPageThreadOwnerDataSource() datasource.DataSource { return &pageThreadOwnerDataSource{} }

type pageThreadOwnerDataSource struct{ client *graph.Client }

type pageThreadOwnerModel struct {
	PageID    types.String   `tfsdk:"page_id"`
	Recipient types.String   `tfsdk:"recipient"`
	AppID     types.String   `tfsdk:"app_id"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (m *pageThreadOwnerModel) readTimeouts() timeouts.Value { return m.Timeouts }

func (d *pageThreadOwnerDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_thread_owner"
}

func (d *pageThreadOwnerDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads which app controls the conversation between a Page and a person under Messenger's Conversation Routing (formerly the Handover Protocol) " +
			"(`GET /{page-id}/thread_owner`). Meant for the Page's primary receiver app: a secondary receiver may not ask about a " +
			"thread another app controls, and gets an error that says so.",
		Attributes: map[string]schema.Attribute{
			"page_id": dataSourcePageID(),
			"recipient": schema.StringAttribute{
				MarkdownDescription: "Page-scoped id (PSID) of the person in the conversation (or their IGSID or live_chat_id).",
				Required:            true,
				Validators:          []validator.String{validators.PSID()},
			},
			"app_id": schema.StringAttribute{
				MarkdownDescription: "Id of the app that controls the conversation; null when Meta reports no owner.",
				Computed:            true,
			},
			"timeouts": readTimeoutAttribute(ctx),
		},
	}
}

func (d *pageThreadOwnerDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (d *pageThreadOwnerDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readDataSource(ctx, d.client, req, resp, "Unable to read the thread owner", func(ctx context.Context, m *pageThreadOwnerModel) error {
		owner, err := d.client.ThreadOwner(ctx, m.PageID.ValueString(), m.Recipient.ValueString())
		if err != nil {
			return err
		}
		m.AppID = optionalString(owner)
		return nil
	})
}
