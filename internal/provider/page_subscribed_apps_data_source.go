package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pageops/terraform-provider-facebook/internal/graph"
)

var (
	_ datasource.DataSource              = (*pageSubscribedAppsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*pageSubscribedAppsDataSource)(nil)
)

// NewPageSubscribedAppsDataSource is the facebook_page_subscribed_apps data
// source: every app receiving a Page's webhooks.
func NewPageSubscribedAppsDataSource() datasource.DataSource { return &pageSubscribedAppsDataSource{} }

type pageSubscribedAppsDataSource struct{ client *graph.Client }

type pageSubscribedAppsModel struct {
	PageID   types.String         `tfsdk:"page_id"`
	Apps     []subscribedAppModel `tfsdk:"apps"`
	Timeouts timeouts.Value       `tfsdk:"timeouts"`
}

func (m *pageSubscribedAppsModel) readTimeouts() timeouts.Value { return m.Timeouts }

type subscribedAppModel struct {
	ID               types.String `tfsdk:"id"`
	Name             types.String `tfsdk:"name"`
	SubscribedFields []string     `tfsdk:"subscribed_fields"`
}

func (d *pageSubscribedAppsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_page_subscribed_apps"
}

func (d *pageSubscribedAppsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every app subscribed to a Page's webhooks, with its fields (`GET /{page-id}/subscribed_apps`), " +
			"whether or not Terraform manages them. Fields Meta reports that this provider does not know are listed too, with a warning. " +
			"Needs a Page access token from someone who can perform the `MANAGE` or `MODERATE` task on the Page, with `pages_manage_metadata`.",
		Attributes: map[string]schema.Attribute{
			"page_id": dataSourcePageID(),
			"apps": schema.ListNestedAttribute{
				MarkdownDescription: "The subscribed apps, in the order Meta lists them. An empty list when no app is subscribed.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "Numeric id of the app."},
						"name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the app."},
						"subscribed_fields": schema.SetAttribute{
							MarkdownDescription: "Page webhook fields the app receives, such as `messages` or `feed`.",
							ElementType:         types.StringType,
							Computed:            true,
						},
					},
				},
			},
			"timeouts": readTimeoutAttribute(ctx),
		},
	}
}

func (d *pageSubscribedAppsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = toClient(req.ProviderData, &resp.Diagnostics)
}

func (d *pageSubscribedAppsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	readDataSource(ctx, d.client, req, resp, "Unable to read the Page's subscribed apps", func(ctx context.Context, m *pageSubscribedAppsModel) (err error) {
		pageID := m.PageID.ValueString()
		m.Apps, err = elements(func(a graph.SubscribedApp) subscribedAppModel {
			warnUnknownWebhookFields(&resp.Diagnostics, pageID, &a)
			return subscribedAppModel{
				ID:               types.StringValue(a.AppID),
				Name:             optionalString(a.Name),
				SubscribedFields: a.SubscribedFields,
			}
		})(d.client.ListSubscribedApps(ctx, pageID))
		return err
	})
}
